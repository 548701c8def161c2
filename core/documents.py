"""The official-document base: one print stylesheet, shared header, recipients and
signature templates, and `render_pdf`. Each document has its own
`render_<doc>_pdf(obj) -> bytes` in its app's documents.py.

WeasyPrint is imported inside `render_pdf` (ruff bans module-level imports) so that only
requests that print pay for it. Fonts and CSS come from the app's static files; the URL
fetcher refuses anything else, so a document never reaches the network.
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

DOCUMENTS_DIR = Path(settings.BASE_DIR) / "static" / "documents"
NBSP = "\u00a0"


def _local_fetcher(url, *args, **kwargs):
    from weasyprint.urls import default_url_fetcher  # same reason as render_pdf

    if not url.startswith("file://"):
        raise ValueError(f"Refused to fetch {url!r}: documents load local files only.")
    path = Path(url.removeprefix("file://")).resolve()
    if not path.is_relative_to(DOCUMENTS_DIR.resolve()):
        raise ValueError(f"Refused to fetch {url!r}: outside static/documents.")
    return default_url_fetcher(url, *args, **kwargs)


def render_pdf(template_name, context):
    """Render `template_name` (extending documents/base.html) to PDF bytes."""
    from weasyprint import CSS, HTML  # heavy: only printing requests import it

    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=str(DOCUMENTS_DIR) + "/", url_fetcher=_local_fetcher)
    stylesheet = CSS(filename=str(DOCUMENTS_DIR / "print.css"), url_fetcher=_local_fetcher)
    return document.write_pdf(stylesheets=[stylesheet])


def two_digits(value, *, always=False):
    """Decree 30 writes a leading zero for days below 10 and for months 1 and 2."""
    if value is None:
        return None
    if always or value < 10:
        return f"{value:02d}"
    return str(value)


def vn_date_line(place, day, month, year):
    """ "Ninh Hải, ngày 05 tháng 4 năm 2023"; a missing part prints as blank space."""
    blank = NBSP * 6
    day_text = two_digits(day) if day else blank
    month_text = (f"{month:02d}" if month in (1, 2) else str(month)) if month else blank
    year_text = str(year) if year else NBSP * 8
    prefix = f"{place}, " if place else ""
    return f"{prefix}ngày {day_text} tháng {month_text} năm {year_text}"


def number_line(number, symbol):
    """ "Số: 12/KH-UBND", or "Số:      /KH-UBND" while the number is not yet assigned."""
    number_text = number if number else NBSP * 6
    return f"Số: {number_text}/{symbol}" if symbol else f"Số: {number_text}"
