"""Certificates: 1,000 awardees of one decision through `render_certificates` (the query,
a QR code and a code per page, the template, rendering in chunks for the progress bar and
joining the chunks) against a bare WeasyPrint render of the same pages: the same HTML
(built beforehand, QR codes included), the same certificate.css with its @font-face Tinos
files, parsed once, and the same FontConfiguration, rendered as one document; nothing else.

Target: certificate throughput at least 0.8 × the bare render's. The two alternate
`BENCH_CERTIFICATES_REPEAT` times (default 3) and the medians count, timed in CPU seconds
of this process (time.process_time); the wall seconds are printed too, but on a shared
machine they mostly measure the other processes.
"""

import io
import os
import statistics
import time

COUNT = int(os.environ.get("BENCH_CERTIFICATES", "1000"))
# The bare render and ours alternate this many times; the medians count.
REPEAT = int(os.environ.get("BENCH_CERTIFICATES_REPEAT", "3"))
TARGET = 0.8
BASE_URL = "http://localhost:8000/"


def _decision(count):
    """An issued decision of seed 000's round with `count` awardees, written directly: the
    bench measures printing, not the issuing workflow (tested in tests/decisions)."""
    from campaigns.models import AwardRound
    from decisions.enums import DecisionState, FormType
    from decisions.models import Decision, DecisionLine
    from decisions.numbering import new_verification_codes
    from units.models import User

    round_ = AwardRound.objects.get(campaign__key="seed-000-ninh-hai", local_id="tong-ket-2023")
    chairman = User.objects.get(username="chutich")
    decision = Decision.objects.create(
        state=DecisionState.ISSUED,
        round=round_,
        form=round_.forms.first(),
        form_type=FormType.GIAY_KHEN,
        issuing_body=round_.campaign.issuing_body,
        issuing_body_line="ỦY BAN NHÂN DÂN\nHUYỆN NINH HẢI",
        number="999",
        sequence=999,
        place="Ninh Hải",
        issue_day=1,
        issue_month=12,
        issue_year=2026,
        title="Về việc tặng Giấy khen (đo tốc độ in)",
        authority_line="CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NINH HẢI",
        signature_lines="CHỦ TỊCH",
        signer_name=chairman.full_name,
        legal_basis="Căn cứ Luật Thi đua, khen thưởng;",
        reason="xuất sắc trong Phong trào thi đua Chuyển đổi số năm 2023",
        executors="Chánh Văn phòng",
        recipients="Như Điều 3;",
        drafted_by=chairman,
        issued_by=chairman,
    )
    codes = new_verification_codes(count)
    DecisionLine.objects.bulk_create(
        DecisionLine(
            decision=decision,
            nominee_kind="individual",
            name=f"Nguyễn Thị Thử Nghiệm {i + 1}",
            post_and_unit="Công chức Văn hóa - Xã hội, UBND xã Tri Hải",
            order=i + 1,
            verification_code=codes[i],
        ).fold()
        for i in range(count)
    )
    return decision


def _pages(data):
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def _timed(func):
    """(result, CPU seconds of this process, wall seconds)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    return result, time.process_time() - cpu, time.perf_counter() - wall


def run():
    from weasyprint import HTML

    from core.documents import DOCUMENTS_DIR, local_fetcher_class
    from decisions import certificates

    decision = _decision(COUNT)
    # The same parsed stylesheet and fonts as the app's (built once per thread, reused).
    stylesheet, fonts = certificates._stylesheet_and_fonts()

    def bare(markup):
        return HTML(
            string=markup, base_url=str(DOCUMENTS_DIR) + "/", url_fetcher=local_fetcher_class()()
        ).write_pdf(stylesheets=[stylesheet], font_config=fonts)

    # Warm-up of both paths (imports, stylesheet, fonts) on two pages.
    bare(certificates.pages_html(certificates.page_contexts(decision, BASE_URL)[:2], "full"))

    # The bare render: the same pages' HTML, built beforehand, rendered as one document.
    full_html = certificates.pages_html(certificates.page_contexts(decision, BASE_URL), "full")
    bares, runs, steps = [], [], []
    for _ in range(REPEAT):
        bares.append(_timed(lambda: bare(full_html)))
        steps.clear()
        runs.append(
            _timed(
                lambda: certificates.render_certificates(
                    decision, base_url=BASE_URL, progress=lambda done, total: steps.append(done)
                )
            )
        )
    assert _pages(bares[0][0]) == _pages(runs[0][0]) == COUNT
    floor = statistics.median(r[1] for r in bares)
    floor_wall = statistics.median(r[2] for r in bares)
    ours = statistics.median(r[1] for r in runs)
    ours_wall = statistics.median(r[2] for r in runs)
    ratio = floor / ours  # throughput ratio: (COUNT / ours) / (COUNT / floor)
    print(
        f"Certificates: {COUNT} pages in one PDF, median of {REPEAT} alternated runs "
        "(CPU seconds; wall seconds in brackets)"
    )
    print(
        f"  bare WeasyPrint, same pages:  {floor:6.1f} s ({floor_wall:.1f} s), "
        f"{COUNT / floor:5.1f} certificates/s"
    )
    print(
        f"  app (render_certificates):    {ours:6.1f} s ({ours_wall:.1f} s), "
        f"{COUNT / ours:5.1f} certificates/s, {len(steps)} progress steps"
    )
    each = ", ".join(f"{b[1] / r[1]:.2f}" for b, r in zip(bares, runs, strict=True))
    verdict = "OK" if ratio >= TARGET else "BELOW TARGET"
    print(
        f"  throughput ratio app/bare {ratio:.2f} (each run: {each}; target ≥ {TARGET}): {verdict}"
    )
    decision.lines.all().delete()
    decision.delete()
