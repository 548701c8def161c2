"""Issue 14's "done when" for the roll-up, on the demo data in headless Chromium: the
province office (vanphong_ninhthuan) opens its first page, follows the card to the
districts' figures side by side (Ninh Hải and Thuận Bắc, as each sent them; Ninh Sơn has
not sent), at 1366 px
and at 390 px, then compiles the province's own report from them and downloads its PDF."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RATE = "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ (%)"


def test_province_office_sees_the_districts_side_by_side(live_server, page, screenshot):
    call_command("load_demo", stdout=io.StringIO())
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "vanphong_ninhthuan")
    page.goto(f"{live_server.url}/bang-dieu-khien/")
    card = page.get_by_role("link", name="Xem số liệu các cơ quan cấp dưới, tổng hợp")
    card.click()
    assert page.locator("h1").inner_text() == "Số liệu các cơ quan cấp dưới"
    table = page.get_by_test_id("side-by-side")
    headers = [h.split("\n")[0] for h in table.get_by_test_id("body-column").all_inner_texts()]
    assert headers == ["UBND huyện Ninh Hải", "UBND huyện Thuận Bắc", "UBND huyện Ninh Sơn"]
    row = table.get_by_test_id("indicator-row").filter(has_text=RATE).inner_text()
    assert "61,5%" in row and "4/13 đơn vị có số liệu" in row and "Không đạt" in row
    assert "79%" in row and "2/3 đơn vị có số liệu" in row and "Đạt" in row
    assert page.get_by_test_id("sent-count").inner_text() == "2/3 cơ quan đã gửi báo cáo tổng hợp"
    screenshot(page, "rollup-1-province-side-by-side-desktop")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # On a phone the same figures come one indicator at a time, every district in view.
    assert not page.get_by_test_id("side-by-side").is_visible()
    stacked = page.get_by_test_id("by-indicator")
    assert stacked.is_visible()
    rate = stacked.locator("section").filter(has_text=RATE).inner_text()
    assert "UBND huyện Ninh Hải" in rate and "61,5%" in rate and "Không đạt" in rate
    assert "UBND huyện Thuận Bắc" in rate and "79%" in rate and "Đã gửi" in rate
    screenshot(page, "rollup-2-province-side-by-side-phone")
    page.set_viewport_size({"width": 1366, "height": 900})

    # The province's own report, compiled from the districts' sent figures.
    page.get_by_test_id("compile-rollup").click()
    assert page.locator("h1").inner_text() == "Báo cáo kết quả thực hiện phong trào thi đua"
    targets = page.get_by_test_id("targets").inner_text()
    assert "2/3 cơ quan cấp dưới có số liệu; 6/16 đơn vị cơ sở có số liệu" in targets
    screenshot(page, "rollup-3-province-consolidated")
    with page.expect_download(timeout=120_000) as download:
        page.get_by_test_id("download-pdf").click(timeout=120_000)
    reader = PdfReader(download.value.path())
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "có 2/3 cơ quan cấp dưới gửi báo cáo tổng hợp lên" in text
    assert "- UBND huyện Thuận Bắc:" in text
    assert "61,5% (4/13)" in text and "79% (2/3)" in text
