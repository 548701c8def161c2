"""Vietnamese text helpers: accent folding for search and header matching."""

import unicodedata


def accent_fold(text):
    """Lower-case `text` and strip Vietnamese diacritics: "Ủy ban Đắk Song" -> "uy ban dak song".

    Used for accent-insensitive search (a folded twin column per searchable model) and for
    matching spreadsheet headers typed with or without accents.
    """
    if not text:
        return ""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def folded_search(qs, text, field="search_text"):
    """Filter `qs` whose folded twin column contains every word of `text`, accents ignored."""
    for word in accent_fold(text).split():
        qs = qs.filter(**{f"{field}__contains": word})
    return qs


def deadline_text(due_at):
    """A deadline as offices write it: "hết ngày 29/01/2027" for 00:00 Vietnam time on
    30/01/2027 (the first instant too late), "hết ngày 31/12/2027" for 23:59:59 that day,
    otherwise "trước 17:00 ngày 30/01/2027"."""
    import datetime  # noqa: PLC0415 - keeps this module's imports minimal

    from django.utils import timezone  # noqa: PLC0415
    from django.utils.translation import gettext as _  # noqa: PLC0415

    if not due_at:
        return ""
    local = timezone.localtime(due_at) if timezone.is_aware(due_at) else due_at
    if local.time() == datetime.time(0, 0):
        last_day = local.date() - datetime.timedelta(days=1)
        return _("hết ngày %(day)s") % {"day": last_day.strftime("%d/%m/%Y")}
    if local.time() >= datetime.time(23, 59, 59):
        return _("hết ngày %(day)s") % {"day": local.strftime("%d/%m/%Y")}
    return _("trước %(time)s ngày %(day)s") % {
        "time": local.strftime("%H:%M"),
        "day": local.strftime("%d/%m/%Y"),
    }
