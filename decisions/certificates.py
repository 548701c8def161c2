"""Certificates (Giấy khen / Bằng khen) for every awardee in force of an issued decision,
as one PDF: the full certificate on white paper, or only the fields placed onto the body's
pre-printed blank stock (offsets in `CertificateSettings`). Each page carries the awardee's
short verification code and a QR code (segno) to the public page /xac-minh/<code>/.

Rendering goes in chunks of pages so a background job can report progress; the chunks'
pages are joined into one PDF (WeasyPrint `Document.copy`). The stylesheet and its fonts
are parsed once per thread, like core.documents.
"""

import atexit
import threading
from decimal import Decimal

from django.template.loader import render_to_string
from django.urls import reverse

from core.documents import DOCUMENTS_DIR, local_fetcher_class, vn_date_line

from .enums import CERTIFICATE_TITLES, CertificateLayout
from .models import CertificateSettings

STYLESHEET = DOCUMENTS_DIR / "certificate.css"
CHUNK = 50  # pages per rendering step (one progress update each)
_per_thread = threading.local()


@atexit.register
def _drop_fonts():
    # As core.documents: drop the font folder while the interpreter can still delete it.
    _per_thread.__dict__.clear()


def _stylesheet_and_fonts():
    if getattr(_per_thread, "stylesheet", None) is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        _per_thread.stylesheet = CSS(
            filename=str(STYLESHEET), url_fetcher=local_fetcher_class()(), font_config=fonts
        )
        _per_thread.fonts = fonts
    return _per_thread.stylesheet, _per_thread.fonts


def verification_path(code):
    return reverse("public:verify", args=[code])


# The QR mask pattern, fixed: segno otherwise encodes the symbol under all eight masks and
# scores each (pure Python, two thirds of the time of a code: ~2 of 3 ms, 2 s of CPU for a
# batch of 1,000). Every mask is valid QR that any reader decodes (the mask is written in
# the symbol's format information); 3 is the one segno picks for most verification URLs.
QR_MASK = 3


def qr_svg(url):
    """The QR code of `url` as inline SVG (no file, nothing fetched)."""
    import segno  # noqa: PLC0415 - only certificates need it

    return segno.make(url, error="m", mask=QR_MASK).svg_inline(scale=1, border=0, omitsize=False)


def awardees(decision):
    """The decision's lines in force (revoked ones print no certificate), in list order."""
    return list(decision.lines.filter(revoked_by__isnull=True).order_by("order", "pk"))


def _authority(decision):
    lines = [line for line in decision.signature_lines.splitlines() if line.strip()]
    return lines, decision.authority_line


def page_contexts(decision, base_url):
    """One dict per certificate page."""
    sign_lines, authority = _authority(decision)
    title = CERTIFICATE_TITLES.get(decision.form_type, "GIẤY KHEN")
    date_line = vn_date_line(
        decision.place, decision.issue_day, decision.issue_month, decision.issue_year
    )
    reason = f"Đã có thành tích {decision.reason}"
    number = f"Số QĐ: {decision.number_text}, ngày {decision.date_text}"
    base = base_url.rstrip("/")
    pages = []
    for line in awardees(decision):
        url = base + verification_path(line.verification_code)
        pages.append(
            {
                "name": line.name,
                "post": line.post_and_unit,
                "reason": reason,
                "number": number,
                "gold_book": f"Số sổ vàng: {line.gold_book_number}",
                "code": line.verification_code,
                "qr": qr_svg(url),
                "title": title,
                "authority": authority,
                "date_line": date_line,
                "sign_lines": sign_lines,
                "signer": decision.signer_name,
            }
        )
    return pages


def stock_offsets(decision):
    """The body's placement on pre-printed stock in millimetres (defaults when unset)."""
    settings = CertificateSettings.objects.filter(issuing_body=decision.issuing_body).first()
    settings = settings or CertificateSettings()
    dy = Decimal(settings.offset_y)
    # Printed into CSS as plain "98.5": never through the template's number localisation.
    places = {
        "dx": Decimal(settings.offset_x),
        "name": Decimal(settings.name_top) + dy,
        "post": Decimal(settings.post_top) + dy,
        "reason": Decimal(settings.reason_top) + dy,
        "footer": Decimal(settings.footer_top) + dy,
        "signer": Decimal(settings.signer_top) + dy,
        "qr": Decimal(settings.footer_top) + dy + 17,
    }
    return {key: f"{value:.1f}" for key, value in places.items()}


def pages_html(pages, layout, offsets=None):
    template = (
        "documents/awards/certificate_stock.html"
        if layout == CertificateLayout.STOCK
        else "documents/awards/certificate.html"
    )
    return render_to_string(template, {"pages": pages, "o": offsets})


def render_certificates(decision, *, layout=CertificateLayout.FULL, base_url, progress=None):
    """All certificates of `decision` as PDF bytes; `progress(done, total)` after each chunk."""
    from weasyprint import HTML

    stylesheet, fonts = _stylesheet_and_fonts()
    pages = page_contexts(decision, base_url)
    offsets = stock_offsets(decision) if layout == CertificateLayout.STOCK else None
    total = len(pages)
    documents = []
    for start in range(0, max(total, 1), CHUNK):
        chunk = pages[start : start + CHUNK]
        html = HTML(
            string=pages_html(chunk, layout, offsets),
            base_url=str(DOCUMENTS_DIR) + "/",
            url_fetcher=local_fetcher_class()(),
        )
        documents.append(html.render(stylesheets=[stylesheet], font_config=fonts))
        if progress is not None:
            progress(min(start + CHUNK, total), total)
    all_pages = [page for document in documents for page in document.pages]
    return documents[0].copy(all_pages).write_pdf()
