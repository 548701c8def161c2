"""The delivery log: what the reminders sent to whom, when, through which channel;
failures and retries; filters; the office's scope; a page costs the same queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import EmailOutbox, Notification, OutboxStatus

URL = reverse("core:delivery_log")


def row(recipient, unit, n, *, campaign="Phong trào A", at=None, email=True, **mail):
    at = at or timezone.make_aware(datetime.datetime(2026, 11, 11, 6, 0)) + datetime.timedelta(
        minutes=n
    )
    key = f"reminder:test:{unit.pk}:{n}:{recipient.pk}"
    Notification.objects.create(
        recipient=recipient,
        event="reminder",
        title=f"Nhắc nộp báo cáo số {n}",
        key=key,
        unit=unit,
        campaign=campaign,
        created_at=at,
    )
    if email:
        EmailOutbox.objects.create(
            recipient=recipient,
            to=f"{recipient.username}@example.vn",
            event="reminder",
            subject=f"[Thi đua] Nhắc nộp báo cáo số {n}",
            body="…",
            message_id=f"<{n}@x>",
            key=key,
            unit=unit,
            campaign=campaign,
            created_at=at,
            **mail,
        )


@pytest.fixture
def log(unit_staff_a, unit_staff_b, commune_a, commune_b, other_district):
    from tests.factories.units import make_unit, make_user
    from units.enums import Role

    row(unit_staff_a, commune_a, 1, status=OutboxStatus.SENT, attempts=1)
    row(
        unit_staff_b,
        commune_b,
        2,
        campaign="Phong trào B",
        status=OutboxStatus.FAILED,
        attempts=5,
        last_error="Connection refused",
    )
    row(unit_staff_a, commune_a, 3, status=OutboxStatus.PENDING, attempts=2, last_error="timeout")
    far = make_unit(parent=other_district, name="UBND xã Xa Lắm")
    far_staff = make_user(unit=far, roles=[Role.UNIT_STAFF], username="donvi_xa")
    row(far_staff, far, 4, campaign="Phong trào khác")


def texts(response):
    return response.content.decode()


def test_the_office_sees_its_units_rows_with_failures_and_retries(client, campaign_office, log):
    client.force_login(campaign_office)
    html = texts(client.get(URL))
    assert html.count('data-testid="delivery-row"') == 6  # 3 in-app + 3 e-mail
    assert "Nhắc nộp báo cáo số 4" not in html  # another body's unit
    assert "Gửi không được" in html and "Connection refused" in html
    assert "Gửi lại (lần 2 lỗi)" in html and "timeout" in html
    assert "donvi_a@example.vn" in html
    assert "11/11/2026 06:01" in html


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({"channel": "email"}, 3),
        ({"channel": "in_app"}, 3),
        ({"status": "failed"}, 1),
        ({"status": "pending", "channel": "in_app"}, 0),
        ({"campaign": "Phong trào B"}, 2),
        ({"from": "11/11/2026", "to": "11/11/2026"}, 6),
        ({"from": "12/11/2026"}, 0),
        ({"from": "sai"}, 6),  # an unreadable date is no filter
    ],
)
def test_filters(client, campaign_office, log, query, count):
    client.force_login(campaign_office)
    assert texts(client.get(URL, query)).count('data-testid="delivery-row"') == count


def test_filter_by_unit(client, campaign_office, commune_b, log):
    client.force_login(campaign_office)
    html = texts(client.get(URL, {"unit": commune_b.pk}))
    assert html.count('data-testid="delivery-row"') == 2
    assert "Nhắc nộp báo cáo số 2" in html


def test_another_office_sees_none_unit_staff_get_404(
    client, other_office, unit_staff_a, admin_user, log
):
    client.force_login(other_office)
    html = texts(client.get(URL))
    assert html.count('data-testid="delivery-row"') == 2  # only its own unit's rows
    assert "Nhắc nộp báo cáo số 4" in html
    client.force_login(unit_staff_a)
    assert client.get(URL).status_code == 404
    client.force_login(admin_user)
    assert texts(client.get(URL)).count('data-testid="delivery-row"') == 8


def test_the_navbar_links_the_log_for_the_office(client, campaign_office, unit_staff_a):
    client.force_login(campaign_office)
    assert 'data-testid="nav-delivery-log"' in texts(client.get(reverse("core:dashboard")))
    client.force_login(unit_staff_a)
    assert 'data-testid="nav-delivery-log"' not in texts(client.get(reverse("core:dashboard")))


def test_a_page_costs_the_same_queries_for_1_and_20_rows(
    client, campaign_office, unit_staff_a, unit_staff_b, commune_a, commune_b
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(campaign_office)
    client.get(URL)  # warm the session and the grants
    row(unit_staff_a, commune_a, 1, status=OutboxStatus.SENT)
    with CaptureQueriesContext(connection) as one:
        assert texts(client.get(URL)).count('data-testid="delivery-row"') == 2
    for n in range(2, 30):
        staff, unit = (unit_staff_a, commune_a) if n % 2 else (unit_staff_b, commune_b)
        row(staff, unit, n, campaign=f"Phong trào {n % 3}", status=OutboxStatus.SENT)
    with CaptureQueriesContext(connection) as twenty:
        assert texts(client.get(URL)).count('data-testid="delivery-row"') == 20
    assert len(one) == len(twenty)
