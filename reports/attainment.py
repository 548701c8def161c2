"""Whether a reported value meets a threshold: one pure function for every comparator.

The comparators are the campaign's (campaigns.enums.Comparator). A value that is missing,
or a qualitative measure, is never "met" nor "not met": it is unknown.
"""

from decimal import Decimal, InvalidOperation

from django.db.models import Q
from django.utils.translation import gettext as _

from core.formats import vn_number

from .enums import Attainment


def as_decimal(value):
    if isinstance(value, Decimal):  # the usual case first (a Decimal is never "")
        return value
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def evaluate(comparator, threshold, threshold_max, value):
    """Attainment of `value` against (`comparator`, `threshold`, `threshold_max`).

    Yes/no values are 1 (yes) and 0 (no); a yes/no measure is met by "yes".
    """
    value = as_decimal(value)
    if value is None or comparator in ("", None, "qualitative"):
        return Attainment.MISSING
    if comparator == "yes_no":
        return Attainment.MET if value == 1 else Attainment.NOT_MET
    low = as_decimal(threshold)
    if low is None:
        return Attainment.MISSING
    if comparator == "=":
        met = value == low
    elif comparator == ">=":
        met = value >= low
    elif comparator == ">":
        met = value > low
    elif comparator == "<=":
        met = value <= low
    elif comparator == "<":
        met = value < low
    elif comparator == "range":
        high = as_decimal(threshold_max)
        met = value >= low and (high is None or value <= high)
    else:
        return Attainment.MISSING
    return Attainment.MET if met else Attainment.NOT_MET


def met_condition(comparator, threshold, threshold_max, field="value"):
    """The database twin of evaluate(): a Q that holds when `field` (non-null) meets the
    threshold, or None when no value can meet or miss it (qualitative measure, unknown
    comparator, no threshold): such values are "missing", as evaluate() says. Lets the
    dashboard count met / not met per indicator in one query over all units."""
    if comparator in ("", None, "qualitative"):
        return None
    if comparator == "yes_no":
        return Q(**{field: 1})
    low = as_decimal(threshold)
    if low is None:
        return None
    lookups = {"=": "exact", ">=": "gte", ">": "gt", "<=": "lte", "<": "lt"}
    if comparator in lookups:
        return Q(**{f"{field}__{lookups[comparator]}": low})
    if comparator == "range":
        condition = Q(**{f"{field}__gte": low})
        high = as_decimal(threshold_max)
        return condition & Q(**{f"{field}__lte": high}) if high is not None else condition
    return None


SYMBOLS = {"=": "=", ">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def threshold_text(comparator, threshold, threshold_max, unit_of_measure=""):
    """ "≥ 50%", "65 – 70%", "Có": the threshold as people read it."""
    suffix = unit_of_measure or ""
    if comparator == "yes_no":
        return _("Có")
    if comparator in ("", None, "qualitative"):
        return "—"
    low = as_decimal(threshold)
    if low is None:
        return "—"
    if comparator == "range":
        high = as_decimal(threshold_max)
        return f"{number_text(low)} – {number_text(high)}{suffix}" if high is not None else ""
    return f"{SYMBOLS.get(comparator, comparator)} {number_text(low)}{suffix}"


def number_text(value):
    """62 -> "62", 62.50 -> "62,5", 12000 -> "12.000": the Vietnamese way (core.formats)."""
    return vn_number(as_decimal(value))
