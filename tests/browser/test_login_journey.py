import pytest

from tests.browser.conftest import LOGIN_PATH, log_in
from units.demo import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_unit_staff_logs_in_and_sees_the_dashboard_in_vietnamese(live_server, page, screenshot):
    load_demo()

    page.goto(f"{live_server.url}{LOGIN_PATH}")
    assert page.locator("h1").inner_text() == "Đăng nhập hệ thống Thi đua"
    assert page.locator("label[for=id_username]").inner_text().startswith("Tên đăng nhập")
    assert page.locator("label[for=id_password]").inner_text().startswith("Mật khẩu")
    screenshot(page, "login-page")

    log_in(page, live_server, "donvi1")

    assert page.url == f"{live_server.url}/bang-dieu-khien/"
    assert page.locator("h1").inner_text() == "Xin chào, Phạm Văn Long"
    body = page.locator("body").inner_text()
    assert "UBND xã Tri Hải" in body
    assert "Bảng điều khiển" in body
    assert "Đơn vị trong phạm vi" in body
    # The stylesheet is served by the app itself (no CDN): the navbar is styled.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.app-navbar')).backgroundColor")
        == "rgb(155, 28, 28)"
    )
    assert page.locator(".navbar-toggler").is_hidden()
    assert screenshot(page, "login-donvi1-dashboard").exists()

    # Each menu entry on one line beside the brand ("Bảng điều khiển" broke in two at 1366 px
    # for the office, at 1024 px for unit staff); a long menu wraps whole entries instead.
    page.set_viewport_size({"width": 1024, "height": 900})
    line_counts = page.evaluate(
        "[...document.querySelectorAll('.app-navbar .nav-link')].filter(a => !a.children.length)"
        ".map(a => { const r = document.createRange(); r.selectNodeContents(a);"
        " return [a.textContent.trim(), r.getClientRects().length]; })"
    )
    assert line_counts and all(lines == 1 for _, lines in line_counts), line_counts
    assert page.evaluate("document.documentElement.scrollWidth") == 1024

    page.set_viewport_size(PHONE)
    # Phone width: the menu folds behind the toggler and nothing scrolls sideways.
    assert page.locator(".navbar-toggler").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    assert page.get_by_text("Xin chào, Phạm Văn Long").is_visible()
    assert screenshot(page, "login-donvi1-dashboard-phone").exists()


def test_wrong_password_stays_on_login_with_message(live_server, page, screenshot):
    load_demo()

    log_in(page, live_server, "donvi1", password="sai-mat-khau")

    assert page.url == f"{live_server.url}{LOGIN_PATH}"
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in page.locator("body").inner_text()
    screenshot(page, "login-wrong-password")
