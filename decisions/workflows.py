"""The award decision's workflow, declared once for core.workflow: a draft is issued (or
dropped); an issued decision moves on only when a later decision amends or revokes it."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.enums import NominationState
from core.workflow import Workflow, WorkflowError, log_event
from units.enums import Role, SigningMode

from . import cash
from .enums import DECISION_TRANSITIONS, DecisionKind, DecisionState
from .models import Decision, DecisionLine
from .numbering import new_verification_codes, next_number

SIGNATURES = {  # signing mode -> (prefix, printed lines)
    SigningMode.HEAD: ("", "CHỦ TỊCH"),
    SigningMode.DEPUTY: ("KT.", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"),
    SigningMode.ACTING: ("Q.", "Q. CHỦ TỊCH"),
}


def signing_mode_of(user, body):
    """The approver's signing mode for `body`: the grant on the nearest body above it."""
    grants = [
        g
        for g in getattr(user, "grants", [])
        if g.role == Role.APPROVER and g.body_id and body.path.startswith(g.body.path)
    ]
    if not grants:
        return SigningMode.HEAD
    return max(grants, key=lambda g: len(g.body.path)).signing_mode or SigningMode.HEAD


class DecisionWorkflow(Workflow):
    name = "decision"
    model = Decision
    states = DecisionState
    transitions = DECISION_TRANSITIONS
    action_labels = {
        "issue": gettext_lazy("Ký ban hành"),
        "cancel": gettext_lazy("Bỏ dự thảo"),
        "amend": gettext_lazy("Bị sửa đổi bởi quyết định khác"),
        "revoke": gettext_lazy("Bị hủy bỏ bởi quyết định khác"),
    }
    event_labels = {
        "draft": gettext_lazy("Lập dự thảo"),
        "edit": gettext_lazy("Sửa dự thảo"),
        "revoke_lines": gettext_lazy("Bị hủy bỏ một phần"),
        "certificates": gettext_lazy("In giấy khen"),
        "comment_window": gettext_lazy("Công bố danh sách đề nghị để lấy ý kiến"),
    }
    colours = {
        DecisionState.DRAFT: "secondary",
        DecisionState.ISSUED: "success",
        DecisionState.AMENDED: "warning",
        DecisionState.REVOKED: "danger",
        DecisionState.CANCELLED: "dark",
    }
    reason_required = frozenset({"cancel"})
    permission = "decisions.{action}_decision"
    permission_message = gettext_lazy("Bạn không có quyền thực hiện thao tác này với quyết định.")
    select_related = ("issuing_body", "target")
    noun = gettext_lazy("quyết định")

    def check(self, locked, move):
        if move.action != "issue":
            return
        lines = list(locked.lines.select_related("nomination"))
        if not lines:
            raise WorkflowError(_("Quyết định chưa có ai trong danh sách."))
        if locked.kind == DecisionKind.AWARD:
            stale = [
                line.name
                for line in lines
                if line.nomination_id and line.nomination.state != NominationState.APPROVED
            ]
            if stale:
                raise WorkflowError(
                    _("Đề nghị không còn ở trạng thái được phê duyệt: %(names)s.")
                    % {"names": ", ".join(stale)}
                )
        elif locked.target.state != DecisionState.ISSUED:
            raise WorkflowError(
                _("Quyết định số %(number)s không còn hiệu lực để sửa đổi, hủy bỏ.")
                % {"number": locked.target.number_text}
            )

    def before_save(self, locked, move):
        if move.action != "issue":
            return []
        today = timezone.localdate(move.now)
        sequence = next_number(locked.issuing_body, today.year)
        locked.sequence = sequence
        locked.number = str(sequence)
        locked.issued_on = today
        locked.issue_day, locked.issue_month, locked.issue_year = today.day, today.month, today.year
        locked.issued_by = move.by
        mode = signing_mode_of(move.by, locked.issuing_body)
        locked.signing_prefix, locked.signature_lines = SIGNATURES[mode]
        locked.signer_name = move.by.get_full_name() if move.by else ""
        locked.base_salary = cash.base_salary(today)
        self._freeze_lines(locked)
        if locked.kind != DecisionKind.AWARD:
            self._apply_to_target(locked, move)
        move.data.update(
            {
                "number": locked.number_text,
                "date": today.strftime("%d/%m/%Y"),
                "signer": locked.signer_name,
            }
        )
        return [
            "sequence",
            "number",
            "issued_on",
            "issue_day",
            "issue_month",
            "issue_year",
            "issued_by",
            "signing_prefix",
            "signature_lines",
            "signer_name",
            "base_salary",
        ]

    def after_commit(self, locked, move, log):
        if move.system or move.action != "issue":
            return
        from .tasks import task_notify_decision_issued  # noqa: PLC0415 - tasks import models

        task_notify_decision_issued.delay(decision_id=locked.pk, log_id=log.pk)

    @staticmethod
    def _freeze_lines(locked):
        """Amounts from the coefficient table and the base salary of the signing date, and a
        verification code per awardee; a revocation's lines get neither."""
        lines = list(locked.lines.all())
        if locked.kind == DecisionKind.REVOKE:
            return
        table = cash.coefficients(locked.form_type)
        codes = new_verification_codes(len(lines))
        for line, code in zip(lines, codes, strict=True):
            line.coefficient = table.get(line.nominee_kind)
            line.amount = cash.amount_for(line.coefficient, locked.base_salary)
            line.verification_code = code
        DecisionLine.objects.bulk_update(lines, ["coefficient", "amount", "verification_code"])

    def _apply_to_target(self, locked, move):
        """The old decision's lines named here are revoked (or replaced); a decision left with
        no line in force is revoked, an amended one is marked amended."""
        target = locked.target
        if locked.kind == DecisionKind.REVOKE:
            old_ids = list(locked.lines.values_list("replaces_id", flat=True))
        else:
            # An amendment restates the whole list: every old line is replaced, and one it
            # leaves out is no longer an award.
            old_ids = list(target.lines.values_list("pk", flat=True))
        DecisionLine.objects.filter(pk__in=old_ids, revoked_by__isnull=True).update(
            revoked_by=locked
        )
        action = "amend" if locked.kind == DecisionKind.AMEND else "revoke"
        if action == "revoke" and target.lines.filter(revoked_by__isnull=True).exists():
            log_event(
                target,
                workflow=self.name,
                action="revoke_lines",
                by=move.by,
                reason=locked.reason,
                data={"summary": _("Theo Quyết định số %(n)s") % {"n": locked.number_text}},
            )
            return
        self.transition(
            target,
            action,
            by=move.by,
            system=True,
            now=move.now,
            reason=_("Theo Quyết định số %(n)s") % {"n": locked.number_text},
        )


DECISION = DecisionWorkflow()
