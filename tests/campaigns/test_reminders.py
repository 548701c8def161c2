"""Reminders on the plan itself: a registration window closing, a unit plan due."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from campaigns.enums import CampaignState
from campaigns.models import Campaign, Milestone, Registration
from core.models import Notification
from core.reminders import send_reminders
from tests.factories.campaigns import make_campaign

D = datetime.date


def aware(day):
    """00:00 Vietnam time on `day`: "trước ngày …", i.e. hết ngày the day before."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@pytest.fixture
def people(unit_staff_a, unit_staff_b, campaign_office):
    for user in (unit_staff_a, unit_staff_b, campaign_office):
        user.email = f"{user.username}@example.vn"
        user.save()
    return unit_staff_a, unit_staff_b, campaign_office


@pytest.fixture
def plan(district, commune_a, commune_b):
    campaign = make_campaign(district)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.PUBLISHED)
    campaign.refresh_from_db()
    return campaign


def sweep(today, capture):
    with capture(execute=True):
        return send_reminders(today)


def test_units_not_registered_are_reminded_before_the_window_closes(
    plan, commune_a, people, django_capture_on_commit_callbacks
):
    staff_a, staff_b, _office = people
    # "hết ngày 27/11/2026" (a Friday); 3 days before is Tuesday 24/11, Vietnam
    # Cultural Day (a holiday), so that reminder goes out on Monday 23/11.
    Campaign.objects.filter(pk=plan.pk).update(
        registration_enabled=True, registration_deadline=aware(D(2026, 11, 28))
    )
    Registration.objects.create(campaign=plan, unit=commune_a, registered_by=staff_a)
    assert sweep(D(2026, 11, 23), django_capture_on_commit_callbacks) == (1, 0)
    [message] = mail.outbox
    assert message.to == [staff_b.email]
    assert message.subject == (
        f"[Thi đua] Nhắc đăng ký thi đua «{plan.title}»: hạn hết ngày 27/11/2026 (còn 4 ngày)"
    )
    assert "UBND xã Bình Hải chưa đăng ký thi đua" in message.body
    assert f"/ke-hoach/{plan.pk}/dang-ky/" in message.body
    assert sweep(D(2026, 11, 24), django_capture_on_commit_callbacks) == (1, 0)
    assert Notification.objects.count() == 1  # the same offset: nothing new
    # After the window: no reminder, no digest (registering is the unit's choice).
    assert sweep(D(2026, 11, 30), django_capture_on_commit_callbacks) == (0, 0)


def test_a_unit_plan_milestone_reminds_every_unit_at_the_campaign_s_offsets(
    plan, people, django_capture_on_commit_callbacks
):
    Campaign.objects.filter(pk=plan.pk).update(reminder_offsets="2")
    Milestone.objects.create(
        campaign=plan,
        local_id="moc-ke-hoach",
        kind="unit_plans_due",
        phrase="trước ngày 12/11/2026",
        precision="date",
        date=D(2026, 11, 12),
        due_at=aware(D(2026, 11, 12)),
    )
    # hết ngày 11/11/2026 (Wednesday); the default 7-day reminder is not sent, 2 days is.
    assert sweep(D(2026, 11, 4), django_capture_on_commit_callbacks) == (0, 0)
    assert sweep(D(2026, 11, 9), django_capture_on_commit_callbacks) == (2, 0)
    subjects = {m.subject for m in mail.outbox}
    assert subjects == {
        "[Thi đua] Nhắc nộp kế hoạch thi đua của đơn vị: hạn hết ngày 11/11/2026 (còn 2 ngày)"
    }
    assert sweep(D(2026, 11, 9), django_capture_on_commit_callbacks) == (2, 0)
    assert Notification.objects.count() == 2


def test_a_registration_milestone_tracked_by_the_window_is_not_reminded_twice(
    plan, people, django_capture_on_commit_callbacks
):
    Campaign.objects.filter(pk=plan.pk).update(
        registration_enabled=True, registration_deadline=aware(D(2026, 11, 12))
    )
    Milestone.objects.create(
        campaign=plan,
        local_id="moc-dang-ky",
        kind="registration_due",
        phrase="trước ngày 12/11/2026",
        precision="date",
        date=D(2026, 11, 12),
        due_at=aware(D(2026, 11, 12)),
    )
    sweep(D(2026, 11, 10), django_capture_on_commit_callbacks)
    assert {n.key.split(":")[1] for n in Notification.objects.all()} == {"registration"}
    assert Notification.objects.count() == 2


def test_offsets_typed_on_the_campaign_form_are_validated(plan):
    from campaigns.forms import CampaignForm
    from units.models import Unit

    data = {
        "issuing_body": plan.issuing_body_id,
        "title": plan.title,
        "kind": plan.kind,
        "document_type": "KẾ HOẠCH",
        "reminder_offsets": "7, ba",
    }
    form = CampaignForm(data, instance=plan, bodies=Unit.objects.all())
    assert not form.is_valid()
    assert "«ba» không phải số ngày" in form.errors["reminder_offsets"][0]
