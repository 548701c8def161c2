"""Issue 14's done-when, on the demo: the consolidated report UBND huyện Ninh Hải's office
compiled from the units' 2023 reports.

The demo's Tri Hải reported 62% online dossiers, was returned by the office and sent its
report again (causes written, open-data figure corrected from 62% to 55%): it is a
reporting unit, and the office sees what changed. Khánh Hải's report stays returned, so
the unit account has one to fix and the report names it.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports import services
from reports.documents import render_consolidated_report_pdf
from reports.enums import SubmissionState
from reports.models import ConsolidatedReport, ReportSubmission
from tests.decisions.helpers import pdf_text
from tests.reports.test_consolidated import _page_data
from units.models import User

pytestmark = pytest.mark.django_db

RATE = "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ (%)"


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=io.StringIO())
    return ConsolidatedReport.objects.get(obligation__campaign__key="seed-000-ninh-hai")


def test_the_demo_report_prints_each_reporting_units_figures(demo):
    assert (demo.year, demo.title) == (
        2023,
        "Kết quả thực hiện phong trào thi đua Chuyển đổi số năm 2023 trên địa bàn huyện Ninh Hải",
    )
    text = pdf_text(render_consolidated_report_pdf(demo))
    # The annex: every reporting unit's figures (signed docs, platforms, online dossiers,
    # website, open data); a figure below the unit's threshold is starred.
    for row in [
        "UBND xã Tri Hải Đã nộp 100% 100% 62% Có 55%",
        "UBND xã Thanh Hải Đã nộp 100% 100% 66% Có 66%",
        "UBND xã Vĩnh Hải Nộp muộn 100% 100% 45%* Có 45%*",
        "UBND xã Phương Hải Đã nộp 100% 100% 73% Có 73%",
        "UBND thị trấn Khánh Hải Bị trả lại — — — — —",
        "UBND xã Tân Hải Chưa nộp — — — — —",
    ]:
        assert row in text, row
    # The text says what the tables count: 4 of 13 units, the returned one named.
    assert "có 4/13 đơn vị gửi báo cáo (3 đúng hạn, 1 nộp muộn)" in text
    assert "chưa tính số liệu: UBND thị trấn Khánh Hải." in text
    # The targets table (cells wrap: a layout line holds level, threshold, figure, met).
    assert "Cấp xã ≥ 50% bình quân 61,5% 3/4 đơn vị (4/9 đơn vị có số có số liệu" in text
    assert "- UBND xã Tri Hải: Tỷ lệ hồ sơ trực tuyến đạt 62%" in text


def _annex_count(text, status):
    annex = text.split("SỐ LIỆU CỦA TỪNG ĐƠN VỊ", 1)[1]
    return annex.count(f" {status} ")


def test_text_and_table_agree_after_a_second_unit_reports_and_an_edit_is_kept(demo, client):
    office = User.objects.get(username="vanphong")
    client.force_login(office)
    url = reverse("reports:consolidated_update", args=[demo.pk])
    # The office rewrites a paragraph on the report's page.
    page = client.get(url)
    formset = page.context["formset"]
    data = _page_data(demo, formset)
    data.update(
        issue_day=demo.issue_day or "",
        issue_month=demo.issue_month or "",
        issue_year=demo.issue_year or "",
    )
    limits = next(i for i, f in enumerate(formset.forms) if f.instance.key == "limits")
    data[f"sections-{limits}-body"] = "Cơ quan viết lại phần tồn tại, hạn chế của huyện."
    assert client.post(url, data)["Location"] == url

    # Tân Hải sends the report it had drafted (76%): a fifth unit reports.
    tan_hai = ReportSubmission.objects.get(unit__code="NT-NH-TAH")
    services.submit_report(tan_hai, by=User.objects.get(username="donvi7"))
    tan_hai.refresh_from_db()
    assert tan_hai.state == SubmissionState.SUBMITTED

    # Until recompiled, the report keeps its snapshot: text and table still say 4.
    text = pdf_text(render_consolidated_report_pdf(demo))
    assert "có 4/13 đơn vị gửi báo cáo" in text
    assert _annex_count(text, "Đã nộp") + _annex_count(text, "Nộp muộn") == 4

    # "Lưu và tổng hợp lại": the figures move together, the rewritten paragraph stays.
    page = client.get(url)
    data = _page_data(demo, page.context["formset"])
    data.update(
        issue_day=demo.issue_day or "",
        issue_month=demo.issue_month or "",
        issue_year=demo.issue_year or "",
        recompile="1",
    )
    assert client.post(url, data)["Location"] == url
    demo.refresh_from_db()
    text = pdf_text(render_consolidated_report_pdf(demo))
    assert "có 5/13 đơn vị gửi báo cáo (4 đúng hạn, 1 nộp muộn)" in text
    assert _annex_count(text, "Đã nộp") + _annex_count(text, "Nộp muộn") == 5
    assert "Cấp xã ≥ 50% bình quân 64,4% 4/5 đơn vị (5/9 đơn vị có số có số liệu" in text
    assert "UBND xã Tân Hải Đã nộp 100% 100% 76% Có 76%" in text
    assert "Cơ quan viết lại phần tồn tại, hạn chế của huyện." in text
    html = client.get(url).content.decode()
    assert 'data-testid="recompile-changes"' in html and "4/13" in html and "5/13" in html


def test_the_resubmitted_report_shows_the_office_what_changed(demo, client):
    tri_hai = ReportSubmission.objects.get(unit__code="NT-NH-TRH")
    assert (tri_hai.state, tri_hai.is_late, tri_hai.versions.count()) == (
        SubmissionState.SUBMITTED,
        False,
        2,
    )
    client.force_login(User.objects.get(username="vanphong"))
    html = client.get(reverse("reports:submission_detail", args=[tri_hai.pk])).content.decode()
    assert "Lần 2" in html and "2 thay đổi so với lần trước" in html
    diff = html.split('data-testid="version-diff"')[1].split("</table>")[0]
    assert "Tỷ lệ cơ quan nhà nước cung cấp dữ liệu mở đầy đủ theo danh mục (%)" in diff
    assert "62%" in diff and "55%" in diff
    assert "Nguyên nhân: kinh phí đầu tư hạ tầng còn hạn chế" in diff
    # The unit staff of another commune does not see it.
    client.force_login(User.objects.get(username="donvi2"))
    response = client.get(reverse("reports:submission_detail", args=[tri_hai.pk]))
    assert response.status_code == 404
