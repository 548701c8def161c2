"""The issue's acceptance flow on the demo data, in headless Chromium.

donvi1 (UBND xã Tri Hải, a commune) reports 62% online dossiers (threshold 50%: met);
donvi2 (UBND xã Nhơn Hải) reports nothing; vanphong sees the counts, the attainment
table and the charts, and downloads the consolidated report as PDF and Excel.
"""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from reports.enums import SubmissionState
from reports.models import ReportSubmission
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RATE = "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ (%)"
VALUES = {
    "Tỷ lệ văn bản điện tử gửi, nhận được ký số (%)": "100",
    "Tỷ lệ dịch vụ công trực tuyến triển khai trên nhiều nền tảng (%)": "95",
    RATE: "162",  # a typing slip first: refused with a message, nothing lost
    "Tỷ lệ cơ quan nhà nước cung cấp dữ liệu mở đầy đủ theo danh mục (%)": "50",
}
TEXTS = [
    "Ban hành Kế hoạch số 15/KH-UBND triển khai phong trào; tuyên truyền đến 100% cán bộ.",
    "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ đạt 62%; 100% văn bản được ký số.",
    "Hạ tầng mạng ở thôn Mỹ Tân còn yếu.",
    "Đề nghị huyện hỗ trợ thiết bị ký số cho cán bộ một cửa.",
]


def test_unit_reports_and_office_compiles(live_server, page, screenshot):
    from openpyxl import load_workbook

    call_command("load_demo", "--no-work", stdout=io.StringIO())
    base = live_server.url

    # donvi1 starts the report of its commune and types a slip: 162%.
    log_in(page, live_server, "donvi1")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.locator("[data-testid^=start-report-]").click()
    for label, value in VALUES.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label(
        "Trang thông tin điện tử công khai đầy đủ theo Nghị định số 42/2022/NĐ-CP", exact=True
    ).select_option("1")
    for box, text in zip(page.locator("textarea[name^=section_]").all(), TEXTS, strict=True):
        box.fill(text)
    page.get_by_test_id("save-and-submit").click()
    body = page.locator("body").inner_text()
    assert "Tỷ lệ phải từ 0 đến 100% (đã nhập «162»)." in body
    assert page.get_by_label(RATE, exact=True).input_value() == "162"
    assert page.locator("textarea[name^=section_]").first.input_value() == TEXTS[0]
    screenshot(page, "reports-1-donvi1-typing-slip")

    page.get_by_label(RATE, exact=True).fill("62")
    page.get_by_test_id("save-and-submit").click()
    assert "Đã thực hiện: Nộp báo cáo." in page.locator("body").inner_text()
    rate_row = page.get_by_test_id("values").locator("tr", has_text=RATE)
    assert rate_row.locator("td").all_inner_texts() == [RATE, "62%", "≥ 50%", "Đạt"]
    screenshot(page, "reports-2-donvi1-submitted")
    submission = ReportSubmission.objects.get(unit__code="NT-NH-TRH")
    assert (submission.state, submission.is_late) == (SubmissionState.SUBMITTED, False)

    # donvi2 submits nothing, and cannot open donvi1's report.
    page.context.clear_cookies()
    log_in(page, live_server, "donvi2")
    response = page.goto(f"{base}/bao-cao/don-vi/{submission.pk}/")
    assert response.status == 404

    # vanphong: counts, the unit table with colours, the charts drawn by Chart.js.
    page.context.clear_cookies()
    log_in(page, live_server, "vanphong")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name="Theo dõi, tổng hợp").click()
    counts = {
        key: page.get_by_test_id(f"count-{key}").inner_text()
        for key in ("required", "submitted", "late", "missing")
    }
    assert counts == {"required": "13", "submitted": "1", "late": "0", "missing": "12"}
    tri_hai = page.get_by_test_id("unit-row").filter(has_text="UBND xã Tri Hải")
    assert "Đã nộp" in tri_hai.inner_text()
    assert tri_hai.locator(".report-met").first.is_visible()
    nhon_hai = page.get_by_test_id("unit-row").filter(has_text="UBND xã Nhơn Hải")
    assert "Chưa nộp" in nhon_hai.inner_text()
    summary = page.get_by_test_id("attainment-summary").inner_text()
    assert f"{RATE}\t1\t0\t12" in summary
    drawn = page.evaluate("['chart-attainment', 'chart-timeline'].map(id => !!Chart.getChart(id))")
    assert drawn == [True, True]
    screenshot(page, "reports-3-vanphong-dashboard")

    # On a phone (390×844): every indicator's name is drawn whole (wrapped, not clipped),
    # the page is no wider than the screen, and each chart has its table view.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    labels = page.evaluate(
        "Chart.getChart('chart-attainment').data.labels.map(lines => lines.join(' '))"
    )
    assert RATE in labels
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_test_id("attainment-table").locator("summary").click()
    assert f"{RATE}\t1\t0\t12" in page.get_by_test_id("attainment-table").inner_text()
    page.get_by_test_id("timeline-table").locator("summary").click()
    assert "1 / 13" in page.get_by_test_id("timeline-table").inner_text()
    screenshot(page, "reports-3-vanphong-dashboard-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()

    page.get_by_placeholder("Tìm theo tên, mã đơn vị (có dấu hoặc không dấu)").fill("nhon hai")
    page.get_by_role("button", name="Lọc").click()
    assert page.get_by_test_id("unit-row").count() == 1
    assert "Chưa nộp" in page.get_by_test_id("unit-row").inner_text()

    with page.expect_download() as download:
        page.get_by_test_id("export-values").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet.title == "Số liệu"

    # The consolidated report: compiled, then downloaded as PDF and Excel.
    page.get_by_test_id("consolidated").click()
    assert page.locator("h1").inner_text() == "Báo cáo kết quả thực hiện phong trào thi đua"
    screenshot(page, "reports-4-vanphong-consolidated")
    # The PDF is rendered on request (WeasyPrint, 3 pages with the annex): on a loaded
    # machine that takes longer than a page load; this is not a timing test.
    with page.expect_download(timeout=120_000) as download:
        page.get_by_test_id("download-pdf").click(timeout=120_000)
    reader = PdfReader(download.value.path())
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "BÁO CÁO Kết quả thực hiện phong trào thi đua Chuyển đổi số năm 2023" in text
    assert "có 1/13 đơn vị gửi báo cáo" in text
    assert "- UBND xã Tri Hải: Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ đạt 62%" in text
    # The annex holds the unit's own figure; no bare "100%" rate out of 1 of 13 units.
    assert "PHỤ LỤC SỐ LIỆU CỦA TỪNG ĐƠN VỊ" in text and "Tỷ lệ đạt" not in text
    annex_row = text[text.index("PHỤ LỤC") :].split("Tri Hải Đã nộp", 1)[1][:40]
    assert "62%" in annex_row
    with page.expect_download() as download:
        page.get_by_test_id("download-xlsx").click()
    table = load_workbook(io.BytesIO(download.value.path().read_bytes()))["Kết quả chỉ tiêu"]
    rows = list(table.iter_rows(min_row=6, values_only=True))
    first = next(i for i, row in enumerate(rows) if row[1] == RATE)
    commune = next(row for row in rows[first:] if row[2] == "Cấp xã")
    assert commune[3] == "≥ 50%" and commune[5] == "1/1 đơn vị có số liệu"
    assert commune[4].startswith("bình quân 62% (1/")
