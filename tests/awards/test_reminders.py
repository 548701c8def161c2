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


def test_the_round_s_own_offsets_win_over_the_campaign_s(
    round_campaign, people, django_capture_on_commit_callbacks
):
    from campaigns.models import AwardRound

    Campaign.objects.filter(pk=round_campaign.pk).update(reminder_offsets="10")
    AwardRound.objects.filter(campaign=round_campaign).update(reminder_offsets="5")
    # 27/11 is 3 days before: neither 10 nor 5 is due that day... 5 is (25/11 <= 27/11).
    assert sweep(D(2026, 11, 20), django_capture_on_commit_callbacks) == (0, 0)  # 10 ignored
    assert sweep(D(2026, 11, 25), django_capture_on_commit_callbacks) == (2, 0)
    assert {n.key.split(":")[4] for n in Notification.objects.all()} == {"5"}


def test_a_dossier_waiting_longer_than_the_processing_limit_reminds_the_office(
    round_campaign, commune_a, people, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from awards.models import Dossier
    from campaigns.models import AwardRound

    staff_a, _staff_b, office = people
    AwardRound.objects.filter(campaign=round_campaign).update(processing_days=3)
    dossier = make_dossier(round_campaign, commune_a, state=DossierState.SUBMITTED)
    # Received Friday 13/11/2026: 3 working days are Mon 16, Tue 17, Wed 18.
    received = timezone.make_aware(datetime.datetime(2026, 11, 13, 10))
    Dossier.objects.filter(pk=dossier.pk).update(state_changed_at=received)
    mail.outbox.clear()
    sweep(D(2026, 11, 17), django_capture_on_commit_callbacks)
    assert not [m for m in mail.outbox if m.to == [office.email]]
    sweep(D(2026, 11, 18), django_capture_on_commit_callbacks)
    [told] = [m for m in mail.outbox if m.to == [office.email]]
    assert told.subject == (
        "[Thi đua] Nhắc xử lý hồ sơ khen thưởng của UBND xã An Hải, đợt «Tổng kết 2026»: "
        "hạn xử lý hết ngày 18/11/2026 (hôm nay là ngày cuối)"
    )
    assert f"/khen-thuong/ho-so/{dossier.pk}/" in told.body
    # The next day it is in the office's digest, not sent to the unit.
    mail.outbox.clear()
    sweep(D(2026, 11, 19), django_capture_on_commit_callbacks)
    [digest] = [m for m in mail.outbox if m.to == [office.email]]
    assert "- Xử lý hồ sơ khen thưởng của UBND xã An Hải" in digest.body
    assert "đã quá hạn 1 ngày" in digest.body
    assert not [m for m in mail.outbox if m.to == [staff_a.email] and "xử lý" in m.subject]


def test_the_office_reminds_selected_units_from_the_dossier_list(
    client, round_campaign, commune_a, commune_b, people, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from core.models import TransitionLog

    staff_a, staff_b, office = people
    round_ = round_campaign.awardround_set.get()
    client.force_login(office)
    page = client.get(reverse("awards:dossier_list"), {"round": round_.pk}).content.decode()
    assert 'data-testid="missing-units"' in page
    assert "UBND xã An Hải" in page and "UBND xã Bình Hải" in page
    url = reverse("awards:remind_missing", args=[round_.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"unit": [commune_a.pk]}, follow=True).content.decode()
        second = client.post(url, {"unit": [commune_a.pk, commune_b.pk]}, follow=True)
    assert "Đã gửi nhắc nhở cho 1 đơn vị." in first
    assert "Đã gửi nhắc nhở cho 1 đơn vị. Bỏ qua 1 đơn vị đã được nhắc hôm nay" in (
        second.content.decode()
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff_a.email, staff_b.email])
    log = TransitionLog.objects.for_object(round_campaign).filter(action="remind").first()
    assert log.actor == office


def test_only_the_issuing_office_may_remind_from_the_dossier_list(
    client, round_campaign, people, other_office
):
    from django.urls import reverse

    url = reverse("awards:remind_missing", args=[round_campaign.awardround_set.get().pk])
    client.force_login(people[0])
    assert client.post(url, {"all": "1"}).status_code in (403, 404)
    client.force_login(other_office)
    assert client.post(url, {"all": "1"}).status_code == 404
    assert not Notification.objects.exists()
