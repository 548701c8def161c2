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


PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
# Printed title lines each signing mode needs at least (Decree 30/2020, Điều 13):
#   ""     CHỦ TỊCH                          the head signs
#   TM.    TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH    for the collective, then who signs (may be KT.)
#   KT.    KT. CHỦ TỊCH / PHÓ CHỦ TỊCH       a deputy for the head, then the deputy's title
#   Q.     Q. CHỦ TỊCH                       an acting head
#   TL.    TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG    by order: the head, then the signer's title
#   TUQ.   TUQ. CHỦ TỊCH / GIÁM ĐỐC SỞ …     by written delegation: same
MIN_SIGNATURE_LINES = {"": 1, "TM.": 2, "KT.": 2, "Q.": 1, "TL.": 2, "TUQ.": 2}


def _leading_prefix(line):
    word = line.strip().split(" ", 1)[0].upper()
    return word if word in PREFIXES else ""


def printed_signature_lines(prefix, signature):
    """The title lines as printed: the first carries the signing prefix ("TL. CHỦ TỊCH"),
    written for the office when its line lacks it."""
    printed = lines(signature)
    if prefix and printed and _leading_prefix(printed[0]) != prefix:
        printed[0] = f"{prefix} {printed[0]}"
    return printed


def signature_problems(prefix, signature, *, complete=True):
    """What the title lines lack for the signing mode `prefix`, in Vietnamese (empty when
    they fit). A missing prefix on the first line is not a problem: it is printed. With
    `complete=False` (a draft read from a file, to be confirmed) only a contradiction
    counts, not missing lines."""
    from django.utils.translation import gettext as _  # noqa: PLC0415 - keeps the module light

    if prefix not in MIN_SIGNATURE_LINES:
        return [
            _("Thẩm quyền ký «%(p)s» không có; cần một trong: %(all)s hoặc để trống.")
            % {"p": prefix, "all": ", ".join(PREFIXES)}
        ]
    printed = lines(signature)
    problems = []
    first = _leading_prefix(printed[0]) if printed else ""
    if first and first != prefix:
        problems.append(
            _("Dòng chức danh đầu bắt đầu bằng «%(line)s» nhưng thẩm quyền ký là «%(p)s».")
            % {"line": first, "p": prefix or _("người đứng đầu ký")}
        )
    needed = MIN_SIGNATURE_LINES[prefix]
    if complete and len(printed) < needed:
        examples = {
            "": "CHỦ TỊCH",
            "TM.": "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH",
            "KT.": "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
            "Q.": "Q. CHỦ TỊCH",
            "TL.": "TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG",
            "TUQ.": "TUQ. CHỦ TỊCH / GIÁM ĐỐC SỞ NỘI VỤ",
        }
        problems.append(
            _("Ký «%(p)s» cần ít nhất %(n)s dòng chức danh, ví dụ «%(example)s».")
            % {"p": prefix or _("người đứng đầu"), "n": needed, "example": examples[prefix]}
        )
    return problems


def closing_block(*, recipients, signature, signer_name, prefix=""):
    """The context documents/includes/closing.html prints: "Nơi nhận" lines (each
    printed after "- "), the signature lines (TM./KT./Q./TL./TUQ. …, title) and the signer."""
    return {
        "recipient_lines": list(recipients),
        "signature_lines": printed_signature_lines(prefix, signature),
        "signer_name": signer_name,
    }
