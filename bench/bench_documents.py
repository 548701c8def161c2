"""PDF rendering: each seed plan against a minimal one-page document (the floor).

The floor goes through the same `render_pdf`, stylesheet and fonts as every document, in
the same process, after the same warm-up, so the ratio per page says how much a real page
of the plan costs beyond WeasyPrint's fixed cost per document. For context it also prints
the cold cost: the same minimal page when the stylesheet and its four fonts are built for
that render alone (what every render paid before the per-thread cache in core.documents).
"""

import io
import statistics
import time

FLOOR_REPEAT = 9
SEED_REPEAT = 3
TARGET = 2.0  # seed 001, the longest plan, at most twice the floor per page
MINIMAL_TEXT = "Một trang văn bản tối thiểu để đo mức sàn."


def _median_seconds(func, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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


def run():
    from campaigns.documents import render_campaign_plan_pdf
    from campaigns.models import Campaign

    assert _pages(minimal_pdf()) == 1  # also the warm-up: imports, stylesheet, fonts
    floor = _median_seconds(minimal_pdf, FLOOR_REPEAT)
    cold = _median_seconds(cold_minimal_pdf, FLOOR_REPEAT)
    minimal_pdf()  # leave the cache warm for the seeds
    print(f"Floor: minimal one-page document, median of {FLOOR_REPEAT}: {floor * 1000:.1f} ms")
    print(f"  (cold, stylesheet and fonts built for the render: {cold * 1000:.1f} ms)")
    print()
    print(f"{'plan':30} {'pages':>5} {'seconds':>8} {'s/page':>7} {'ratio/page':>10}")
    rows = []
    campaigns = Campaign.objects.filter(key__startswith="seed-").select_related("issuing_body")
    for campaign in campaigns.order_by("key"):
        pages = _pages(render_campaign_plan_pdf(campaign))
        seconds = _median_seconds(lambda c=campaign: render_campaign_plan_pdf(c), SEED_REPEAT)
        ratio = seconds / pages / floor
        rows.append((campaign.key, pages, seconds, ratio))
        print(f"{campaign.key:30} {pages:5d} {seconds:8.3f} {seconds / pages:7.3f} {ratio:10.2f}")
    if not rows:
        print("No seed plans loaded.")
        return
    key, pages, _seconds, ratio = max(rows, key=lambda row: row[1])
    verdict = "within target" if ratio <= TARGET else "ABOVE TARGET"
    print()
    print(
        f"Longest plan ({key}, {pages} pages): {ratio:.2f}x the floor per page "
        f"(target <= {TARGET:g}x): {verdict}"
    )
    # A plain minimal WeasyPrint render parses its stylesheet and loads its fonts each
    # time; against that (the cold floor) the same plan reads:
    print(
        f"Against the cold floor (a self-contained minimal render): "
        f"{ratio * floor / cold:.2f}x per page"
    )
