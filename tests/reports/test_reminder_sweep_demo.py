"""Issue 12's done-when on the demo: its report deadline moved to 3 days ahead, one sweep
reminds every unit that has not reported exactly once (in-app and e-mail through the
outbox), a second sweep the same day sends nothing, and the office gets one digest.

The sweep day is today in Vietnam (the demo's dates are relative to the load), and the
counts do not depend on the weekday: whichever offset a weekend or a holiday makes due
today, each unit is told once."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from core.models import EmailOutbox, Notification, OutboxStatus
from core.notifications import message_id
from core.reminders import end_of_day, send_reminders, vietnam_today
from reports import services
from reports.enums import SubmissionState
from reports.models import ReportObligation, ReportSubmission
from reports.selectors import obligation_units
from units.enums import Role
from units.models import RoleGrant, User

pytestmark = pytest.mark.django_db


def missing_units(obligation):
    """The units that must report and have not submitted: from the rows, not the sweep."""
    submitted = set(
        ReportSubmission.objects.filter(
            obligation=obligation, year=obligation.first_year, state=SubmissionState.SUBMITTED
        ).values_list("unit_id", flat=True)
    )
    return {u.pk: u for u in obligation_units(obligation) if u.pk not in submitted}


def staff_of(unit_ids):
    grants = RoleGrant.objects.filter(
        role=Role.UNIT_STAFF, body_id__in=unit_ids, user__is_active=True
    ).select_related("user")
    return {g.user for g in grants}


def sweep(today, capture):
    with capture(execute=True):
        return send_reminders(today)


def snapshot():
    return Notification.objects.count(), EmailOutbox.objects.count(), len(mail.outbox)


def test_the_demo_with_its_deadline_three_days_ahead(django_capture_on_commit_callbacks):
    call_command("load_demo", stdout=io.StringIO())
    obligation = ReportObligation.objects.get(campaign__key="seed-000-ninh-hai")
    today = vietnam_today()
    last_day = today + datetime.timedelta(days=3)
    services.change_deadline(
        obligation,
        by=None,
        system=True,
        due_at=end_of_day(last_day),
        reason="Thử nhắc hạn: còn 3 ngày.",
    )
    missing = missing_units(obligation)
    # The demo: 13 units must report, Thanh Hải, Phương Hải, Vĩnh Hải and Tri Hải have.
    assert len(missing) == 9
    staff = staff_of(missing)
    reached = {u.pk for u in missing.values() if any(s.unit_id == u.pk for s in staff)}
    assert len(staff) >= 4  # Khánh Hải (returned), Tân Hải (draft), Nhơn Hải…
    prefix = f"reminder:report:{obligation.pk}:"

    sweep(today, django_capture_on_commit_callbacks)

    notes = list(Notification.objects.filter(key__startswith=prefix).select_related("recipient"))
    mails = list(EmailOutbox.objects.filter(key__startswith=prefix))
    # One reminder per person of every unit that has not reported; nobody else.
    assert sorted(n.recipient_id for n in notes) == sorted(s.pk for s in staff)
    assert {n.unit_id for n in notes} == reached
    assert sorted(m.recipient_id for m in mails) == sorted(s.pk for s in staff if s.email)
    assert {m.status for m in mails} == {OutboxStatus.SENT}
    by_id = {r.message_id: r for r in mails}
    sent = [m for m in mail.outbox if m.extra_headers["Message-ID"] in by_id]
    assert sorted(m.to[0] for m in sent) == sorted(s.email for s in staff if s.email)
    for message in sent:  # the Message-ID is the key's, so a receiver can drop a resend
        assert message.extra_headers["Message-ID"] == message_id(
            by_id[message.extra_headers["Message-ID"]].key
        )
        assert message.to == [by_id[message.extra_headers["Message-ID"]].to]
    khanh_hai = next(n for n in notes if n.recipient.username == "donvi3")
    assert khanh_hai.title.startswith("Nhắc nộp lại báo cáo")  # returned, not resubmitted
    assert f"hạn hết ngày {last_day:%d/%m/%Y}" in khanh_hai.title
    assert not any(n.recipient.username == "donvi1" for n in notes)  # Tri Hải resubmitted
    # An office gets at most one digest; the Ninh Hải office none: nothing of its is late
    # yet (the other seeds' 2025 reports are late by more than the digest's 30 days).
    digests = Notification.objects.filter(event="overdue_digest")
    offices = User.objects.filter(role_grants__role=Role.CAMPAIGN_OFFICE)
    assert all(digests.filter(recipient=o).count() <= 1 for o in offices)
    assert not digests.filter(recipient__username="vanphong").exists()

    # A second sweep the same day: nothing at all, in-app or e-mail.
    before = snapshot()
    sweep(today, django_capture_on_commit_callbacks)
    assert snapshot() == before

    # The day after the last day: the office gets one digest of the 9 units, no unit is
    # told again; a second sweep that day sends nothing either.
    late = last_day + datetime.timedelta(days=1)
    sweep(late, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(key__startswith=prefix).count() == len(notes)
    office = User.objects.get(username="vanphong")
    body = obligation.campaign.issuing_body
    [digest] = Notification.objects.filter(event="overdue_digest", recipient=office)
    assert digest.key == f"digest:{body.pk}:{late.isoformat()}:{office.pk}"
    [letter] = [m for m in mail.outbox if m.to == [digest.recipient.email]]
    for unit in missing.values():
        assert unit.name in letter.body
    before = snapshot()
    sweep(late, django_capture_on_commit_callbacks)
    assert snapshot() == before


def test_the_demo_district_that_has_not_sent_up_is_reminded(
    client, django_capture_on_commit_callbacks
):
    """The province's deadline moved to 3 days ahead: Ninh Sơn's office (its consolidated
    report compiled, not sent) is reminded once, with a link to its report's page; Ninh Hải
    and Thuận Bắc (sent) are not; after the last day the province office's digest names
    Ninh Sơn."""
    from django.urls import reverse

    from reports.demo import PROVINCE_KEY
    from reports.models import ConsolidatedReport

    call_command("load_demo", stdout=io.StringIO())
    upper = ReportObligation.objects.get(campaign__key=PROVINCE_KEY)
    today = vietnam_today()
    last_day = today + datetime.timedelta(days=3)
    services.change_deadline(
        upper, by=None, system=True, due_at=end_of_day(last_day), reason="Thử nhắc hạn."
    )
    prefix = f"reminder:rollup:{upper.pk}:"

    sweep(today, django_capture_on_commit_callbacks)

    [note] = Notification.objects.filter(key__startswith=prefix).select_related("recipient")
    assert note.recipient.username == "vanphong_ninhson"
    assert note.title.startswith(f"Nhắc gửi báo cáo tổng hợp «{upper.title}» năm 2023")
    assert f"hạn hết ngày {last_day:%d/%m/%Y}" in note.title
    report = ConsolidatedReport.objects.get(issuing_body__code="NT-NS")
    assert note.link == reverse("reports:consolidated_update", args=[report.pk])
    [letter] = [m for m in mail.outbox if m.to == [note.recipient.email]]
    assert "UBND huyện Ninh Sơn chưa gửi báo cáo tổng hợp" in letter.body
    client.force_login(note.recipient)
    page = client.get(note.link).content.decode()
    assert 'data-testid="send-consolidated"' in page
    before = snapshot()
    sweep(today, django_capture_on_commit_callbacks)
    assert snapshot() == before

    late = last_day + datetime.timedelta(days=1)
    sweep(late, django_capture_on_commit_callbacks)
    province = User.objects.get(username="vanphong_ninhthuan")
    [digest] = Notification.objects.filter(event="overdue_digest", recipient=province)
    assert "1 cơ quan cấp dưới chưa gửi: UBND huyện Ninh Sơn." in digest.body
    assert "Ninh Hải" not in digest.body and "Thuận Bắc" not in digest.body
    assert Notification.objects.filter(key__startswith=prefix).count() == 1
