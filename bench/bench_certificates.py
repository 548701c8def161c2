"""Certificates: 1,000 awardees of one decision through `render_certificates` (the query,
a QR code and a code per page, the template, rendering in chunks for the progress bar and
joining the chunks) against a bare WeasyPrint render of the same pages (the same HTML and
stylesheet as one document, nothing else): the floor, measured in the same run.

Target: certificate throughput at least 0.8 × the floor's. Both are timed in CPU seconds
of this process (time.process_time) as well as wall time: on a shared machine the wall
time mostly measures the other processes; the verdict uses the CPU time.
"""

import io
import os
import time

COUNT = int(os.environ.get("BENCH_CERTIFICATES", "1000"))
# Floor and ours alternate this many times; the fastest of each counts (noise only slows).
REPEAT = int(os.environ.get("BENCH_CERTIFICATES_REPEAT", "2"))
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
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from core.documents import DOCUMENTS_DIR, local_fetcher_class
    from decisions import certificates

    decision = _decision(COUNT)
    fonts = FontConfiguration()
    stylesheet = CSS(
        filename=str(certificates.STYLESHEET),
        url_fetcher=local_fetcher_class()(),
        font_config=fonts,
    )

    def bare(markup):
        return HTML(
            string=markup, base_url=str(DOCUMENTS_DIR) + "/", url_fetcher=local_fetcher_class()()
        ).write_pdf(stylesheets=[stylesheet], font_config=fonts)

    # Warm-up of both paths (imports, stylesheets, fonts) on two pages.
    bare(certificates.pages_html(certificates.page_contexts(decision, BASE_URL)[:2], "full"))
    certificates._stylesheet_and_fonts()

    # The floor: the same pages' HTML, built beforehand, rendered as one document.
    full_html = certificates.pages_html(certificates.page_contexts(decision, BASE_URL), "full")
    floors, runs, steps = [], [], []
    for _ in range(REPEAT):
        floors.append(_timed(lambda: bare(full_html)))
        steps.clear()
        runs.append(
            _timed(
                lambda: certificates.render_certificates(
                    decision, base_url=BASE_URL, progress=lambda done, total: steps.append(done)
                )
            )
        )
    floor_pdf, floor, floor_wall = min(floors, key=lambda r: r[1])
    ours_pdf, ours, ours_wall = min(runs, key=lambda r: r[1])
    assert _pages(floor_pdf) == _pages(ours_pdf) == COUNT
    ratio = floor / ours  # throughput ratio: (COUNT / ours) / (COUNT / floor)
    print(
        f"Certificates: {COUNT} pages, one PDF, best of {REPEAT} "
        "(CPU seconds; wall seconds in brackets)"
    )
    print(
        f"  floor (bare WeasyPrint, same pages): {floor:.1f} s ({floor_wall:.1f} s), "
        f"{COUNT / floor:.1f} pages/s"
    )
    print(
        f"  render_certificates: {ours:.1f} s ({ours_wall:.1f} s), {COUNT / ours:.1f} pages/s, "
        f"{len(steps)} progress steps"
    )
    verdict = "OK" if ratio >= TARGET else "BELOW TARGET"
    print(f"  throughput ratio {ratio:.2f} (target ≥ {TARGET}): {verdict}")
    decision.lines.all().delete()
    decision.delete()
