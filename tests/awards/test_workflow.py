import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from awards.enums import DOSSIER_TRANSITIONS, Appraisal, DossierState
from awards.models import Dossier
from awards.services import (
    dossier_diff,
    ensure_dossier_editable,
    record_appraisal,
    transition_dossier,
)
from core.models import TransitionLog
from core.services import WorkflowError
from tests.factories.awards import award_campaign, make_dossier, nominate

S = DossierState
TZ = timezone.get_default_timezone()
ACTOR_FOR = {
    "submit": "unit_staff_a",
    "return": "campaign_office",
    "accept": "campaign_office",
    "refuse": "campaign_office",
    "appraise": "appraiser",
    "decide": "approver",
}


def in_state(dossier, state):
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def ready(dossier_a, commune_a, people_a):
    nominate(dossier_a, unit=commune_a)
    nominate(dossier_a, person=people_a[0])
    return dossier_a


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", sorted(ACTOR_FOR))
def test_transition_table(request, ready, state, action):
    actor = request.getfixturevalue(ACTOR_FOR[action])
    dossier = in_state(ready, state)
    if action == "decide":
        dossier.nominations.update(appraisal=Appraisal.NOT_PROPOSE)
    if action == "appraise":
        dossier.nominations.update(appraisal=Appraisal.PROPOSE)
    expected = DOSSIER_TRANSITIONS.get((state, action))

    if expected is None:
        with pytest.raises((WorkflowError, PermissionDenied)):
            transition_dossier(dossier, action, by=actor, reason="Thiếu biên bản")
        assert TransitionLog.objects.for_object(dossier).count() == 0
    else:
        transition_dossier(dossier, action, by=actor, reason="Thiếu biên bản")
        dossier.refresh_from_db()
        log = TransitionLog.objects.for_object(dossier).get()
        assert (dossier.state, log.from_state, log.to_state, log.actor) == (
            expected,
            state,
            expected,
            actor,
        )


@pytest.mark.parametrize(("state", "action"), sorted(DOSSIER_TRANSITIONS))
@pytest.mark.parametrize("user_fixture", ["unit_staff_b", "other_office", "admin_user"])
def test_outsiders_cannot_move_a_dossier(request, ready, state, action, user_fixture):
    user = request.getfixturevalue(user_fixture)
    dossier = in_state(ready, state)

    with pytest.raises(PermissionDenied):
        transition_dossier(dossier, action, by=user, reason="x")


@pytest.mark.parametrize(
    ("action", "wrong"),
    [
        ("submit", "campaign_office"),
        ("accept", "unit_staff_a"),
        ("appraise", "campaign_office"),
        ("decide", "appraiser"),
    ],
)
def test_each_move_belongs_to_its_role(request, ready, action, wrong):
    state = {
        "submit": S.DRAFT,
        "accept": S.SUBMITTED,
        "appraise": S.ACCEPTED,
        "decide": S.APPRAISED,
    }[action]
    dossier = in_state(ready, state)

    with pytest.raises(PermissionDenied):
        transition_dossier(dossier, action, by=request.getfixturevalue(wrong))


def test_return_needs_a_reason(ready, campaign_office):
    dossier = in_state(ready, S.SUBMITTED)

    with pytest.raises(WorkflowError, match="Phải ghi rõ lý do trả lại hồ sơ."):
        transition_dossier(dossier, "return", by=campaign_office, reason="")


def test_submitted_dossier_is_read_only_until_returned(ready, unit_staff_a, campaign_office):
    transition_dossier(ready, "submit", by=unit_staff_a)

    with pytest.raises(
        WorkflowError, match="Hồ sơ đã nộp chỉ sửa được khi cơ quan thường trực trả lại."
    ):
        ensure_dossier_editable(ready, by=unit_staff_a)

    transition_dossier(ready, "return", by=campaign_office, reason="Bổ sung biên bản")
    ensure_dossier_editable(ready, by=unit_staff_a)
    transition_dossier(ready, "submit", by=unit_staff_a)
    assert ready.state == S.RESUBMITTED


def test_submission_notifies_the_office_on_commit(
    ready, unit_staff_a, campaign_office, django_capture_on_commit_callbacks
):
    campaign_office.email = "vanphong@example.org"
    campaign_office.save()

    with django_capture_on_commit_callbacks(execute=True):
        transition_dossier(ready, "submit", by=unit_staff_a)

    assert [m.to for m in mail.outbox] == [["vanphong@example.org"]]


