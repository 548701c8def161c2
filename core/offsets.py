"""Reminder offsets as the office types them: "7, 3, 1, 0" (days before the last day).

A campaign, an award round and a report obligation may each carry their own list
(`reminder_offsets`, blank: inherit); the most specific one wins, then the setting
REMINDER_OFFSETS (default 7, 3, 1, 0).
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_OFFSETS = (7, 3, 1, 0)
MAX_OFFSET = 90
OFFSETS_HELP = _(
    "Số ngày trước hạn gửi nhắc nhở, cách nhau bởi dấu phẩy, ví dụ «7, 3, 1, 0» "
    "(0 là đúng ngày cuối). Để trống: dùng lịch nhắc chung."
)


def parse_offsets(text):
    """ "7, 3, 1, 0" -> (7, 3, 1, 0) (distinct, largest first); "" -> None.
    Raises ValidationError with a Vietnamese message."""
    text = (text or "").strip()
    if not text:
        return None
    parts = [p for p in re.split(r"[,;\s]+", text) if p]
    values = []
    for part in parts:
        if not part.isdigit():
            raise ValidationError(
                _(
                    "«%(part)s» không phải số ngày. Nhập các số ngày cách nhau bởi dấu phẩy, "
                    "ví dụ «7, 3, 1, 0»."
                ),
                code="invalid",
                params={"part": part},
            )
        value = int(part)
        if value > MAX_OFFSET:
            raise ValidationError(
                _("Chỉ nhắc trước tối đa %(max)s ngày (đã nhập %(value)s)."),
                code="max_value",
                params={"max": MAX_OFFSET, "value": value},
            )
        values.append(value)
    return tuple(sorted(set(values), reverse=True))


def validate_offsets(text):
    parse_offsets(text)


def offsets_text(offsets):
    return ", ".join(str(o) for o in offsets)


def offsets_setting():
    return tuple(getattr(settings, "REMINDER_OFFSETS", DEFAULT_OFFSETS))


def resolve_offsets(*texts):
    """The first non-blank of `texts` (most specific first), else the setting."""
    for text in texts:
        try:
            parsed = parse_offsets(text)
        except ValidationError:
            parsed = None  # a bad value stored by hand: fall back, never crash the sweep
        if parsed:
            return parsed
    return offsets_setting()
