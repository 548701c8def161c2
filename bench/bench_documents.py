"""PDF rendering: each seed plan against a minimal one-page document (the floor)."""

import statistics
import time


def _median_seconds(func, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _pages(data):
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def minimal_pdf():
    """One page through the same base, stylesheet and fonts as every document."""
    from core.documents import render_pdf

    return render_pdf(
        "documents/minimal.html", {"text": "Một trang văn bản tối thiểu để đo mức sàn."}
    )


def run():
    from campaigns.documents import render_campaign_plan_pdf
    from campaigns.models import Campaign

    minimal_pdf()  # warm up: imports, font loading
    floor = _median_seconds(minimal_pdf, 7)
    print(f"Floor: minimal one-page document, median of 7: {floor * 1000:.0f} ms")
    print()
    print(f"{'plan':32} {'pages':>5} {'seconds':>8} {'s/page':>7} {'ratio/page':>10}")
    rows = []
    for campaign in (
        Campaign.objects.filter(key__startswith="seed-")
        .select_related("issuing_body")
        .order_by("key")
    ):
        data = render_campaign_plan_pdf(campaign)
        pages = _pages(data)
        seconds = _median_seconds(lambda c=campaign: render_campaign_plan_pdf(c), 3)
        ratio = seconds / pages / floor
        rows.append((campaign.key, pages, seconds, ratio))
        print(f"{campaign.key:32} {pages:5d} {seconds:8.2f} {seconds / pages:7.3f} {ratio:10.2f}")
    longest = max(rows, key=lambda row: row[1])
    verdict = "OK" if longest[3] <= 2 else "TOO SLOW"
    print()
    print(
        f"Longest plan ({longest[0]}): {longest[3]:.2f}x the floor per page (target ≤ 2): {verdict}"
    )
