"""Reading the values a unit types: "62", "62,5", "12.000" or "1.234,5" (core.formats);
a clear Vietnamese message for anything else, naming what was typed."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.formats import NotANumber, parse_vn_decimal

from .enums import ValueKind

MAX_DECIMALS = 2
MAX_VALUE = Decimal("999999999999")


def parse_value(raw, kind):
    """The Decimal value of `raw` for an indicator of `kind`; None when left blank.
    Numbers are read the Vietnamese way: "12.000" = 12000, "62,5" = 62.5."""
    text = (raw or "").strip()
    if text == "":
        return None
    if kind == ValueKind.YES_NO:
        if text in ("1", "0"):
            return Decimal(text)
        raise ValidationError(_("Chọn «Có» hoặc «Không»."), code="yes_no")
    try:
        value = parse_vn_decimal(text)
    except NotANumber:
        value = None
    if value is None or not value.is_finite():
        raise ValidationError(
            _("«%(raw)s» không phải là số. Nhập số, ví dụ 12.000, 62 hoặc 62,5.") % {"raw": text},
            code="not_a_number",
        )
    return check_value(value, kind, text)


def check_value(value, kind, raw):
    """`value` if it fits an indicator of `kind` (a count is a whole number, a rate is
    0-100, at most two decimals), else a message naming what was typed (`raw`)."""
    if kind == ValueKind.COUNT:
        if value != value.to_integral_value() or value < 0:
            raise ValidationError(
                _("Số lượng phải là số nguyên không âm, ví dụ 12 hoặc 12.000 (đã nhập «%(raw)s»).")
                % {"raw": raw},
                code="not_a_count",
            )
        return value.to_integral_value()
    if kind == ValueKind.PERCENT and not (0 <= value <= 100):
        raise ValidationError(
            _("Tỷ lệ phải từ 0 đến 100%% (đã nhập «%(raw)s»).") % {"raw": raw},
            code="percent_range",
        )
    if -value.as_tuple().exponent > MAX_DECIMALS:
        raise ValidationError(
            _("Chỉ nhập tối đa %(n)s chữ số thập phân (đã nhập «%(raw)s»).")
            % {"n": MAX_DECIMALS, "raw": raw},
            code="too_precise",
        )
    if abs(value) > MAX_VALUE:
        raise ValidationError(_("Giá trị quá lớn."), code="too_large")
    return value
