import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.models import TransitionLog
from core.workflow import WorkflowError
from decisions import cash, services
from decisions.enums import DecisionKind, DecisionState, FormType
from decisions.models import BaseSalary, Decision, DecisionLine
from tests.factories.units import make_user
from units.enums import Role, SigningMode

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 0))


def test_draft_lists_collectives_first_with_printed_texts(
    award_round, award_form, nominations, campaign_office
):
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    assert decision.state == DecisionState.DRAFT
    assert decision.number == "" and decision.form_type == FormType.GIAY_KHEN
    kinds = [line.nominee_kind for line in decision.lines.order_by("order")]
    assert kinds == ["collective"] * 2 + ["individual"] * 3
    assert [line.order for line in decision.lines.order_by("order")] == [1, 2, 3, 4, 5]
    person_line = decision.lines.filter(nominee_kind="individual").first()
    assert person_line.post_and_unit == "Chuyên viên, UBND xã An Hải"
    assert "Luật Thi đua, khen thưởng" in decision.legal_basis
    assert "05/TTr-UBND" in decision.legal_basis
    assert decision.authority_line.startswith("CHỦ TỊCH ")
    assert TransitionLog.objects.for_object(decision).get().action == "draft"
    # The same nominations are not offered to a second decision.
    with pytest.raises(WorkflowError):
        services.draft_decision(award_round, award_form, by=campaign_office)


def test_draft_a_chosen_subset(award_round, award_form, nominations, appraiser):
    chosen = [nominations[0].pk, nominations[3].pk]
    decision = services.draft_decision(award_round, award_form, by=appraiser, nomination_ids=chosen)
    assert set(decision.lines.values_list("nomination_id", flat=True)) == set(chosen)
    assert services.eligible_nominations(award_round, award_form).count() == 3


def test_only_the_office_or_appraiser_of_the_body_drafts(
    award_round, award_form, nominations, approver, unit_staff_a, other_office
):
    for user in (approver, unit_staff_a, other_office):
        with pytest.raises(PermissionDenied):
            services.draft_decision(award_round, award_form, by=user)


def test_issue_numbers_dates_signs_and_freezes_cash(
    award_round, award_form, nominations, campaign_office, approver
):
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    with pytest.raises(PermissionDenied):
        services.issue_decision(decision, by=campaign_office, now=NOW)
    services.issue_decision(decision, by=approver, now=NOW)
    decision.refresh_from_db()
    assert decision.state == DecisionState.ISSUED
    assert decision.number_text == "1/QĐ-UBND"
    assert decision.issued_on == datetime.date(2026, 12, 1)
    assert (decision.issue_day, decision.issue_month, decision.issue_year) == (1, 12, 2026)
    assert decision.signature_lines == "CHỦ TỊCH" and decision.signing_prefix == ""
    assert decision.signer_name == approver.full_name
    assert decision.base_salary == 2_340_000
    amounts = dict(decision.lines.values_list("nominee_kind", "amount").distinct())
    # 0.6 × 2.340.000 = 1.404.000 and 0.3 × 2.340.000 = 702.000, rounded up to 10.000 đ.
    assert amounts == {"collective": 1_410_000, "individual": 710_000}
    codes = list(decision.lines.values_list("verification_code", flat=True))
    assert all(codes) and len(set(codes)) == 5
    log = TransitionLog.objects.for_object(decision).get(action="issue")
    assert log.data["number"] == "1/QĐ-UBND" and log.actor == approver


def test_numbers_follow_per_body_and_year(
    award_round, award_form, campaign, commune_b, district, campaign_office, approver
):
    from tests.decisions.conftest import approved_nominations

    approved_nominations(campaign, commune_b, collectives=1, individuals=1)
    first = services.draft_decision(award_round, award_form, by=campaign_office)
    services.issue_decision(first, by=approver, now=NOW)
    approved_nominations(campaign, commune_b, collectives=1, individuals=0)
    second = services.draft_decision(award_round, award_form, by=campaign_office)
    services.issue_decision(second, by=approver, now=NOW)
    next_year = NOW.replace(year=2027, month=1, day=4)
    approved_nominations(campaign, commune_b, collectives=0, individuals=1)
    third = services.draft_decision(award_round, award_form, by=campaign_office)
    services.issue_decision(third, by=approver, now=next_year)
    numbers = [Decision.objects.get(pk=d.pk).number_text for d in (first, second, third)]
    assert numbers == ["1/QĐ-UBND", "2/QĐ-UBND", "1/QĐ-UBND"]


