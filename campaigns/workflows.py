"""The campaign workflow, declared once for core.workflow (see docs/architecture.md)."""

from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from core.documents import signature_problems
from core.services import WorkflowError
from core.workflow import Workflow

from .enums import ACTION_LABELS, ACTIONS_NEEDING_REASON, CAMPAIGN_TRANSITIONS, CampaignState
from .models import Campaign, Registration
from .selectors import recognised_counts


class CampaignWorkflow(Workflow):
    name = "campaign"
    states = CampaignState
    transitions = CAMPAIGN_TRANSITIONS
    action_labels = ACTION_LABELS
    event_labels = {
        "create": _("Tạo kế hoạch"),
        "edit": _("Sửa kế hoạch"),
        "edit_parts": _("Sửa nội dung kế hoạch"),
        "import": _("Nhập kế hoạch từ tệp"),
        "replace": _("Thay nội dung kế hoạch từ tệp"),
        "copy": _("Sao chép kế hoạch"),
        "draft_lower": _("Lập kế hoạch từ kế hoạch cấp trên"),
        "import_document": _("Tạo dự thảo từ văn bản Word/PDF"),
        "confirm_recognised": _("Xác nhận các phần nhận dạng từ văn bản"),
        "remind": _("Nhắc nhở đơn vị chưa nộp hồ sơ khen thưởng"),
        "link_upper_round": _("Gắn đợt khen thưởng với đợt của cấp trên"),
    }
    colours = {
        CampaignState.DRAFT: "secondary",
        CampaignState.PUBLISHED: "success",
        CampaignState.CLOSED: "dark",
    }
    reason_required = frozenset(ACTIONS_NEEDING_REASON)
    confirm_required = frozenset({"publish", "close"})
    permission = "campaigns.{action}_campaign"
    noun = _("kế hoạch")
    model = Campaign

    def check(self, locked, move):
        """A plan is published complete (number, date of issue, signer, some content) and,
        when drafted from a Word/PDF file, once the office has confirmed what the reader
        recognised. (The demo loader publishes the seed plans as their sources print them.)"""
        if move.action != "publish":
            return
        pending = sum(recognised_counts(locked).values())
        if pending:
            raise WorkflowError(
                _(
                    "Còn %(n)s phần nhận dạng tự động từ tệp chưa được xác nhận; hãy kiểm tra "
                    "rồi bấm «Xác nhận đã kiểm tra» trước khi ban hành."
                )
                % {"n": pending}
            )
        if move.system:
            return
        missing = []
        if not locked.number.strip():
            missing.append(_("số văn bản"))
        if not (locked.issue_day and locked.issue_month and locked.issue_year):
            missing.append(_("ngày, tháng, năm ban hành"))
        if not locked.signer_name.strip() or not locked.signature_lines.strip():
            missing.append(_("người ký và chức vụ"))
        if not locked.section_set.exists():
            missing.append(_("ít nhất một mục nội dung"))
        if missing:
            raise WorkflowError(
                _gettext("Chưa ban hành được: còn thiếu %(missing)s.")
                % {"missing": ", ".join(str(m) for m in missing)}
            )
        problems = signature_problems(locked.signing_prefix, locked.signature_lines)
        if problems:
            raise WorkflowError(_gettext("Chưa ban hành được: %(p)s") % {"p": " ".join(problems)})

    def after_commit(self, locked, move, log):
        if move.system:
            return
        from .tasks import task_notify_campaign_transition  # noqa: PLC0415 - tasks import models

        task_notify_campaign_transition.delay(
            campaign_id=locked.pk, action=move.action, log_id=log.pk
        )


class RegistrationEvents(Workflow):
    """Đăng ký thi đua has no states: its history is events only."""

    name = "registration"
    model = Registration
    event_labels = {
        "register": _("Đăng ký thi đua"),
        "update": _("Sửa đăng ký thi đua"),
    }
    noun = _("đăng ký")


CAMPAIGN = CampaignWorkflow()
REGISTRATION = RegistrationEvents()
