"""Dossier reminders: units that still owe a dossier in an open round, once per offset."""

import datetime

import pytest
from django.core import mail

from awards.enums import DossierState
from campaigns.models import Campaign, Registration
from core.models import Notification
from core.reminders import send_reminders
from tests.factories.awards import award_campaign, make_dossier

D = datetime.date
# "hết ngày 30/11/2026" (a Monday): the round's deadline is 00:00 01/12/2026.
DEADLINE = "2026-12-01T00:00:00+07:00"


@pytest.fixture
def round_campaign(district, office_unit, home_affairs_unit, commune_a, commune_b):
    return award_campaign(district, deadline=DEADLINE)


@pytest.fixture
def people(unit_staff_a, unit_staff_b, campaign_office):
    for user in (unit_staff_a, unit_staff_b, campaign_office):
        user.email = f"{user.username}@example.vn"
        user.save()
    return unit_staff_a, unit_staff_b, campaign_office


def sweep(today, capture):
    with capture(execute=True):
        return send_reminders(today)


def test_units_without_a_submitted_dossier_are_reminded_once(
    round_campaign, commune_b, people, django_capture_on_commit_callbacks
):
    staff_a, staff_b, _office = people
    make_dossier(round_campaign, commune_b, state=DossierState.SUBMITTED)
    sweep(D(2026, 11, 27), django_capture_on_commit_callbacks)  # Friday: 3 days before
    sweep(D(2026, 11, 27), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[staff_a.email]]
    assert mail.outbox[0].subject == (
        "[Thi đua] Nhắc nộp hồ sơ đề nghị khen thưởng đợt «Tổng kết 2026»: "
        "hạn hết ngày 30/11/2026 (còn 3 ngày)"
    )
    assert "UBND xã An Hải chưa nộp hồ sơ đề nghị khen thưởng" in mail.outbox[0].body
    assert "http://127.0.0.1:8000/khen-thuong/" in mail.outbox[0].body
    assert Notification.objects.get().target == round_campaign.awardround_set.get()


def test_a_returned_dossier_is_asked_again_with_a_link_to_it(
    round_campaign, commune_a, people, django_capture_on_commit_callbacks
):
    dossier = make_dossier(round_campaign, commune_a, state=DossierState.RETURNED)
    sweep(D(2026, 11, 30), django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == [people[0].email])
    assert message.subject.startswith("[Thi đua] Nhắc nộp lại hồ sơ")
    assert "(hôm nay là ngày cuối)" in message.subject
    assert f"/khen-thuong/ho-so/{dossier.pk}/" in message.body


def test_with_registration_only_registered_units_are_reminded(
    round_campaign, commune_a, people, django_capture_on_commit_callbacks
):
    Campaign.objects.filter(pk=round_campaign.pk).update(registration_enabled=True)
    Registration.objects.create(campaign=round_campaign, unit=commune_a, registered_by=people[0])
    sweep(D(2026, 11, 27), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[people[0].email]]


def test_after_the_deadline_the_office_digest_lists_missing_dossiers(
    round_campaign, people, django_capture_on_commit_callbacks
):
    assert sweep(D(2026, 12, 2), django_capture_on_commit_callbacks) == (0, 1)
    [digest] = mail.outbox
    assert digest.to == [people[2].email]
    assert "- Hồ sơ đề nghị khen thưởng đợt «Tổng kết 2026», hạn hết ngày 30/11/2026" in digest.body
    assert "4 đơn vị chưa hoàn thành" in digest.body
    # A month later the round is history: no more digests about it.
    mail.outbox.clear()
    assert sweep(D(2027, 1, 15), django_capture_on_commit_callbacks) == (0, 0)
