import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied

from campaigns.enums import LatePolicy
from core.models import TransitionLog
from core.services import WorkflowError
from reports import services
from reports.enums import SUBMISSION_TRANSITIONS, SubmissionState
from reports.models import ReportSubmission
from tests.factories.reports import FULL, RATE, fill, make_submission

VN = ZoneInfo("Asia/Ho_Chi_Minh")
JUST_BEFORE = datetime.datetime(2026, 11, 14, 23, 59, 59, tzinfo=VN)
MIDNIGHT = datetime.datetime(2026, 11, 15, 0, 0, 0, tzinfo=VN)


@pytest.fixture
def report_a(obligation, commune_a, unit_staff_a):
    submission = services.start_submission(obligation, unit=commune_a, year=2026, by=unit_staff_a)
    return fill(submission, FULL)


def history(submission):
    return [
        (h.action, h.from_state, h.to_state, h.actor.username, h.reason)
        for h in TransitionLog.objects.for_object(submission)
    ]


def test_submit_just_before_vietnam_midnight_is_on_time(report_a, unit_staff_a):
    with time_machine.travel(JUST_BEFORE, tick=False):
        services.submit_report(report_a, by=unit_staff_a)
    report_a.refresh_from_db()
    assert (report_a.state, report_a.is_late, report_a.submitted_at) == (
        SubmissionState.SUBMITTED,
        False,
        JUST_BEFORE,
    )
    assert history(report_a) == [("submit", "draft", "submitted", "donvi_a", "")]


def test_submit_at_vietnam_midnight_is_late_and_flagged(report_a, unit_staff_a):
    with time_machine.travel(MIDNIGHT, tick=False):
        services.submit_report(report_a, by=unit_staff_a)
    report_a.refresh_from_db()
    assert (report_a.state, report_a.is_late) == (SubmissionState.SUBMITTED, True)
    assert history(report_a) == [
        ("submit", "draft", "submitted", "donvi_a", "Nộp sau hạn (hết ngày 14/11/2026).")
    ]


def test_late_submission_refused_when_the_obligation_says_so(report_a, unit_staff_a, obligation):
    obligation.late_policy = LatePolicy.REFUSE
    obligation.save()
    with time_machine.travel(MIDNIGHT, tick=False), pytest.raises(WorkflowError) as error:
        services.submit_report(report_a, by=unit_staff_a)
    assert str(error.value) == "Đã hết hạn nộp báo cáo (hạn nộp: hết ngày 14/11/2026)."
    report_a.refresh_from_db()
    assert (report_a.state, history(report_a)) == (SubmissionState.DRAFT, [])
    # One second earlier the same report goes through.
    with time_machine.travel(JUST_BEFORE, tick=False):
        services.submit_report(report_a, by=unit_staff_a)
    assert report_a.state == SubmissionState.SUBMITTED


def test_yearly_deadline_applies_to_the_reports_year(district, commune_a, unit_staff_a):
    from tests.factories.reports import make_obligation, report_campaign

    obligation = make_obligation(report_campaign(district, yearly=(20, 12)))
    early = fill(
        services.start_submission(obligation, unit=commune_a, year=2027, by=unit_staff_a), FULL
    )
    with time_machine.travel(datetime.datetime(2027, 12, 19, 23, 59, 59, tzinfo=VN), tick=False):
        services.submit_report(early, by=unit_staff_a)
    late = fill(
        services.start_submission(obligation, unit=commune_a, year=2026, by=unit_staff_a), FULL
    )
    with time_machine.travel(datetime.datetime(2027, 12, 19, 23, 59, 59, tzinfo=VN), tick=False):
        services.submit_report(late, by=unit_staff_a)
    assert [(s.year, s.is_late) for s in ReportSubmission.objects.order_by("year")] == [
        (2026, True),
        (2027, False),
    ]


def test_submit_needs_every_value_and_section(obligation, commune_a, unit_staff_a):
    submission = services.start_submission(obligation, unit=commune_a, year=2026, by=unit_staff_a)
    fill(submission, {RATE: 62}, text="")
    with pytest.raises(WorkflowError) as error:
        services.submit_report(submission, by=unit_staff_a, now=JUST_BEFORE)
    assert str(error.value) == (
        "Chưa nộp được báo cáo: "
        "Chưa nhập số liệu «Tỷ lệ văn bản điện tử gửi, nhận được ký số (%)». "
        "Chưa nhập số liệu «Trang thông tin điện tử công khai đầy đủ». "
        "Chưa viết mục «Công tác triển khai, tổ chức thực hiện». "
        "Chưa viết mục «Kết quả thực hiện các nội dung thi đua». "
        "Chưa viết mục «Tồn tại, hạn chế và nguyên nhân». "
        "Chưa viết mục «Đề xuất, kiến nghị»."
    )


