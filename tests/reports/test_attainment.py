from decimal import Decimal

import pytest

from reports.attainment import evaluate, number_text, threshold_text
from reports.enums import Attainment

MET, NOT_MET, MISSING = Attainment.MET, Attainment.NOT_MET, Attainment.MISSING


@pytest.mark.parametrize(
    ("comparator", "low", "high", "value", "expected"),
    [
        ("=", 100, None, "100", MET),
        ("=", 100, None, "99.99", NOT_MET),
        (">=", 50, None, "50", MET),
        (">=", 50, None, "49.99", NOT_MET),
        (">", 70, None, "70.01", MET),
        (">", 70, None, "70", NOT_MET),
        ("<=", 10, None, "10", MET),
        ("<=", 10, None, "10.5", NOT_MET),
        ("<", 10, None, "9", MET),
        ("<", 10, None, "10", NOT_MET),
        ("range", 65, 70, "65", MET),
        ("range", 65, 70, "70", MET),
        ("range", 65, 70, "64.9", NOT_MET),
        ("range", 65, 70, "70.1", NOT_MET),
        ("yes_no", None, None, "1", MET),
        ("yes_no", None, None, "0", NOT_MET),
        ("qualitative", None, None, "1", MISSING),
        (">=", 50, None, None, MISSING),
        ("yes_no", None, None, None, MISSING),
        (">=", None, None, "60", MISSING),
    ],
)
def test_evaluate_every_comparator(comparator, low, high, value, expected):
    assert evaluate(comparator, low, high, None if value is None else Decimal(value)) == expected


def test_thresholds_from_json_are_compared_as_decimals():
    # Thresholds copied from a plan's JSON are ints or floats; values are Decimals.
    assert evaluate(">=", 50.5, None, Decimal("50.5")) == MET
    assert evaluate("range", 65.0, 70.0, Decimal("70.00")) == MET


@pytest.mark.parametrize(
    ("comparator", "low", "high", "uom", "text"),
    [
        (">=", 75, None, "%", "≥ 75%"),
        ("=", Decimal("100.00"), None, "%", "= 100%"),
        ("<", Decimal("2.50"), None, "", "< 2,5"),
        ("range", 65, 70, "%", "65 – 70%"),
        ("yes_no", None, None, "", "Có"),
        ("qualitative", None, None, "", "—"),
    ],
)
def test_threshold_text(comparator, low, high, uom, text):
    assert threshold_text(comparator, low, high, uom) == text


def test_number_text_uses_the_decimal_comma():
    assert [number_text(Decimal("62.00")), number_text(Decimal("62.50")), number_text(None)] == [
        "62",
        "62,5",
        "",
    ]
