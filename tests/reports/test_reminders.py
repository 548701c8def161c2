"""The daily sweep: every unit that has not reported gets one reminder per offset, once;
the office gets one digest of who is late."""

import datetime

import pytest
from django.core import mail

from core.models import EmailOutbox, Notification
from core.reminders import send_reminders
from core.tasks import task_send_reminders
from reports.enums import SubmissionState
from tests.factories.reports import make_submission
from tests.factories.units import make_user
from units.enums import Role

D = datetime.date
# The obligation's deadline: 00:00 15/11/2026, i.e. "hết ngày 14/11/2026" (a Saturday).


@pytest.fixture
def people(unit_staff_a, unit_staff_b, campaign_office):
    for user, address in (
        (unit_staff_a, "donvi_a@example.vn"),
        (unit_staff_b, "donvi_b@example.vn"),
        (campaign_office, "vanphong@example.vn"),
    ):
        user.email = address
        user.save()
    return unit_staff_a, unit_staff_b, campaign_office


def sweep(today, capture):
    with capture(execute=True):
        return send_reminders(today)


def test_one_sweep_reminds_every_unit_that_has_not_reported_then_nothing_twice(
    obligation, people, django_capture_on_commit_callbacks
):
    staff_a, staff_b, office = people
    # Four units must report (two offices, two communes); only the communes have staff.
    assert sweep(D(2026, 11, 11), django_capture_on_commit_callbacks) == (2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["donvi_a@example.vn", "donvi_b@example.vn"]
    message = next(m for m in mail.outbox if m.to == ["donvi_a@example.vn"])
    assert message.subject == (
        f"[Thi đua] Nhắc nộp báo cáo «{obligation.title}» năm 2026: "
        "hạn hết ngày 14/11/2026 (còn 3 ngày)"
    )
    assert "UBND xã An Hải chưa nộp báo cáo" in message.body
    assert "http://127.0.0.1:8000/bao-cao/" in message.body
    note = Notification.objects.get(recipient=staff_a)
    assert note.key == (
        f"reminder:report:{obligation.pk}:{staff_a.unit_id}:2026:3:2026-11-14:{staff_a.pk}"
    )

    # Again the same day, and the next day (no new offset due): nothing new.
    sweep(D(2026, 11, 11), django_capture_on_commit_callbacks)
    sweep(D(2026, 11, 12), django_capture_on_commit_callbacks)
    assert Notification.objects.count() == 2
    assert EmailOutbox.objects.count() == 2
    assert len(mail.outbox) == 2

    # Friday 13/11: the on-the-day reminder (Saturday 14/11 is not a working day).
    sweep(D(2026, 11, 13), django_capture_on_commit_callbacks)
    assert Notification.objects.count() == 4
    assert "(còn 1 ngày)" in mail.outbox[-1].subject  # the last day is Saturday
    assert not Notification.objects.filter(recipient=office).exists()


def test_submitted_units_are_left_alone_and_returned_ones_asked_again(
    obligation, commune_a, commune_b, people, django_capture_on_commit_callbacks
):
    make_submission(obligation, commune_a, year=2026, state=SubmissionState.SUBMITTED)
    returned = make_submission(obligation, commune_b, year=2026, state=SubmissionState.RETURNED)
    sweep(D(2026, 11, 11), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["donvi_b@example.vn"]]
    assert mail.outbox[0].subject.startswith("[Thi đua] Nhắc nộp lại báo cáo")
    assert "đã bị trả lại và chưa được nộp lại" in mail.outbox[0].body
    assert f"/bao-cao/don-vi/{returned.pk}/" in mail.outbox[0].body
    assert Notification.objects.get().target == returned


def test_after_the_deadline_the_office_gets_one_digest_a_day(
    obligation, commune_a, people, django_capture_on_commit_callbacks
):
    staff_a, staff_b, office = people
    make_submission(obligation, commune_a, year=2026, state=SubmissionState.SUBMITTED)
    assert sweep(D(2026, 11, 16), django_capture_on_commit_callbacks) == (0, 1)
    sweep(D(2026, 11, 16), django_capture_on_commit_callbacks)
    [digest] = mail.outbox
    assert digest.to == ["vanphong@example.vn"]
    assert digest.subject == "[Thi đua] Ngày 16/11/2026: 3 việc của đơn vị đã quá hạn"
    body = digest.body
    assert f"Kế hoạch «{obligation.campaign.title}»:" in body
    assert (
        f"- Báo cáo «{obligation.title}» năm 2026, hạn hết ngày 14/11/2026 (đã quá hạn 2 ngày): "
        "3 đơn vị chưa hoàn thành: "
    ) in body
    assert "chưa hoàn thành: Phòng Văn hóa và Thông tin, Phòng Nội vụ, UBND xã Bình Hải." in body
    assert "UBND xã An Hải" not in body
    assert f"Xem: http://127.0.0.1:8000/bao-cao/{obligation.pk}/tong-hop/" in body
    # No reminder to the units after the last day; the next day is a new digest.
    assert not Notification.objects.filter(recipient__in=[staff_a, staff_b]).exists()
    sweep(D(2026, 11, 17), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_the_digest_lists_a_late_report_for_thirty_days_after_its_last_day(
    obligation, people, django_capture_on_commit_callbacks
):
    # Last day 14/11/2026: the digest names the late units until 14/12, then stops, so a
    # year-old report does not fill the office's e-mail every morning.
    assert sweep(D(2026, 12, 14), django_capture_on_commit_callbacks) == (0, 1)
    assert "đã quá hạn 30 ngày" in mail.outbox[-1].body
    assert sweep(D(2026, 12, 15), django_capture_on_commit_callbacks) == (0, 0)
    assert sweep(D(2027, 6, 1), django_capture_on_commit_callbacks) == (0, 0)
    assert len(mail.outbox) == 1


def test_the_office_that_left_is_not_told(
    obligation, district, office_unit, people, django_capture_on_commit_callbacks
):
    _a, _b, office = people
    office.is_active = False
    office.save()
    colleague = make_user(
        unit=office_unit, roles=[Role.CAMPAIGN_OFFICE], body=district, email="moi@example.vn"
    )
    sweep(D(2026, 11, 16), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[colleague.email]]


def test_the_daily_task_runs_the_sweep(obligation, people):
    # Today (whatever it is) is long after the 2026 deadline or before it: the task runs.
    result = task_send_reminders.delay().get()
    assert set(result) == {"reminders", "digests"}


def test_reminder_offsets_come_from_settings(
    settings, obligation, people, django_capture_on_commit_callbacks
):
    settings.REMINDER_OFFSETS = [10]
    assert sweep(D(2026, 11, 3), django_capture_on_commit_callbacks) == (0, 0)
    assert sweep(D(2026, 11, 4), django_capture_on_commit_callbacks) == (2, 0)
    sweep(D(2026, 11, 11), django_capture_on_commit_callbacks)  # catches up: same reminder
    assert Notification.objects.count() == 2
    assert {n.key.split(":")[5] for n in Notification.objects.all()} == {"10"}


def test_the_command_runs_a_sweep_for_a_given_day(obligation, people):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    call_command("send_reminders", "--ngay", "11/11/2026", stdout=out)
    assert "Ngày 11/11/2026: 2 việc được nhắc" in out.getvalue()
    assert Notification.objects.count() == 2
    with pytest.raises(CommandError, match="không đúng dạng dd/mm/yyyy"):
        call_command("send_reminders", "--ngay", "2026-11-11")


def test_the_units_report_list_says_how_many_days_are_left(client, obligation, unit_staff_a):
    from django.urls import reverse
    from django.utils import timezone

    from core.reminders import vietnam_today
    from reports.models import ReportObligation

    today = vietnam_today()
    last = today + datetime.timedelta(days=3)
    due = timezone.make_aware(
        datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time())
    )
    ReportObligation.objects.filter(pk=obligation.pk).update(due_at=due)
    client.force_login(unit_staff_a)
    html = client.get(reverse("reports:report_list")).content.decode()
    assert f"Hạn nộp: hết ngày {last:%d/%m/%Y}" in html
    assert 'data-testid="days-left">Còn 3 ngày</span>' in html


def test_the_office_reminds_missing_units_now_once_a_day(
    client, obligation, commune_a, people, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from core.models import TransitionLog

    staff_a, staff_b, office = people
    make_submission(obligation, commune_a, year=2026, state=SubmissionState.SUBMITTED)
    url = reverse("reports:remind_missing", args=[obligation.pk])
    client.force_login(office)
    board = client.get(reverse("reports:dashboard", args=[obligation.pk]))
    assert 'data-testid="remind-missing"' in board.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"year": "2026", "all": "1"}, follow=True)
        again = client.post(url, {"year": "2026", "all": "1"}, follow=True)  # same day
    assert "Đã gửi nhắc nhở cho 1 đơn vị." in response.content.decode()
    assert "Bỏ qua 1 đơn vị đã được nhắc hôm nay" in again.content.decode()
    assert [m.to for m in mail.outbox] == [[staff_b.email]]
    assert Notification.objects.get().recipient == staff_b
    log = TransitionLog.objects.for_object(obligation).filter(action="remind").first()
    assert log.actor == office
    assert log.data["summary"] == "Năm 2026: nhắc 1 đơn vị: UBND xã Bình Hải."


def test_only_the_office_may_remind(client, obligation, people, other_office):
    from django.urls import reverse

    url = reverse("reports:remind_missing", args=[obligation.pk])
    client.force_login(people[0])
    assert client.post(url, {"year": "2026"}).status_code in (403, 404)
    client.force_login(other_office)
    assert client.post(url, {"year": "2026"}).status_code == 404
    assert not Notification.objects.exists()
