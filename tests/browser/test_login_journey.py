import pytest

from tests.browser.conftest import log_in
from units.demo import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_unit_staff_logs_in_and_sees_the_dashboard_in_vietnamese(live_server, page, screenshot):
    load_demo()

    log_in(page, live_server, "donvi1")

    assert page.url == f"{live_server.url}/bang-dieu-khien/"
    heading = page.locator("h1").inner_text()
    assert heading == "Xin chào, Phạm Văn Long"
    body = page.locator("body").inner_text()
    assert "UBND xã Tri Hải" in body
    assert "Bảng điều khiển" in body
    assert "Đơn vị trong phạm vi" in body
    # The stylesheet is served by the app itself (no CDN): the navbar is styled.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.app-navbar')).backgroundColor")
        == "rgb(155, 28, 28)"
    )
    assert screenshot(page, "login-donvi1-dashboard").exists()

    page.set_viewport_size({"width": 390, "height": 844})
    assert screenshot(page, "login-donvi1-dashboard-phone").exists()


def test_wrong_password_stays_on_login_with_message(live_server, page, screenshot):
    load_demo()

    log_in(page, live_server, "donvi1", password="sai-mat-khau")

    assert "Tên đăng nhập hoặc mật khẩu không đúng." in page.locator("body").inner_text()
    screenshot(page, "login-wrong-password")