@pytest.mark.parametrize(
    ("policy", "moment", "outcome"),
    [
        ("refuse", (2026, 11, 29, 23, 59, 59), "on_time"),
        ("refuse", (2026, 11, 30, 0, 0, 0), "refused"),
        ("flag", (2026, 11, 29, 23, 59, 59), "on_time"),
        ("flag", (2026, 11, 30, 0, 0, 0), "late"),
    ],
)
def test_deadline_at_vietnam_midnight(district, commune_a, unit_staff_a, policy, moment, outcome):
    campaign = award_campaign(district, deadline="2026-11-30T00:00:00+07:00", late_policy=policy)
    dossier = make_dossier(campaign, commune_a)
    nominate(dossier, unit=commune_a)
    now = datetime.datetime(*moment, tzinfo=TZ)

    if outcome == "refused":
        with pytest.raises(
            WorkflowError, match=r"Đã hết hạn nộp hồ sơ \(hạn nộp: hết ngày 29/11/2026\)."
        ):
            transition_dossier(dossier, "submit", by=unit_staff_a, now=now)
        assert Dossier.objects.get(pk=dossier.pk).state == S.DRAFT
    else:
        transition_dossier(dossier, "submit", by=unit_staff_a, now=now)
        assert (dossier.state, dossier.is_late) == (S.SUBMITTED, outcome == "late")


def test_submission_refused_with_every_problem(
    dossier_a, commune_a, other_district, people_a, unit_staff_a, person_b
):
    people_a[1].discipline_pending = True
    people_a[1].save()
    nominate(dossier_a, unit=other_district)
    nominate(dossier_a, person=people_a[1])
    nominate(dossier_a, person=person_b)

    with pytest.raises(WorkflowError) as error:
        transition_dossier(dossier_a, "submit", by=unit_staff_a)

    message = str(error.value)
    assert "UBND huyện Khác: Tập thể không thuộc phạm vi phong trào." in message
    assert "Cán bộ A1: Cá nhân đang bị xem xét kỷ luật, điều tra, thanh tra" in message
    assert "Trần Văn Bảo: Cá nhân không thuộc đơn vị trình." in message


def test_empty_dossier_cannot_be_submitted(dossier_a, unit_staff_a):
    with pytest.raises(WorkflowError, match="Hồ sơ chưa có đề nghị khen thưởng nào."):
        transition_dossier(dossier_a, "submit", by=unit_staff_a)


def test_council_threshold(district, commune_a, people_a, unit_staff_a):
    campaign = award_campaign(district, vote_pct=80)
    dossier = make_dossier(campaign, commune_a, council_members=10, council_present=9)
    below = nominate(dossier, person=people_a[0], votes=7)
    exact = nominate(dossier, person=people_a[1], votes=8)

    assert (below.passes_council(), exact.passes_council()) == (False, True)
    with pytest.raises(WorkflowError, match="Không đạt tỷ lệ phiếu đồng ý"):
        transition_dossier(dossier, "submit", by=unit_staff_a)


def test_default_council_threshold_is_more_than_half(dossier_a, people_a):
    dossier_a.council_members = 10
    dossier_a.save()

    assert nominate(dossier_a, person=people_a[0], votes=5).passes_council() is False
    assert nominate(dossier_a, person=people_a[1], votes=6).passes_council() is True


def test_appraisal_per_nomination_then_appraise(ready, appraiser, unit_staff_a, campaign_office):
    transition_dossier(ready, "submit", by=unit_staff_a)
    transition_dossier(ready, "accept", by=campaign_office)
    first, second = ready.nominations.all()

    record_appraisal(first, opinion="propose", note="Đủ tiêu chuẩn", by=appraiser)
    with pytest.raises(WorkflowError, match="Còn đề nghị chưa có ý kiến thẩm định."):
        transition_dossier(ready, "appraise", by=appraiser)
    record_appraisal(second, opinion="not_propose", note="Thiếu báo cáo thành tích", by=appraiser)
    transition_dossier(ready, "appraise", by=appraiser)

    assert ready.state == S.APPRAISED


def test_diff_after_return_shows_exactly_the_change(ready, unit_staff_a, campaign_office, people_a):
    transition_dossier(ready, "submit", by=unit_staff_a)
    transition_dossier(ready, "return", by=campaign_office, reason="Thay một cá nhân")
    ready.nominations.get(person=people_a[0]).delete()
    nominate(ready, person=people_a[2])

    changes = dossier_diff(ready)

    assert changes == [
        ("Cán bộ A0", "đề nghị", "có", "đã bỏ"),
        ("Cán bộ A2", "đề nghị", "chưa có", "thêm mới"),
    ]
