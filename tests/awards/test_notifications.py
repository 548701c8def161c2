"""Dossier moves tell the people concerned through the notification centre, once."""

import pytest
from django.core import mail

from awards.enums import Appraisal, DossierState
from awards.models import Dossier
from awards.services import approve_nomination, reject_nomination, transition_dossier
from awards.tasks import task_notify_dossier_transition
from core import notifications
from core.models import EmailOutbox, Notification, TransitionLog
from tests.factories.awards import nominate
from tests.factories.units import make_user
from units.enums import Role

REASON = "Thiếu biên bản họp Hội đồng Thi đua - Khen thưởng xã."


@pytest.fixture
def ready(dossier_a, commune_a, people_a):
    nominate(dossier_a, unit=commune_a)
    nominate(dossier_a, person=people_a[0])
    return dossier_a


@pytest.fixture
def staff_a(unit_staff_a, commune_a):
    unit_staff_a.email = "donvi_a@example.vn"
    unit_staff_a.save()
    second = make_user(unit=commune_a, roles=[Role.UNIT_STAFF], email="vanthu_a@example.vn")
    return [unit_staff_a, second]


@pytest.fixture
def office_mail(campaign_office):
    campaign_office.email = "vanphong@example.vn"
    campaign_office.save()
    return campaign_office


def in_state(dossier, state):
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    dossier.refresh_from_db()
    return dossier


def test_return_tells_the_units_staff_with_the_reason_and_a_link(
    ready, staff_a, office_mail, unit_staff_b, django_capture_on_commit_callbacks
):
    unit_staff_b.email = "donvi_b@example.vn"
    unit_staff_b.save()
    dossier = in_state(ready, DossierState.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        transition_dossier(dossier, "return", by=office_mail, reason=REASON)

    assert sorted(m.to[0] for m in mail.outbox) == ["donvi_a@example.vn", "vanthu_a@example.vn"]
    message = mail.outbox[0]
    assert message.subject == "[Thi đua] Hồ sơ đề nghị khen thưởng của UBND xã An Hải bị trả lại"
    assert f"Lý do: {REASON}" in message.body
    assert f"http://127.0.0.1:8000/khen-thuong/ho-so/{dossier.pk}/" in message.body
    notes = Notification.objects.filter(recipient=staff_a[0])
    assert [(n.event, n.link, n.target) for n in notes] == [
        ("dossier_returned", f"/khen-thuong/ho-so/{dossier.pk}/", dossier)
    ]
    assert REASON in notes[0].body
    # Nobody outside the unit, and not the office that returned it.
    assert not Notification.objects.filter(recipient__in=[unit_staff_b, office_mail]).exists()


def test_the_task_run_twice_notifies_once(
    ready, staff_a, office_mail, django_capture_on_commit_callbacks
):
    dossier = in_state(ready, DossierState.SUBMITTED)
    transition_dossier(dossier, "return", by=office_mail, reason=REASON)  # not committed
    log = TransitionLog.objects.for_object(dossier).get()

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):  # a worker died after sending; the task is delivered again
            task_notify_dossier_transition.delay(
                dossier_id=dossier.pk, action="return", log_id=log.pk
            )

    assert Notification.objects.count() == 2
    assert sorted(EmailOutbox.objects.values_list("key", flat=True)) == sorted(
        f"transition:{log.pk}:{user.pk}" for user in staff_a
    )
    assert len(mail.outbox) == 2


def test_without_log_id_the_latest_move_is_told(
    ready, staff_a, office_mail, django_capture_on_commit_callbacks
):
    dossier = in_state(ready, DossierState.SUBMITTED)
    transition_dossier(dossier, "return", by=office_mail, reason=REASON)
    log = TransitionLog.objects.for_object(dossier).get()
    with django_capture_on_commit_callbacks(execute=True):
        task_notify_dossier_transition.delay(dossier_id=dossier.pk, action="return")
        task_notify_dossier_transition.delay(dossier_id=dossier.pk, action="return", log_id=log.pk)
    assert Notification.objects.count() == 2
    assert f"Lý do: {REASON}" in mail.outbox[0].body


def test_submission_and_resubmission_tell_the_office(
    ready, unit_staff_a, office_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        transition_dossier(ready, "submit", by=unit_staff_a)
        transition_dossier(ready, "return", by=office_mail, reason=REASON)
        transition_dossier(ready, "submit", by=unit_staff_a)

    titles = list(
        Notification.objects.filter(recipient=office_mail)
        .order_by("pk")
        .values_list("title", flat=True)
    )
    assert titles == [
        "UBND xã An Hải nộp hồ sơ đề nghị khen thưởng",
        "UBND xã An Hải nộp lại hồ sơ đề nghị khen thưởng",
    ]
    assert [m.to for m in mail.outbox] == [[office_mail.email], [office_mail.email]]


def test_accept_tells_the_unit(ready, staff_a, office_mail, django_capture_on_commit_callbacks):
    dossier = in_state(ready, DossierState.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        transition_dossier(dossier, "accept", by=office_mail)
    assert set(Notification.objects.values_list("event", flat=True)) == {"dossier_accepted"}
    assert mail.outbox[0].subject == (
        "[Thi đua] Hồ sơ đề nghị khen thưởng của UBND xã An Hải đã được tiếp nhận"
    )


def test_decision_tells_the_unit_who_is_awarded_and_who_is_not(
    ready, staff_a, approver, django_capture_on_commit_callbacks
):
    dossier = in_state(ready, DossierState.APPRAISED)
    dossier.nominations.update(appraisal=Appraisal.PROPOSE)
    first, second = dossier.nominations.order_by("order", "pk")
    with django_capture_on_commit_callbacks(execute=True):
        approve_nomination(first, by=approver)
        reject_nomination(second, by=approver, reason="Chưa đủ thời gian công tác.")

    assert set(Notification.objects.values_list("event", flat=True)) == {"dossier_decided"}
    body = mail.outbox[0].body
    assert "Được khen thưởng (1):\n- UBND xã An Hải: Giấy khen của Chủ tịch UBND huyện" in body
    assert "Không được khen thưởng (1):\n- Cán bộ A0: Giấy khen" in body


def test_email_off_for_returns_keeps_the_bell(
    ready, staff_a, office_mail, django_capture_on_commit_callbacks
):
    notifications.set_preferences(
        staff_a[0], email_events=set(notifications.EVENTS) - {"dossier_returned"}
    )
    dossier = in_state(ready, DossierState.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        transition_dossier(dossier, "return", by=office_mail, reason=REASON)
    assert [m.to for m in mail.outbox] == [["vanthu_a@example.vn"]]
    assert notifications.unread_count(staff_a[0]) == 1