def test_a_deputy_signs_for_the_chairman(
    award_round, award_form, nominations, campaign_office, district
):
    deputy = make_user(
        unit=district,
        roles=[Role.APPROVER],
        body=district,
        signing_mode=SigningMode.DEPUTY,
        full_name="Lê Văn Phó",
    )
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    services.issue_decision(decision, by=deputy, now=NOW)
    decision.refresh_from_db()
    assert decision.signature_lines == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    assert decision.signing_prefix == "KT." and decision.signer_name == "Lê Văn Phó"


def test_base_salary_is_the_one_in_force_on_the_date(
    award_round, award_form, nominations, campaign_office, approver
):
    BaseSalary.objects.create(valid_from=datetime.date(2027, 1, 1), amount=2_600_000)
    assert cash.base_salary(datetime.date(2026, 12, 31)) == 2_340_000
    assert cash.base_salary(datetime.date(2027, 1, 1)) == 2_600_000
    assert cash.base_salary(datetime.date(2024, 6, 30)) == 1_800_000
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    services.issue_decision(decision, by=approver, now=NOW.replace(year=2027, month=2))
    decision.refresh_from_db()
    assert decision.base_salary == 2_600_000
    assert decision.lines.filter(nominee_kind="individual").first().amount == 780_000


def test_amount_in_words():
    assert cash.in_words(7_780_000) == "Bảy triệu bảy trăm tám mươi nghìn đồng"
    assert cash.money(1_410_000) == "1.410.000"


def test_an_issued_decision_is_immutable(
    award_round, award_form, nominations, campaign_office, approver
):
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    services.issue_decision(decision, by=approver, now=NOW)
    decision.refresh_from_db()
    with pytest.raises(WorkflowError):
        services.ensure_editable(decision, by=campaign_office)
    with pytest.raises(WorkflowError):
        services.remove_lines(decision, [decision.lines.first().pk], by=campaign_office)
    line = decision.lines.first()
    with pytest.raises(WorkflowError):
        services.save_line(line, name="Tên khác", post_and_unit="", by=campaign_office)
    with pytest.raises(WorkflowError):
        services.issue_decision(decision, by=approver, now=NOW)
    with pytest.raises(WorkflowError):
        services.cancel_decision(decision, by=campaign_office, reason="nhầm")
    assert Decision.objects.get(pk=decision.pk).number_text == "1/QĐ-UBND"


def test_issue_refuses_a_nomination_no_longer_approved(
    award_round, award_form, nominations, campaign_office, approver
):
    from awards.models import Nomination

    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    Nomination.objects.filter(pk=nominations[0].pk).update(state="rejected")
    with pytest.raises(WorkflowError):
        services.issue_decision(decision, by=approver, now=NOW)
    decision.refresh_from_db()
    assert decision.state == DecisionState.DRAFT and decision.number == ""


def test_cancel_a_draft_frees_its_nominations(
    award_round, award_form, nominations, campaign_office
):
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    with pytest.raises(WorkflowError):
        services.cancel_decision(decision, by=campaign_office, reason="")
    services.cancel_decision(decision, by=campaign_office, reason="Lập lại theo danh sách mới")
    assert services.eligible_nominations(award_round, award_form).count() == 5


def _issued(award_round, award_form, office, approver):
    decision = services.draft_decision(award_round, award_form, by=office)
    services.issue_decision(decision, by=approver, now=NOW)
    decision.refresh_from_db()
    return decision


