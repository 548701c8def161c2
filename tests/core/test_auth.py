import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories.units import PASSWORD


@pytest.fixture(autouse=True)
def _axes(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def post_login(client, username, password):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.5"
    )


def test_login_page_in_vietnamese(client, db):
    html = client.get(reverse("login")).content.decode()

    assert "Đăng nhập hệ thống Thi đua" in html
    assert "Quên mật khẩu?" in html
    # One form: crispy's own <form> nested in the page's was invalid HTML (a stray </form>).
    assert html.count("<form") == 1 and html.count("</form>") == 1
    assert 'name="next"' in html and "novalidate" in html


def test_wrong_password_shows_vietnamese_error(client, unit_staff_a):
    response = post_login(client, "donvi_a", "sai-mat-khau")

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_login_lands_on_dashboard_and_logout(client, unit_staff_a):
    response = post_login(client, "donvi_a", PASSWORD)
    assert (response.status_code, response["Location"]) == (302, reverse("core:dashboard"))

    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert "Xin chào, Người dùng" in dashboard
    assert "UBND xã An Hải" in dashboard

    logout = client.post(reverse("logout"))
    assert (logout.status_code, logout["Location"]) == (302, reverse("login"))
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_repeated_failures_lock_the_account(client, unit_staff_a):
    for _ in range(3):
        post_login(client, "donvi_a", "sai")

    response = post_login(client, "donvi_a", PASSWORD)

    assert response.status_code == 429
    assert "Bạn đã nhập sai mật khẩu quá nhiều lần." in response.content.decode()


def test_password_change(client, unit_staff_a):
    client.force_login(unit_staff_a)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Moi@MatKhau2026",
            "new_password2": "Moi@MatKhau2026",
        },
        follow=True,
    )

    assert "Mật khẩu của bạn đã được thay đổi." in response.content.decode()
    unit_staff_a.refresh_from_db()
    assert unit_staff_a.check_password("Moi@MatKhau2026")


def test_password_reset_by_email(client, unit_staff_a):
    unit_staff_a.email = "donvi_a@example.org"
    unit_staff_a.save()

    client.post(reverse("password_reset"), {"email": "donvi_a@example.org"})

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Đặt lại mật khẩu tài khoản Thi đua"
    link = re.search(r"http://testserver(/tai-khoan/dat-lai-mat-khau/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "DatLai@2026xyz", "new_password2": "DatLai@2026xyz"},
        follow=True,
    )
    assert "Đã đặt lại mật khẩu" in done.content.decode()
    unit_staff_a.refresh_from_db()
    assert unit_staff_a.check_password("DatLai@2026xyz")