def test_submitted_report_is_read_only_until_returned_then_editable_with_history(
    report_a, unit_staff_a, campaign_office, obligation
):
    services.submit_report(report_a, by=unit_staff_a, now=JUST_BEFORE)
    rate = obligation.indicators.get(label=RATE)
    with pytest.raises(WorkflowError, match="chỉ sửa được khi cơ quan thường trực trả lại"):
        services.save_submission(report_a, answers={}, values={rate.pk: 70}, by=unit_staff_a)
    with pytest.raises(WorkflowError, match="Phải ghi rõ lý do"):
        services.return_report(report_a, by=campaign_office, reason="  ")

    services.return_report(
        report_a, by=campaign_office, reason="Số liệu tỷ lệ hồ sơ trực tuyến chưa khớp."
    )
    assert report_a.state == SubmissionState.RETURNED
    services.save_submission(report_a, answers={}, values={rate.pk: Decimal("70")}, by=unit_staff_a)
    assert report_a.values.get(indicator=rate).value == Decimal("70.00")
    # Resubmitted after the deadline: the office asked for it, so it is not late.
    services.submit_report(report_a, by=unit_staff_a, now=MIDNIGHT + datetime.timedelta(days=3))
    report_a.refresh_from_db()
    assert (report_a.state, report_a.is_late) == (SubmissionState.SUBMITTED, False)
    assert history(report_a) == [
        ("submit", "draft", "submitted", "donvi_a", ""),
        (
            "return",
            "submitted",
            "returned",
            "vanphong_t",
            "Số liệu tỷ lệ hồ sơ trực tuyến chưa khớp.",
        ),
        ("edit", "", "", "donvi_a", ""),  # the unit's correction, an event
        ("submit", "returned", "submitted", "donvi_a", ""),
    ]


def test_submission_and_return_notify_by_mail(report_a, unit_staff_a, campaign_office):
    campaign_office.email = "vanphong@example.vn"
    campaign_office.save()
    unit_staff_a.email = "donvi_a@example.vn"
    unit_staff_a.save()
    with pytest.MonkeyPatch.context() as patch:
        # Eager tasks run on commit; the test transaction never commits, so run them now.
        patch.setattr("django.db.transaction.on_commit", lambda func, **kw: func())
        services.submit_report(report_a, by=unit_staff_a, now=JUST_BEFORE)
        services.return_report(report_a, by=campaign_office, reason="Bổ sung số liệu.")
    title = report_a.obligation.title
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["vanphong@example.vn"], f"[Thi đua] UBND xã An Hải nộp báo cáo «{title}» năm 2026"),
        (["donvi_a@example.vn"], f"[Thi đua] Báo cáo «{title}» năm 2026 bị trả lại"),
    ]
    returned = mail.outbox[1].body
    assert "Lý do: Bổ sung số liệu." in returned
    assert f"http://127.0.0.1:8000/bao-cao/don-vi/{report_a.pk}/" in returned


def test_start_submission_checks_unit_and_year(obligation, commune_a, unit_staff_a, unit_staff_b):
    with pytest.raises(PermissionDenied):
        services.start_submission(obligation, unit=commune_a, year=2026, by=unit_staff_b)
    with pytest.raises(WorkflowError, match="Năm 2030 không thuộc kỳ báo cáo."):
        services.start_submission(obligation, unit=commune_a, year=2030, by=unit_staff_a)
    first = services.start_submission(obligation, unit=commune_a, year=2026, by=unit_staff_a)
    again = services.start_submission(obligation, unit=commune_a, year=2026, by=unit_staff_a)
    assert first == again


def test_unit_outside_the_obligation_cannot_start(obligation, commune_a, unit_staff_a):
    obligation.participant_mode = "kinds"
    obligation.unit_kinds = ["office"]
    obligation.save()
    with pytest.raises(WorkflowError, match="không thuộc diện phải gửi báo cáo"):
        services.start_submission(obligation, unit=commune_a, year=2026, by=unit_staff_a)


ROLES = ["unit_staff_a", "unit_staff_b", "campaign_office", "appraiser", "other_office"]
ALLOWED = {
    ("draft", "submit", "unit_staff_a"),
    ("returned", "submit", "unit_staff_a"),
    ("submitted", "return", "campaign_office"),
}


@pytest.mark.parametrize("state", [s.value for s in SubmissionState])
@pytest.mark.parametrize("action", ["submit", "return"])
@pytest.mark.parametrize("role", ROLES)
def test_every_cell_of_the_transition_table_for_every_role(
    request, obligation, commune_a, state, action, role
):
    user = request.getfixturevalue(role)
    submission = make_submission(obligation, commune_a, state=state, values=FULL)
    expected = (state, action, role) in ALLOWED
    assert user.has_perm(f"reports.{action}_reportsubmission", submission) is expected
    if expected:
        services.transition_submission(
            submission, action, by=user, reason="Lý do.", now=JUST_BEFORE
        )
        assert submission.state == SUBMISSION_TRANSITIONS[(state, action)]
    else:
        with pytest.raises((WorkflowError, PermissionDenied)):
            services.transition_submission(
                submission, action, by=user, reason="Lý do.", now=JUST_BEFORE
            )
        submission.refresh_from_db()
        assert submission.state == state


@pytest.mark.parametrize(
    ("state", "role", "can_view", "can_edit"),
    [
        ("draft", "unit_staff_a", True, True),
        ("draft", "campaign_office", False, False),
        ("submitted", "unit_staff_a", True, False),
        ("submitted", "campaign_office", True, False),
        ("submitted", "unit_staff_b", False, False),
        ("submitted", "other_office", False, False),
        ("returned", "unit_staff_a", True, True),
        ("returned", "campaign_office", True, False),
    ],
)
def test_view_and_edit_permissions(request, obligation, commune_a, state, role, can_view, can_edit):
    user = request.getfixturevalue(role)
    submission = make_submission(obligation, commune_a, state=state)
    assert (
        user.has_perm("reports.view_reportsubmission", submission),
        user.has_perm("reports.change_reportsubmission", submission),
    ) == (can_view, can_edit)
