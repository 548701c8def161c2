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
