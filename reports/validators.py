"""Reading the values a unit types: "62", "62,5" or "62.5"; a clear Vietnamese message
for anything else, naming what was typed."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .enums import ValueKind

MAX_DECIMALS = 2
MAX_VALUE = Decimal("999999999999")


def parse_value(raw, kind):
    """The Decimal value of `raw` for an indicator of `kind`; None when left blank."""
    text = (raw or "").strip().replace(" ", "").replace("\u00a0", "")
    if text == "":
        return None
    if kind == ValueKind.YES_NO:
        if text in ("1", "0"):
            return Decimal(text)
        raise ValidationError(_("Chọn «Có» hoặc «Không»."), code="yes_no")
    if text.endswith("%"):
        text = text[:-1]
    # One comma is the Vietnamese decimal separator; "1.234,5" groups thousands with dots.
    if "," in text:
        text = text.replace(".", "").replace(",", ".", 1)
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValidationError(
            _("«%(raw)s» không phải là số. Nhập số, ví dụ 62 hoặc 62,5.") % {"raw": raw.strip()},
            code="not_a_number",
        )
    if kind == ValueKind.COUNT:
        if value != value.to_integral_value() or value < 0:
            raise ValidationError(
                _("Số lượng phải là số nguyên không âm, ví dụ 12 (đã nhập «%(raw)s»).")
                % {"raw": raw.strip()},
                code="not_a_count",
            )
        return value.to_integral_value()
    if kind == ValueKind.PERCENT and not (0 <= value <= 100):
        raise ValidationError(
            _("Tỷ lệ phải từ 0 đến 100%% (đã nhập «%(raw)s»).") % {"raw": raw.strip()},
            code="percent_range",
        )
    if -value.as_tuple().exponent > MAX_DECIMALS:
        raise ValidationError(
            _("Chỉ nhập tối đa %(n)s chữ số thập phân (đã nhập «%(raw)s»).")
            % {"n": MAX_DECIMALS, "raw": raw.strip()},
            code="too_precise",
        )
    if abs(value) > MAX_VALUE:
        raise ValidationError(_("Giá trị quá lớn."), code="too_large")
    return value