def test_partial_revocation_revokes_the_lines_only(
    award_round, award_form, nominations, campaign_office, approver
):
    original = _issued(award_round, award_form, campaign_office, approver)
    revoked_line = original.lines.get(order=3)
    revocation = services.draft_correction(
        original,
        DecisionKind.REVOKE,
        by=campaign_office,
        reason="Cá nhân kê khai không trung thực thành tích",
        line_ids=[revoked_line.pk],
    )
    assert revocation.lines.get().replaces == revoked_line
    services.issue_decision(revocation, by=approver, now=NOW)
    revocation.refresh_from_db()
    assert revocation.number_text == "2/QĐ-UBND"
    revoked_line.refresh_from_db()
    assert revoked_line.revoked_by == revocation
    original.refresh_from_db()
    assert original.state == DecisionState.ISSUED
    assert original.lines.filter(revoked_by__isnull=True).count() == 4
    assert TransitionLog.objects.for_object(original).filter(action="revoke_lines").exists()


def test_full_revocation_revokes_the_decision(
    award_round, award_form, nominations, campaign_office, approver
):
    original = _issued(award_round, award_form, campaign_office, approver)
    revocation = services.draft_correction(
        original, DecisionKind.REVOKE, by=campaign_office, reason="Hồ sơ giả mạo"
    )
    services.issue_decision(revocation, by=approver, now=NOW)
    original.refresh_from_db()
    assert original.state == DecisionState.REVOKED
    assert not original.lines.filter(revoked_by__isnull=True).exists()
    log = TransitionLog.objects.for_object(original).get(action="revoke")
    assert "2/QĐ-UBND" in log.reason


def test_amendment_replaces_the_list(
    award_round, award_form, nominations, campaign_office, approver
):
    original = _issued(award_round, award_form, campaign_office, approver)
    amendment = services.draft_correction(
        original, DecisionKind.AMEND, by=campaign_office, reason="Sai tên một cá nhân"
    )
    line = amendment.lines.get(order=3)
    services.save_line(
        line, name="Nguyễn Văn Bính 1", post_and_unit="Chuyên viên", by=campaign_office
    )
    services.issue_decision(amendment, by=approver, now=NOW)
    original.refresh_from_db()
    amendment.refresh_from_db()
    assert original.state == DecisionState.AMENDED
    assert not original.lines.filter(revoked_by__isnull=True).exists()
    assert amendment.lines.get(order=3).name == "Nguyễn Văn Bính 1"
    assert amendment.lines.filter(verification_code__isnull=False).count() == 5
    # A decision no longer in force cannot be corrected again.
    with pytest.raises(PermissionDenied):
        services.draft_correction(original, DecisionKind.REVOKE, by=campaign_office, reason="x")


def test_revocation_of_a_decision_already_revoked_is_refused_at_issue(
    award_round, award_form, nominations, campaign_office, approver
):
    original = _issued(award_round, award_form, campaign_office, approver)
    first = services.draft_correction(original, DecisionKind.REVOKE, by=campaign_office, reason="a")
    second = services.draft_correction(
        original, DecisionKind.REVOKE, by=campaign_office, reason="b"
    )
    services.issue_decision(first, by=approver, now=NOW)
    with pytest.raises(WorkflowError):
        services.issue_decision(second, by=approver, now=NOW)
    assert (
        DecisionLine.objects.filter(decision=second, verification_code__isnull=False).count() == 0
    )


def test_issue_tells_the_units_and_the_office_once(
    award_round,
    award_form,
    nominations,
    campaign_office,
    approver,
    unit_staff_a,
    unit_staff_b,
    django_capture_on_commit_callbacks,
):
    from core.models import Notification
    from decisions.tasks import task_notify_decision_issued

    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_decision(decision, by=approver, now=NOW)
    note = Notification.objects.get(recipient=unit_staff_a)
    assert "1/QĐ-UBND" in note.title and "Nguyễn Văn Bình 1" in note.body
    assert Notification.objects.filter(recipient=campaign_office).count() == 1
    assert not Notification.objects.filter(recipient__in=[unit_staff_b, approver]).exists()
    log = TransitionLog.objects.for_object(decision).get(action="issue")
    task_notify_decision_issued(decision_id=decision.pk, log_id=log.pk)  # a retried task
    assert Notification.objects.filter(recipient=unit_staff_a).count() == 1
