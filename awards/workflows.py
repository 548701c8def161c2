"""The dossier and nomination workflows, declared once for core.workflow."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.enums import LatePolicy
from core.text import deadline_text
from core.workflow import Workflow, WorkflowError

from .checks import dossier_problems
from .enums import (
    DOSSIER_ACTION_LABELS,
    DOSSIER_ACTIONS_NEEDING_REASON,
    DOSSIER_TRANSITIONS,
    NOMINATION_TRANSITIONS,
    Appraisal,
    DossierState,
    NominationState,
)
from .models import Dossier, Nomination
from .snapshots import dossier_snapshot


def _deadline_text(deadline):
    return deadline_text(deadline)


class DossierWorkflow(Workflow):
    name = "dossier"
    model = Dossier
    states = DossierState
    transitions = DOSSIER_TRANSITIONS
    action_labels = DOSSIER_ACTION_LABELS
    event_labels = {
        "edit": gettext_lazy("Sửa hồ sơ"),
        "attach": gettext_lazy("Thêm tệp đính kèm"),
        "detach": gettext_lazy("Bỏ tệp đính kèm"),
        "propose": gettext_lazy("Lập đề nghị từ kết quả xếp hạng"),
        "propose_upward": gettext_lazy("Đề nghị cấp trên khen thưởng"),
    }
    colours = {
        DossierState.DRAFT: "secondary",
        DossierState.SUBMITTED: "primary",
        DossierState.RETURNED: "warning",
        DossierState.RESUBMITTED: "primary",
        DossierState.ACCEPTED: "info",
        DossierState.APPRAISED: "info",
        DossierState.DECIDED: "success",
        DossierState.REFUSED: "danger",
    }
    reason_required = frozenset(DOSSIER_ACTIONS_NEEDING_REASON)
    permission = "awards.{action}_dossier"
    select_related = ("round__campaign__issuing_body", "unit")
    noun = gettext_lazy("hồ sơ")

    def check(self, locked, move):
        if move.action == "submit":
            problems = dossier_problems(locked, now=move.now)
            if problems:
                raise WorkflowError(
                    _("Chưa nộp được hồ sơ: %(problems)s") % {"problems": " ".join(problems)}
                )
            deadline = locked.round.deadline
            if deadline and move.now >= deadline and locked.round.late_policy == LatePolicy.REFUSE:
                raise WorkflowError(
                    _("Đã hết hạn nộp hồ sơ (hạn nộp: %(deadline)s).")
                    % {"deadline": _deadline_text(deadline)}
                )
        elif move.action == "appraise":
            if locked.nominations.filter(appraisal=Appraisal.PENDING).exists():
                raise WorkflowError(_("Còn đề nghị chưa có ý kiến thẩm định."))
        elif move.action == "decide":
            if locked.nominations.filter(
                state=NominationState.PROPOSED, appraisal=Appraisal.PROPOSE
            ).exists():
                raise WorkflowError(_("Còn đề nghị chưa được phê duyệt hoặc từ chối."))

    def before_save(self, locked, move):
        if move.action == "submit":
            deadline = locked.round.deadline
            if deadline and move.now >= deadline:
                locked.is_late = True
                move.data["late"] = True
            locked.submitted_at = move.now
            return ["submitted_at", "is_late"]
        if move.action == "return":
            locked.returned_snapshot = dossier_snapshot(locked)
            return ["returned_snapshot"]
        return []

    def after_commit(self, locked, move, log):
        if move.system:
            return
        from .tasks import task_notify_dossier_transition  # noqa: PLC0415 - tasks import models

        task_notify_dossier_transition.delay(
            dossier_id=locked.pk, action=move.action, log_id=log.pk
        )


class NominationWorkflow(Workflow):
    """Approval of one nomination; `awards.services.approve_nomination` takes the round's
    and the quotas' locks and checks the quotas before it calls this workflow."""

    name = "nomination"
    model = Nomination
    states = NominationState
    transitions = NOMINATION_TRANSITIONS
    action_labels = {
        "approve": gettext_lazy("Phê duyệt khen thưởng"),
        "reject": gettext_lazy("Không khen thưởng"),
    }
    event_labels = {
        "appraise": gettext_lazy("Ghi ý kiến thẩm định"),
    }
    colours = {
        NominationState.PROPOSED: "secondary",
        NominationState.APPROVED: "success",
        NominationState.REJECTED: "danger",
    }
    permission = "awards.{action}_nomination"
    permission_message = gettext_lazy("Bạn không có quyền phê duyệt đề nghị này.")
    changed_at_field = None
    select_related = ("dossier",)
    noun = gettext_lazy("đề nghị")

    def check(self, locked, move):
        if locked.appraisal != Appraisal.PROPOSE:
            raise WorkflowError(
                _("Chỉ phê duyệt đề nghị được cơ quan thẩm định đề nghị khen thưởng.")
            )

    def before_save(self, locked, move):
        locked.decided_at = move.now
        locked.decided_by = move.by
        return ["decided_at", "decided_by"]


class AwardRoundEvents(Workflow):
    name = "award_round"
    event_labels = {
        "extend_deadline": gettext_lazy("Gia hạn nhận hồ sơ"),
        "propose_upward": gettext_lazy("Đề nghị cấp trên khen thưởng"),
    }
    noun = gettext_lazy("đợt khen thưởng")


DOSSIER = DossierWorkflow()
NOMINATION = NominationWorkflow()
AWARD_ROUND = AwardRoundEvents()
