"""The report-submission workflow and the report events, declared once for core.workflow."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.enums import LatePolicy
from core.text import deadline_text
from core.workflow import Workflow, WorkflowError

from .enums import (
    CONSOLIDATED_ACTION_LABELS,
    CONSOLIDATED_TRANSITIONS,
    SUBMISSION_ACTION_LABELS,
    SUBMISSION_ACTIONS_NEEDING_REASON,
    SUBMISSION_TRANSITIONS,
    ConsolidatedState,
    SubmissionState,
)
from .models import ConsolidatedReport, ReportObligation, ReportSubmission


def _deadline_text(deadline):
    return deadline_text(deadline)


class SubmissionWorkflow(Workflow):
    """A unit's report: draft → submitted ⇄ returned. A first submission meets the deadline
    (00:00 Vietnam time after the due day): after it, refused or accepted and flagged late
    as the obligation says. A report the office returned is resubmitted without a new
    deadline check: the office asked for it."""

    name = "report"
    model = ReportSubmission
    states = SubmissionState
    transitions = SUBMISSION_TRANSITIONS
    action_labels = SUBMISSION_ACTION_LABELS
    event_labels = {
        "edit": gettext_lazy("Sửa báo cáo"),
        "attach": gettext_lazy("Thêm tệp đính kèm"),
    }
    colours = {
        SubmissionState.DRAFT: "secondary",
        SubmissionState.SUBMITTED: "success",
        SubmissionState.RETURNED: "warning",
    }
    reason_required = frozenset(SUBMISSION_ACTIONS_NEEDING_REASON)
    permission = "reports.{action}_reportsubmission"
    select_related = ("obligation__campaign__issuing_body", "unit")
    noun = gettext_lazy("báo cáo")

    def _late(self, locked, move):
        deadline = locked.deadline
        return move.from_state == SubmissionState.DRAFT and deadline and move.now >= deadline

    def check(self, locked, move):
        if move.action != "submit":
            return
        from .services import submission_problems  # noqa: PLC0415 - services import this module

        problems = submission_problems(locked)
        if problems:
            raise WorkflowError(
                _("Chưa nộp được báo cáo: %(problems)s") % {"problems": " ".join(problems)}
            )
        if self._late(locked, move) and locked.obligation.late_policy == LatePolicy.REFUSE:
            raise WorkflowError(
                _("Đã hết hạn nộp báo cáo (hạn nộp: %(deadline)s).")
                % {"deadline": _deadline_text(locked.deadline)}
            )

    def before_save(self, locked, move):
        if move.action != "submit":
            return []
        if self._late(locked, move):
            locked.is_late = True
            move.data["late"] = True
            move.reason = move.reason or _("Nộp sau hạn (%(deadline)s).") % {
                "deadline": _deadline_text(locked.deadline)
            }
        locked.submitted_at = move.now
        locked.submitted_by = move.by
        # Every submission keeps what was sent, so a resubmitted report shows its changes.
        from .versions import record_version  # noqa: PLC0415 - versions import selectors

        move.data["version"] = record_version(locked, by=move.by, now=move.now).number
        return ["submitted_at", "submitted_by", "is_late"]

    def after_commit(self, locked, move, log):
        if move.system:
            return
        from .tasks import task_notify_submission_transition  # noqa: PLC0415 - tasks import models

        task_notify_submission_transition.delay(
            submission_id=locked.pk, action=move.action, log_id=log.pk
        )


class ObligationEvents(Workflow):
    name = "report_obligation"
    model = ReportObligation
    event_labels = {
        "create": gettext_lazy("Tạo yêu cầu báo cáo"),
        "edit": gettext_lazy("Sửa yêu cầu báo cáo"),
        "change_deadline": gettext_lazy("Đổi hạn báo cáo"),
        "remind": gettext_lazy("Nhắc đơn vị chưa nộp"),
        "link_upper": gettext_lazy("Gắn với yêu cầu báo cáo của cấp trên"),
    }
    noun = gettext_lazy("yêu cầu báo cáo")


class ConsolidatedWorkflow(Workflow):
    """A body's consolidated report: draft → sent to the level above ⇄ returned by it;
    sent again after a change. Each sending freezes a copy (`sent_snapshot`: the compiled
    figures and the sections' text): that copy is what the level above reads for the body
    (reports.rollup), whatever the office edits or recompiles afterwards."""

    name = "consolidated_report"
    model = ConsolidatedReport
    states = ConsolidatedState
    transitions = CONSOLIDATED_TRANSITIONS
    action_labels = CONSOLIDATED_ACTION_LABELS
    event_labels = {
        "compile": gettext_lazy("Lập báo cáo tổng hợp"),
        "recompile": gettext_lazy("Tổng hợp lại"),
        "edit": gettext_lazy("Sửa báo cáo tổng hợp"),
    }
    colours = {
        ConsolidatedState.DRAFT: "secondary",
        ConsolidatedState.SENT: "success",
        ConsolidatedState.RETURNED: "warning",
    }
    reason_required = frozenset({"return"})
    permission = "reports.{action}_consolidatedreport"
    select_related = ("obligation__upper_obligation__campaign__issuing_body", "issuing_body")
    noun = gettext_lazy("báo cáo tổng hợp")

    def check(self, locked, move):
        if move.action != "send":
            return
        upper = locked.obligation.upper_obligation
        if upper is None:
            raise WorkflowError(
                _(
                    "Chưa gắn yêu cầu báo cáo của cấp trên: chọn ở trang «Sửa yêu cầu báo cáo» "
                    "trước khi gửi."
                )
            )
        if locked.year not in upper.years:
            raise WorkflowError(
                _("Cấp trên không yêu cầu báo cáo năm %(year)s.") % {"year": locked.year}
            )
        if not locked.snapshot:
            raise WorkflowError(_("Báo cáo chưa có số liệu tổng hợp."))

    def before_save(self, locked, move):
        if move.action != "send":
            return []
        if move.from_state == ConsolidatedState.SENT:
            move.data["resent"] = True
        locked.sent_at = move.now
        locked.sent_by = move.by if getattr(move.by, "is_authenticated", False) else None
        locked.sent_snapshot = {
            "figures": locked.snapshot,
            "sections": [[s.key, s.heading, s.body] for s in locked.sections.all()],
        }
        deadline = locked.obligation.upper_obligation.deadline_for(locked.year)
        if deadline and move.now >= deadline:
            move.data["late"] = True
        return ["sent_at", "sent_by", "sent_snapshot"]

    def after_commit(self, locked, move, log):
        from .tasks import task_notify_consolidated_transition  # noqa: PLC0415

        task_notify_consolidated_transition.delay(
            report_id=locked.pk, action=move.action, log_id=log.pk
        )


SUBMISSION = SubmissionWorkflow()
OBLIGATION = ObligationEvents()
CONSOLIDATED = ConsolidatedWorkflow()
