"""The bell, the notification list and the preferences page: each user's own rows only."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import notifications
from core.context_processors import notifications as bell
from core.models import Notification, NotificationPreference
from tests.factories.campaigns import make_campaign

LIST = reverse("core:notification_list")
PREFS = reverse("core:notification_preferences")


def make_notes(user, count, *, read=0, link="/khen-thuong/"):
    start = timezone.now() - datetime.timedelta(hours=count)
    return [
        Notification.objects.create(
            recipient=user,
            event="dossier_returned",
            title=f"Hồ sơ số {i} bị trả lại",
            body=f"Lý do: thiếu biên bản số {i}.",
            link=link,
            key=f"test:{user.pk}:{i}",
            created_at=start + datetime.timedelta(hours=i),
            read_at=timezone.now() if i < read else None,
        )
        for i in range(count)
    ]


def test_the_bell_shows_the_unread_count(client, unit_staff_a, unit_staff_b):
    make_notes(unit_staff_a, 3, read=1)
    make_notes(unit_staff_b, 5)
    client.force_login(unit_staff_a)
    response = client.get(reverse("core:dashboard"))
    assert response.context["unread_notifications"] == 2
    html = response.content.decode()
    assert 'data-testid="bell-count">2</span>' in html
    assert "2 thông báo chưa đọc" in html


def test_no_count_and_no_query_for_a_visitor():
    # No database fixture: any query here would raise.
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert bell(request) == {}


def test_the_count_is_one_query(unit_staff_a, django_assert_num_queries):
    make_notes(unit_staff_a, 4, read=1)
    request = RequestFactory().get("/")
    request.user = unit_staff_a
    with django_assert_num_queries(1):
        assert bell(request) == {"unread_notifications": 3}


def test_the_list_is_newest_first_and_only_mine(client, unit_staff_a, unit_staff_b):
    mine = make_notes(unit_staff_a, 3, read=1)
    make_notes(unit_staff_b, 2)
    client.force_login(unit_staff_a)
    response = client.get(LIST)
    assert list(response.context["notifications"]) == mine[::-1]
    html = response.content.decode()
    assert "Hồ sơ số 2 bị trả lại" in html and "Lý do: thiếu biên bản số 2." in html
    assert html.count('data-testid="notification"') == 3
    assert "dossier_returned" not in html  # no code on the page
    assert "Đánh dấu tất cả đã đọc" in html


@pytest.mark.parametrize("rows", [1, 20])
def test_the_list_query_count_does_not_grow(client, unit_staff_a, rows):
    make_notes(unit_staff_a, rows)
    client.force_login(unit_staff_a)
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert len(response.context["notifications"]) == rows
    # session, user, grants (menu), bell count, page count, page rows, the menu's unit
    assert len(queries.captured_queries) == 7


def test_the_list_is_paginated(client, unit_staff_a):
    make_notes(unit_staff_a, 25)
    client.force_login(unit_staff_a)
    first = client.get(LIST)
    assert len(first.context["notifications"]) == 20
    assert "Trang 1/2" in first.content.decode()
    second = client.get(LIST, {"page": 2})
    assert [n.title for n in second.context["notifications"]] == [
        f"Hồ sơ số {i} bị trả lại" for i in range(4, -1, -1)
    ]


def test_opening_marks_read_and_goes_to_the_object(client, unit_staff_a):
    note = make_notes(unit_staff_a, 1, link="/khen-thuong/ho-so/7/")[0]
    client.force_login(unit_staff_a)
    assert client.get(reverse("core:notification_open", args=[note.pk])).status_code == 405
    response = client.post(reverse("core:notification_open", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/khen-thuong/ho-so/7/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert notifications.unread_count(unit_staff_a) == 0


def test_an_outside_link_is_never_followed(client, unit_staff_a):
    note = make_notes(unit_staff_a, 1, link="//example.invalid/")[0]
    client.force_login(unit_staff_a)
    response = client.post(reverse("core:notification_open", args=[note.pk]))
    assert response["Location"] == LIST


@pytest.mark.parametrize("name", ["core:notification_open", "core:notification_read"])
def test_someone_elses_notification_is_not_found(client, unit_staff_a, unit_staff_b, name):
    theirs = make_notes(unit_staff_b, 1)[0]
    client.force_login(unit_staff_a)
    assert client.post(reverse(name, args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_read_returns_to_the_page(client, unit_staff_a):
    notes = make_notes(unit_staff_a, 2)
    client.force_login(unit_staff_a)
    response = client.post(
        reverse("core:notification_read", args=[notes[0].pk]), {"next": f"{LIST}?page=1"}
    )
    assert response["Location"] == f"{LIST}?page=1"
    assert [n.read_at is not None for n in Notification.objects.order_by("pk")] == [True, False]


def test_mark_all_read_touches_only_mine(client, unit_staff_a, unit_staff_b):
    make_notes(unit_staff_a, 3)
    make_notes(unit_staff_b, 2)
    client.force_login(unit_staff_a)
    response = client.post(reverse("core:notification_read_all"), follow=True)
    assert "Đã đánh dấu 3 thông báo là đã đọc." in response.content.decode()
    assert notifications.unread_count(unit_staff_a) == 0
    assert notifications.unread_count(unit_staff_b) == 2
    assert 'data-testid="bell-count"' not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        LIST,
        PREFS,
        reverse("core:notification_open", args=[1]),
        reverse("core:notification_read_all"),
    ],
)
def test_visitors_are_sent_to_login(client, url):
    response = client.post(url) if "mo" in url or "da-doc" in url else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_preferences_page_lists_every_kind_in_vietnamese(client, unit_staff_a):
    client.force_login(unit_staff_a)
    html = client.get(PREFS).content.decode()
    for label in notifications.EVENTS.values():
        assert str(label) in html
    assert html.count(" checked") == len(notifications.EVENTS)  # e-mail on by default
    assert "dossier_returned" not in html.replace('name="dossier_returned"', "").replace(
        'id="id_dossier_returned"', ""
    ).replace('for="id_dossier_returned"', "")


def test_turning_email_off_keeps_the_notification_in_the_app(
    client, unit_staff_a, district, django_capture_on_commit_callbacks
):
    unit_staff_a.email = "donvi_a@example.vn"
    unit_staff_a.save()
    client.force_login(unit_staff_a)
    kept = [e for e in notifications.EVENTS if e != "campaign_changed"]
    response = client.post(PREFS, dict.fromkeys(kept, "on"), follow=True)
    assert "Đã lưu cách nhận thông báo." in response.content.decode()
    assert not NotificationPreference.objects.get(user=unit_staff_a, event="campaign_changed").email
    campaign = make_campaign(district)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(
            "campaign_changed",
            campaign,
            recipients=[unit_staff_a],
            context={"campaign": campaign, "action": "publish", "state_label": "Đã ban hành"},
            key="test:prefs",
            link="/ke-hoach/",
        )
    assert mail.outbox == []
    assert notifications.unread_count(unit_staff_a) == 1
    html = client.get(PREFS).content.decode()
    assert html.count(" checked") == len(notifications.EVENTS) - 1
