"""The plan PDFs: each seed plan through the app's path against a bare WeasyPrint render of
the same text, per page, in the same run.

The app's path is `render_campaign_plan_pdf` (the context's queries, the template, print.css
and its fonts built once per thread, WeasyPrint). The bare render is the same text with
nothing of the app: every block of the app's HTML (paragraph, heading, header and signature
line) as a plain <p>, in the same @font-face Tinos files, 14 pt, line height 1.25,
justified, on the same A4 page and margins, its stylesheet parsed and its fonts loaded once
beforehand. The two alternate `SEED_REPEAT` times per seed and the medians count, in CPU
seconds of this process (on a shared machine wall time mostly measures the other
processes). Target: the app's seconds per page at most 1.5 × the bare render's.

For context it also prints the minimal one-page document through the app's path (one
paragraph: WeasyPrint's fixed cost per document) and the same page with the stylesheet and
its four fonts built for that render alone (what the per-thread cache in core.documents
saves on every request).
"""

import html
import io
import statistics
import time
from html.parser import HTMLParser

FLOOR_REPEAT = 9
SEED_REPEAT = 9
TARGET = 1.5  # each seed plan: seconds per page at most 1.5 × the bare render's
MINIMAL_TEXT = "Một trang văn bản tối thiểu để đo mức sàn."
# The bare page: the plan's font, size, line height, justification, paragraph spacing, page
# size and margins (static/documents/print.css), nothing else.
BARE_CSS = """
@font-face { font-family: "Tinos"; src: url("fonts/Tinos-Regular.ttf"); font-weight: normal; font-style: normal; }
@font-face { font-family: "Tinos"; src: url("fonts/Tinos-Bold.ttf"); font-weight: bold; font-style: normal; }
@font-face { font-family: "Tinos"; src: url("fonts/Tinos-Italic.ttf"); font-weight: normal; font-style: italic; }
@font-face { font-family: "Tinos"; src: url("fonts/Tinos-BoldItalic.ttf"); font-weight: bold; font-style: italic; }
@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm; }
html { font-family: "Tinos"; font-size: 14pt; line-height: 1.25; }
body { margin: 0; }
p { margin: 0 0 6pt 0; text-align: justify; }
"""
_BLOCKS = {"body", "br", "div", "h1", "li", "p", "section", "table", "td", "th", "tr"}


class _BlockText(HTMLParser):
    """The text of each block of an HTML document, whitespace collapsed, in order."""

    def __init__(self):
        super().__init__()
        self.blocks, self._text, self._in_title = [], [], False

    def _close(self):
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append(text)
        self._text = []

    def handle_starttag(self, tag, attrs):
        self._in_title |= tag == "title"
        if tag in _BLOCKS:
            self._close()

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in _BLOCKS:
            self._close()

    def handle_data(self, data):
        if not self._in_title:
            self._text.append(data)


def bare_html(markup):
    """The same text as plain paragraphs."""
    parser = _BlockText()
    parser.feed(markup)
    parser.close()
    parser._close()
    body = "".join(f"<p>{html.escape(text)}</p>" for text in parser.blocks)
    return f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body>{body}</body></html>'


def _cpu(func):
    start = time.process_time()
    func()
    return time.process_time() - start


def _median_seconds(func, repeat):
    return statistics.median(_cpu(func) for _ in range(repeat))


def _pages(data):
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def minimal_pdf():
    """One paragraph on one page through the same base, stylesheet and fonts."""
    from core.documents import render_pdf

    return render_pdf("documents/minimal.html", {"text": MINIMAL_TEXT})


def cold_minimal_pdf():
    """The minimal page with the stylesheet and fonts built for this render only."""
    from core import documents

    documents._per_thread.__dict__.clear()
    return minimal_pdf()


def bare_renderer():
    """A bare WeasyPrint render: BARE_CSS parsed once, its fonts loaded once."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from core.documents import DOCUMENTS_DIR, local_fetcher_class

    fonts = FontConfiguration()
    base = str(DOCUMENTS_DIR) + "/"
    stylesheet = CSS(
        string=BARE_CSS, base_url=base, url_fetcher=local_fetcher_class()(), font_config=fonts
    )

    def render(markup):
        document = HTML(string=markup, base_url=base, url_fetcher=local_fetcher_class()())
        return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)

    return render


def run():
    from django.template.loader import render_to_string

    from campaigns.documents import plan_context, render_campaign_plan_pdf
    from campaigns.models import Campaign

    assert _pages(minimal_pdf()) == 1  # also the warm-up: imports, stylesheet, fonts
    floor = _median_seconds(minimal_pdf, FLOOR_REPEAT)
    cold = _median_seconds(cold_minimal_pdf, FLOOR_REPEAT)
    minimal_pdf()  # leave the cache warm for the seeds
    bare = bare_renderer()
    print(
        f"Minimal one-page document through the app, median of {FLOOR_REPEAT}: "
        f"{floor * 1000:.1f} ms CPU (stylesheet and fonts built for the render: "
        f"{cold * 1000:.1f} ms)"
    )
    print(
        f"Plan PDFs: app (render_campaign_plan_pdf) against a bare WeasyPrint render of the "
        f"same text, median of {SEED_REPEAT} alternated runs, CPU ms per page"
    )
    print()
    print(
        f"{'plan':30} {'pages':>5} {'app ms/p':>9} {'bare pages':>10} {'bare ms/p':>9} {'ratio':>6}"
    )
    rows = []
    campaigns = Campaign.objects.filter(key__startswith="seed-").select_related("issuing_body")
    for campaign in campaigns.order_by("key"):
        markup = bare_html(
            render_to_string("documents/campaigns/plan.html", plan_context(campaign))
        )
        pages = _pages(render_campaign_plan_pdf(campaign))
        bare_pages = _pages(bare(markup))  # also the bare render's warm-up
        ours, theirs = [], []
        for _ in range(SEED_REPEAT):
            theirs.append(_cpu(lambda m=markup: bare(m)))
            ours.append(_cpu(lambda c=campaign: render_campaign_plan_pdf(c)))
        per_page = statistics.median(ours) / pages
        bare_per_page = statistics.median(theirs) / bare_pages
        ratio = per_page / bare_per_page
        rows.append((campaign.key, ratio))
        print(
            f"{campaign.key:30} {pages:5d} {per_page * 1000:9.1f} {bare_pages:10d} "
            f"{bare_per_page * 1000:9.1f} {ratio:6.2f}"
        )
    if not rows:
        print("No seed plans loaded.")
        return
    worst_key, worst = max(rows, key=lambda row: row[1])
    verdict = "within target" if worst <= TARGET else "ABOVE TARGET"
    print()
    print(
        f"Plan PDF per page, app / bare: at most {worst:.2f} ({worst_key}) "
        f"(target ≤ {TARGET:g}): {verdict}"
    )
