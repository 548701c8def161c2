from decimal import Decimal

import pytest

from core.formats import NotANumber, parse_vn_decimal, vn_number
from core.forms import VietnameseDecimalField


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("12.000", Decimal("12000")),
        ("1.234.567", Decimal("1234567")),
        ("62,5", Decimal("62.5")),
        ("1.234,5", Decimal("1234.5")),
        ("12.345.678,25", Decimal("12345678.25")),
        ("62.5", Decimal("62.5")),
        ("0.125", Decimal("0.125")),
        ("12 000", Decimal("12000")),
        ("62%", Decimal("62")),
        (" -3,5 ", Decimal("-3.5")),
        ("100", Decimal("100")),
        (",5", Decimal("0.5")),
        ("", None),
        ("   ", None),
    ],
)
def test_numbers_are_read_as_people_type_them(typed, value):
    assert parse_vn_decimal(typed) == value


@pytest.mark.parametrize("typed", ["abc", "1,234,5", "12.00.0", "1,2.5", "-", "1e5"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(NotANumber):
        parse_vn_decimal(typed)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("12000"), "12.000"),
        (Decimal("62.50"), "62,5"),
        (Decimal("1234.5"), "1.234,5"),
        (Decimal("1234567.25"), "1.234.567,25"),
        (Decimal("-1234.5"), "-1.234,5"),
        (Decimal("100.00"), "100"),
        (0, "0"),
        (None, ""),
        (Decimal("1E+3"), "1.000"),
    ],
)
def test_numbers_print_the_vietnamese_way(value, text):
    assert vn_number(value) == text


def test_rounding_keeps_no_trailing_zeros():
    assert vn_number(Decimal("61.6666"), decimals=1) == "61,7"
    assert vn_number(Decimal("62.04"), decimals=1) == "62"


def test_the_form_field_reads_and_prints_back():
    field = VietnameseDecimalField(max_digits=12, decimal_places=2, required=False)
    assert field.clean("1.234,5") == Decimal("1234.5")
    assert field.clean("12.000") == Decimal("12000")
    assert field.clean("") is None
    assert field.prepare_value(Decimal("1234.50")) == "1.234,5"
    assert field.widget_attrs(field.widget)["inputmode"] == "decimal"
    with pytest.raises(Exception) as error:
        field.clean("mười hai")
    assert error.value.messages == ["«mười hai» không phải là số. Nhập số, ví dụ 12.000 hoặc 62,5."]
    with pytest.raises(Exception) as error:
        field.clean("1,234")
    assert error.value.messages == ["Chỉ nhập tối đa 2 chữ số thập phân (đã nhập «1,234»)."]
    with pytest.raises(Exception) as error:
        field.clean("12.345.678.901")
    assert error.value.messages == ["Số quá lớn (đã nhập «12.345.678.901»)."]


def test_the_form_field_keeps_min_and_max():
    field = VietnameseDecimalField(min_value=0, max_value=100, required=True)
    assert field.clean("62,5") == Decimal("62.5")
    with pytest.raises(Exception) as error:
        field.clean("162")
    assert error.value.messages == ["Không được quá 100."]
    with pytest.raises(Exception) as error:
        field.clean("")
    assert error.value.code == "required"
