"""Issue 14, item 1: the award results in the consolidated report, on the demo.

The demo's Quyết định số 1/QĐ-UBND (15/12/2023) gives the Giấy khen of the district
chairman to 3 collectives and 5 individuals; the office's 2023 report, compiled once it was
issued, prints it in the PDF, the .docx and on the report's page, from its one snapshot.
A revocation leaves the printed report alone until the office recompiles; then the revoked
award is no longer counted nor paid, and the revoking decision is listed.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from decisions import services as decision_services
from decisions.enums import DecisionKind
from decisions.models import Decision
from reports import services
from reports.compilation import award_results, snapshot_time
from reports.documents import (
    consolidated_docx,
    consolidated_xlsx,
    render_consolidated_report_pdf,
)
from reports.models import ConsolidatedReport
from tests.decisions.helpers import pdf_text, word_text
from units.models import User

pytestmark = pytest.mark.django_db

FORM = "Giấy khen của Chủ tịch Ủy ban nhân dân huyện"


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=io.StringIO())
    return ConsolidatedReport.objects.get(obligation__campaign__key="seed-000-ninh-hai")


def _amounts(decision):
    return sum(line.amount for line in decision.lines.all())


def test_the_report_prints_the_award_results_in_pdf_docx_and_page(demo, client):
    decision = Decision.objects.get(number="1", round__campaign__key="seed-000-ninh-hai")
    total = _amounts(decision)
    assert total == 5_940_000
    at = snapshot_time(demo.snapshot)
    sentence = (
        f"Tính đến {at:%H:%M} ngày {at:%d/%m/%Y}, đã ban hành 1 quyết định khen thưởng trong "
        "phong trào: khen thưởng 3 tập thể, 5 cá nhân, tổng tiền thưởng 5.940.000 đồng "
        "(không tính khen thưởng đã bị hủy bỏ)."
    )
    assert award_results(demo.snapshot)["text"] == sentence

    text = pdf_text(render_consolidated_report_pdf(demo))
    assert "Kết quả khen thưởng " + sentence in text
    # The decisions table (cells wrap: the first layout line of the row) and the table
    # per form with its total; the award results print after «II. KẾT QUẢ ĐẠT ĐƯỢC».
    assert "1 Số 1/QĐ-UBND Chủ tịch Ủy ban Giấy khen của Chủ 3 5 5.940.000" in text
    assert f"1 {FORM} 3 5 5.940.000 Cộng 3 5 5.940.000" in text
    assert text.index("II. KẾT QUẢ ĐẠT ĐƯỢC") < text.index("Kết quả khen thưởng")
    assert text.index("Kết quả khen thưởng") < text.index("III. TỒN TẠI, HẠN CHẾ")

    words = word_text(consolidated_docx(demo))
    assert "Kết quả khen thưởng " + sentence in words
    assert "Số 1/QĐ-UBND ngày 15/12/2023 Chủ tịch Ủy ban nhân dân huyện Ninh Hải" in words
    assert f"1 {FORM} 3 5 5.940.000 Cộng 3 5 5.940.000" in words
    # The .docx is the whole report: the units' figures and the annex too.
    assert "có 4/13 đơn vị gửi báo cáo" in words
    assert "UBND xã Tri Hải Đã nộp 100% 100% 62% Có 55%" in words

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(consolidated_xlsx(demo)))
    rows = [
        [cell for cell in row if cell is not None]
        for row in book["Kết quả khen thưởng"].iter_rows(values_only=True)
    ]
    assert rows[1] == [sentence]
    assert [1, "Số 1/QĐ-UBND ngày 15/12/2023"] == rows[4][:2]
    assert rows[-1] == ["Cộng", "3", "5", "5.940.000"]

    client.force_login(User.objects.get(username="vanphong"))
    url = reverse("reports:consolidated_update", args=[demo.pk])
    html = client.get(url).content.decode()
    assert sentence in html
    decisions = html.split('data-testid="award-decisions"')[1].split("</table>")[0]
    assert "Số 1/QĐ-UBND ngày 15/12/2023" in decisions and "5.940.000" in decisions
    forms = html.split('data-testid="award-forms"')[1].split("</table>")[0]
    assert FORM in forms and "Cộng" in forms
    response = client.get(reverse("reports:consolidated_download", args=[demo.pk, "docx"]))
    assert response.status_code == 200
    assert ".docx" in response["Content-Disposition"]
    # Another body's office gets nothing.
    client.force_login(User.objects.get(username="vanphong_dsong"))
    response = client.get(reverse("reports:consolidated_download", args=[demo.pk, "docx"]))
    assert response.status_code == 404


def test_a_revoked_award_leaves_the_results_when_the_office_recompiles(demo):
    decision = Decision.objects.get(number="1", round__campaign__key="seed-000-ninh-hai")
    office = User.objects.get(username="vanphong")
    line = decision.lines.filter(nominee_kind="individual").order_by("order").first()
    revocation = decision_services.draft_correction(
        decision,
        DecisionKind.REVOKE,
        by=office,
        reason="Cá nhân kê khai không trung thực thành tích",
        line_ids=[line.pk],
    )
    decision_services.issue_decision(revocation, by=User.objects.get(username="chutich"))
    revocation.refresh_from_db()
    left = 5_940_000 - line.amount
    left_text = f"{left:,}".replace(",", ".")

    # The printed report keeps its snapshot…
    assert "khen thưởng 3 tập thể, 5 cá nhân" in pdf_text(render_consolidated_report_pdf(demo))
    # …until recompiled: the revoked award is neither counted nor paid.
    result = services.recompile_consolidated(demo, by=office)
    demo.refresh_from_db()
    assert ("Cá nhân được khen thưởng", "5", "4") in result["figures"]
    assert ("Số quyết định khen thưởng", "1", "2") in result["figures"]
    assert ("Tổng tiền thưởng (đồng)", "5.940.000", left_text) in result["figures"]
    text = pdf_text(render_consolidated_report_pdf(demo))
    assert (
        "đã ban hành 2 quyết định khen thưởng trong phong trào: khen thưởng 3 tập thể, "
        f"4 cá nhân, tổng tiền thưởng {left_text} đồng" in text
    )
    assert f"1 {FORM} 3 4 {left_text} Cộng 3 4 {left_text}" in text
    words = word_text(consolidated_docx(demo))
    assert (
        f"Số {revocation.number_text} ngày {revocation.date_text} Chủ tịch Ủy ban nhân dân "
        "huyện Ninh Hải Hủy bỏ Quyết định số 1/QĐ-UBND ngày 15/12/2023 — — —" in words
    )
