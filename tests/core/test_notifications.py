"""The notification centre: stored once per key, e-mailed through the outbox."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from core import notifications
from core.models import EmailOutbox, Notification, NotificationPreference, OutboxStatus
from core.tasks import task_send_outbox
from tests.factories.campaigns import make_campaign
from tests.factories.units import make_user
from units.enums import Role


@pytest.fixture
def campaign(district):
    return make_campaign(district, title="Phát động phong trào thi đua «Dân vận khéo» & an sinh")


@pytest.fixture
def office(office_unit, district):
    return [
        make_user(
            unit=office_unit,
            roles=[Role.CAMPAIGN_OFFICE],
            body=district,
            email=f"vanphong{i}@example.vn",
        )
        for i in range(2)
    ]


def tell(campaign, users, key="transition:1", **context):
    return notifications.notify(
        "campaign_changed",
        campaign,
        recipients=users,
        context={
            "campaign": campaign,
            "action": "publish",
            "state_label": "Đã ban hành",
            **context,
        },
        key=key,
        link=f"/ke-hoach/{campaign.pk}/",
    )


def test_notify_twice_with_one_key_notifies_each_recipient_once(
    campaign, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert tell(campaign, office) == 2
        assert tell(campaign, office) == 2  # a retried task

    assert Notification.objects.count() == 2
    assert EmailOutbox.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [u.email for u in office]
    assert set(EmailOutbox.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    # Sending again finds nothing pending: the outbox is what makes e-mail exactly once.
    assert task_send_outbox.delay().get() == 0
    assert len(mail.outbox) == 2


def test_a_new_key_is_a_new_notification(campaign, office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(campaign, office, key="transition:1")
        tell(campaign, office, key="transition:2")
    assert Notification.objects.count() == 4
    assert len(mail.outbox) == 4


def test_the_stored_rows_read_as_plain_vietnamese_with_an_absolute_link(
    campaign, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell(campaign, office[:1], reason="Sửa chỉ tiêu")
    note = Notification.objects.get()
    assert note.title == f"Đã ban hành kế hoạch «{campaign.title}»"
    assert "&amp;" not in note.title and "&" in note.title  # plain text, not HTML-escaped
    assert note.link == f"/ke-hoach/{campaign.pk}/"
    assert (note.target, note.recipient, note.read_at) == (campaign, office[0], None)
    assert "http://" not in note.body  # the link is the notification itself in the app
    message = mail.outbox[0]
    assert message.subject == f"[Thi đua] {note.title}"
    assert "Lý do: Sửa chỉ tiêu" in message.body
    assert f"Xem kế hoạch: http://127.0.0.1:8000/ke-hoach/{campaign.pk}/" in message.body
    assert "\n\n\n" not in message.body


def test_message_id_is_derived_from_the_key(campaign, office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(campaign, office[:1], key="transition:7")
    key = f"transition:7:{office[0].pk}"
    assert mail.outbox[0].extra_headers["Message-ID"] == notifications.message_id(key)
    assert mail.outbox[0].message()["Message-ID"] == notifications.message_id(key)
    assert notifications.message_id(key) == notifications.message_id(key)
    assert notifications.message_id(key).endswith("@localhost>")


def test_site_url_setting_makes_the_links(
    settings, campaign, office, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://thidua.ninhhai.local/"
    with django_capture_on_commit_callbacks(execute=True):
        tell(campaign, office[:1])
    assert f"https://thidua.ninhhai.local/ke-hoach/{campaign.pk}/" in mail.outbox[0].body


def test_email_turned_off_still_notifies_in_the_app(
    campaign, office, django_capture_on_commit_callbacks
):
    notifications.set_preferences(office[0], email_events=[])
    with django_capture_on_commit_callbacks(execute=True):
        tell(campaign, office)
    assert Notification.objects.filter(recipient=office[0]).count() == 1
    assert [m.to for m in mail.outbox] == [[office[1].email]]
    assert notifications.preferences_for(office[0])["campaign_changed"] is False
    assert notifications.preferences_for(office[1])["campaign_changed"] is True


def test_no_address_or_inactive_account(campaign, office, django_capture_on_commit_callbacks):
    office[0].email = ""
    office[0].save()
    office[1].is_active = False
    office[1].save()
    with django_capture_on_commit_callbacks(execute=True):
        assert tell(campaign, office) == 1
    assert list(Notification.objects.values_list("recipient", flat=True)) == [office[0].pk]
    assert EmailOutbox.objects.count() == 0
    assert mail.outbox == []


def test_unknown_event_is_refused(campaign, office):
    with pytest.raises(ValueError, match="Unknown notification event"):
        notifications.notify("nope", campaign, recipients=office, key="x")


def test_a_failed_email_stays_pending_then_is_retried_then_gives_up(
    monkeypatch, campaign, office, django_capture_on_commit_callbacks
):
    calls = []

    def broken(self, fail_silently=False):
        calls.append(self.to)
        raise OSError("Máy chủ thư không trả lời")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        tell(campaign, office[:1])
    row = EmailOutbox.objects.get()
    assert (row.status, row.attempts, row.last_error) == (
        OutboxStatus.PENDING,
        1,
        "Máy chủ thư không trả lời",
    )
    for _ in range(notifications.MAX_ATTEMPTS):
        notifications.send_pending()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, notifications.MAX_ATTEMPTS)
    assert len(calls) == notifications.MAX_ATTEMPTS

    monkeypatch.undo()
    assert notifications.send_pending() == 0  # a failed row is not sent again by the sweep
    assert mail.outbox == []


def test_send_pending_goes_through_batches(campaign, district, office_unit):
    users = [
        make_user(unit=office_unit, roles=[Role.CAMPAIGN_OFFICE], body=district, email=f"u{i}@x.vn")
        for i in range(7)
    ]
    tell(campaign, users)  # not committed: nothing sent yet
    assert mail.outbox == []
    assert notifications.send_pending(batch=3) == 7
    assert len(mail.outbox) == 7
    assert notifications.send_pending(batch=3) == 0


def test_preferences_are_stored_per_kind(office):
    notifications.set_preferences(office[0], email_events=["dossier_returned"])
    chosen = notifications.preferences_for(office[0])
    assert chosen["dossier_returned"] is True
    assert chosen["report_returned"] is False
    assert NotificationPreference.objects.filter(user=office[0]).count() == len(
        notifications.EVENTS
    )


def test_every_event_has_its_two_templates():
    from django.template.loader import get_template

    for event in notifications.EVENTS:
        get_template(f"notifications/{event}_subject.txt")
        get_template(f"notifications/{event}_body.txt")


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_email_once(monkeypatch):
    import threading
    import time

    from django.db import connection

    if not connection.features.has_select_for_update_skip_locked:
        pytest.skip("SKIP LOCKED is a PostgreSQL path; SQLite has one writer at a time")
    EmailOutbox.objects.bulk_create(
        EmailOutbox(
            to=f"u{i}@example.vn",
            event="reminder",
            subject=f"Thư {i}",
            body="Nội dung",
            message_id=notifications.message_id(f"test:{i}"),
            key=f"test:{i}",
        )
        for i in range(40)
    )
    send = EmailMessage.send

    def slow(self, fail_silently=False):
        time.sleep(0.01)  # long enough for the other sender to reach the same rows
        return send(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", slow)
    counts = []

    def sender():
        try:
            counts.append(notifications.send_pending(batch=5))
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 40
    assert sorted(m.subject for m in mail.outbox) == sorted(f"Thư {i}" for i in range(40))
    assert not EmailOutbox.objects.exclude(status=OutboxStatus.SENT).exists()


def test_the_delivery_log_in_the_admin_is_read_only(client, district, campaign, office):
    from django.urls import reverse

    tell(campaign, office)  # not committed: the e-mails stay pending
    EmailOutbox.objects.filter(recipient=office[0]).update(
        status=OutboxStatus.FAILED, attempts=5, last_error="Máy chủ thư từ chối"
    )
    admin = make_user(unit=district, is_superuser=True, is_staff=True)
    client.force_login(admin)
    failed = client.get(reverse("admin:core_emailoutbox_changelist"), {"status__exact": "failed"})
    assert failed.status_code == 200
    assert list(failed.context["cl"].result_list) == list(
        EmailOutbox.objects.filter(recipient=office[0])
    )
    row = EmailOutbox.objects.get(recipient=office[0])
    page = client.get(reverse("admin:core_emailoutbox_change", args=[row.pk]))
    assert "Máy chủ thư từ chối" in page.content.decode()
    assert page.context["has_change_permission"] is False
    notes = client.get(reverse("admin:core_notification_changelist"))
    assert notes.status_code == 200
    assert len(notes.context["cl"].result_list) == 2
    note = Notification.objects.first()
    assert client.get(reverse("admin:core_notification_change", args=[note.pk])).status_code == 200
