"""Numbers as Vietnamese offices write them: "1.234,5" (dots group thousands, a comma
marks the decimals), read back the same way.

`parse_vn_decimal` reads what people type into a number box; `vn_number` prints a value
("12.000", "62,5", "1.234,5") with no trailing zeros. Both are used by every form and
document that shows a figure (core.forms.VietnameseDecimalField, reports, campaigns).
"""

import re
from decimal import Decimal, InvalidOperation

# Thousands grouped with dots: "12.000", "1.234.567" (the first group has no leading zero).
_DOT_GROUPS = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$")
_SPACES = str.maketrans("", "", " \u00a0\u202f\t")


class NotANumber(ValueError):
    """What was typed cannot be read as a number, even allowing for Vietnamese grouping."""


def parse_vn_decimal(raw):
    """The Decimal that `raw` means, read the Vietnamese way; None when blank.

    - "12.000" = 12000 and "1.234.567" = 1234567 (dots between groups of three digits);
    - "62,5" = 62.5 and "1.234,5" = 1234.5 (a comma marks the decimals);
    - "62.5" = 62.5 (a dot not followed by exactly three digits is a decimal point,
      as phones with an English keyboard type it); "0.125" = 0.125;
    - "12 000", a trailing "%" and a leading sign are accepted.
    Anything else ("1,234,5", "12.00.0", "abc") raises NotANumber.
    """
    text = str(raw if raw is not None else "").translate(_SPACES)
    if text.endswith("%"):
        text = text[:-1]
    if text == "":
        return None
    sign = ""
    if text[0] in "+-":
        sign, text = ("-" if text[0] == "-" else ""), text[1:]
    if "," in text:
        whole, _comma, decimals = text.rpartition(",")
        if "," in whole or not decimals.isdigit():
            raise NotANumber(raw)
        if "." in whole:
            if not _DOT_GROUPS.match(whole):
                raise NotANumber(raw)
            whole = whole.replace(".", "")
        text = f"{whole or '0'}.{decimals}"
    elif text.count(".") > 1 or _DOT_GROUPS.match(text):
        if not _DOT_GROUPS.match(text):
            raise NotANumber(raw)
        text = text.replace(".", "")
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", text):
        raise NotANumber(raw)
    try:
        value = Decimal(sign + text)
    except InvalidOperation as error:  # pragma: no cover - the pattern above rules it out
        raise NotANumber(raw) from error
    return value


def vn_number(value, *, decimals=None):
    """62 -> "62", Decimal("62.50") -> "62,5", 12000 -> "12.000", 1234.5 -> "1.234,5".
    Written out here, not through django.utils.formats: documents and e-mails are made
    outside requests too, where no language may be active.

    `decimals` rounds to that many places first (trailing zeros still dropped); None
    prints what the value holds. Blank for None."""
    if value is None or value == "":
        return ""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if decimals is not None:
        number = round(number, decimals)
    number = number.normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    sign = "-" if number < 0 else ""
    whole, _dot, decimals = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = ".".join([whole, *groups])
    return f"{sign}{text},{decimals}" if decimals else f"{sign}{text}"
