"""The official-document base (Nghị định 30/2020/NĐ-CP): one print stylesheet, the shared
header, recipients and signature templates, `number_line` and the date line, and
`render_pdf`.

A document's fields live on the abstract model core.models.OfficialDocument (issuing body
and its printed name, number, symbol, place and date, title, signing mode, signature).
Each document has its own `render_<doc>_pdf(obj) -> bytes` in its app's documents.py,
which builds a context with `obj.header_context()` and `obj.closing_context()` and renders
templates/documents/<app>/<doc>.html, extending documents/base.html and including
documents/includes/ (header, closing, recipients, signature). Downloads are served with
core.http.file_response.

WeasyPrint is imported inside functions (ruff bans module-level imports) so that only
requests that print pay for it. The stylesheet and the Tinos fonts come from
static/documents; the URL fetcher refuses everything else, so a document never reaches
the network and never depends on the fonts installed on the server.
"""

import atexit
import threading
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string

DOCUMENTS_DIR = Path(settings.BASE_DIR) / "static" / "documents"
STYLESHEET = DOCUMENTS_DIR / "print.css"
NBSP = "\u00a0"
BLANK_DAY = NBSP * 6  # room to write the day or month by hand once the document is signed
BLANK_YEAR = NBSP * 8
BLANK_NUMBER = NBSP * 8


@cache
def local_fetcher_class():
    """A WeasyPrint URL fetcher that serves files under static/documents and refuses
    anything else. Built on first use: URLFetcher lives in weasyprint (heavy import)."""
    from weasyprint.urls import URLFetcher

    root = DOCUMENTS_DIR.resolve()

    class LocalFetcher(URLFetcher):
        def __init__(self):
            # A font or stylesheet that fails to load must stop the rendering: a silent
            # fallback would print an official document in whatever font the server has.
            super().__init__(allowed_protocols={"file"}, fail_on_errors=True)

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError(f"Refused to fetch {url!r}: documents load local files only.")
            path = Path(url2pathname(unquote(parts.path))).resolve()
            if not path.is_relative_to(root):
                raise ValueError(f"Refused to fetch {url!r}: outside {root}.")
            return super().fetch(url, headers)

    return LocalFetcher


_per_thread = threading.local()


@atexit.register
def _drop_fonts():
    # FontConfiguration deletes its temporary font folder in __del__, which fails once the
    # interpreter has torn down shutil; drop the main thread's copy while it still works.
    _per_thread.__dict__.clear()


def _stylesheet_and_fonts():
    """The parsed print.css and the FontConfiguration holding its @font-face fonts, built
    once per thread: registering the four Tinos files costs more than rendering a page, and
    Pango font maps must not be shared between threads."""
    if getattr(_per_thread, "stylesheet", None) is None:
        from weasyprint import CSS  # heavy: only printing requests import it
        from weasyprint.text.fonts import FontConfiguration  # same reason

        # @font-face rules are only honoured when the stylesheet and the rendering share a
        # FontConfiguration; without one WeasyPrint silently uses the system fonts.
        fonts = FontConfiguration()
        _per_thread.stylesheet = CSS(
            filename=str(STYLESHEET), url_fetcher=local_fetcher_class()(), font_config=fonts
        )
        _per_thread.fonts = fonts
    return _per_thread.stylesheet, _per_thread.fonts


def render_pdf(template_name, context):
    """Render `template_name` (extending documents/base.html) to PDF bytes, styled by
    static/documents/print.css with the shipped fonts."""
    from weasyprint import HTML  # heavy: only printing requests import it

    stylesheet, fonts = _stylesheet_and_fonts()
    html = render_to_string(template_name, context)
    document = HTML(
        string=html, base_url=str(DOCUMENTS_DIR) + "/", url_fetcher=local_fetcher_class()()
    )
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)


def lines(text):
    """The printed lines of a newline-separated field, blank lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def vn_date_line(place, day, month, year):
    """ "Ninh Hải, ngày 05 tháng 4 năm 2023". Decree 30 writes a leading zero for days
    below 10 and for months 1 and 2; a missing part prints as blank space to fill in."""
    day_text = f"{day:02d}" if day else BLANK_DAY
    if not month:
        month_text = BLANK_DAY
    elif month <= 2:
        month_text = f"{month:02d}"
    else:
        month_text = str(month)
    year_text = str(year) if year else BLANK_YEAR
    prefix = f"{place}, " if place else ""
    return f"{prefix}ngày {day_text} tháng {month_text} năm {year_text}"


def number_line(number, symbol):
    """ "Số: 12/KH-UBND", or "Số:         /KH-UBND" while the number is not yet assigned."""
    number_text = str(number) if number not in (None, "") else BLANK_NUMBER
    return f"Số: {number_text}/{symbol}" if symbol else f"Số: {number_text}"


def document_header(*, governing_body, issuing_body, number, symbol, place, day, month, year):
    """The context documents/includes/header.html prints: the bodies' lines (newline-
    separated text), the number line and the place and date line."""
    return {
        "governing_lines": lines(governing_body),
        "issuing_lines": lines(issuing_body),
        "number_line": number_line(number, symbol),
        "date_line": vn_date_line(place, day, month, year),
    }


def closing_block(*, recipients, signature, signer_name):
    """The context documents/includes/closing.html prints: "Nơi nhận" lines (each
    printed after "- "), the signature lines (TM./KT. …, title) and the signer."""
    return {
        "recipient_lines": list(recipients),
        "signature_lines": lines(signature),
        "signer_name": signer_name,
    }
