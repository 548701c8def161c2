"""Writes on campaigns: the workflow, editing guards, copies, registration."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import WorkflowError, log_transition

from . import io, selectors
from .enums import ACTIONS_NEEDING_REASON, CAMPAIGN_TRANSITIONS, CampaignState
from .io import CampaignImportError
from .models import Campaign, Registration

WORKFLOW = "campaign"


@transaction.atomic
def transition_campaign(campaign, action, *, by, reason="", system=False):
    """Apply `action` to `campaign`; nothing else writes Campaign.state.

    1. Lock the row (select_for_update) and re-read its state.
    2. Look up (state, action) in CAMPAIGN_TRANSITIONS, else WorkflowError.
    3. Check `campaigns.<action>_campaign` for `by`, else PermissionDenied
       (`system=True` only for the demo loader and management commands).
    4. Require a reason where the table says so.
    5. Set state and state_changed_at; save(update_fields=...).
    6. Append the history row: who, from, to, why.
    7. On commit, queue the notification to the campaign office (not for system loads).
    """
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    next_state = CAMPAIGN_TRANSITIONS.get((locked.state, action))
    if next_state is None:
        raise WorkflowError(
            _("Không thể «%(action)s» kế hoạch đang ở trạng thái «%(state)s».")
            % {"action": action, "state": locked.get_state_display()}
        )
    if not system and not by.has_perm(f"campaigns.{action}_campaign", locked):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này với kế hoạch."))
    reason = (reason or "").strip()
    if action in ACTIONS_NEEDING_REASON and not reason:
        raise WorkflowError(_("Phải ghi rõ lý do."))
    from_state = locked.state
    locked.state = next_state
    locked.state_changed_at = timezone.now()
    locked.save(update_fields=["state", "state_changed_at", "updated_at"])
    log_transition(
        locked,
        workflow=WORKFLOW,
        action=action,
        from_state=from_state,
        to_state=next_state,
        by=by,
        reason=reason,
    )
    if not system:
        from .tasks import task_notify_campaign_transition  # noqa: PLC0415 - a service queues its task

        transaction.on_commit(
            lambda: task_notify_campaign_transition.delay(campaign_id=locked.pk, action=action)
        )
    campaign.state, campaign.state_changed_at = locked.state, locked.state_changed_at
    return locked


def publish_campaign(campaign, *, by, system=False):
    return transition_campaign(campaign, "publish", by=by, system=system)


def close_campaign(campaign, *, by):
    return transition_campaign(campaign, "close", by=by)


def return_campaign_to_draft(campaign, *, by, reason):
    return transition_campaign(campaign, "return_to_draft", by=by, reason=reason)


def ensure_editable(campaign, *, by):
    """Refuse any change to a plan that is not a draft, or by someone who may not edit it."""
    if campaign.state != CampaignState.DRAFT:
        raise WorkflowError(
            _("Kế hoạch đã ban hành không sửa được; hãy trả về dự thảo (ghi lý do) trước khi sửa.")
        )
    if not by.has_perm("campaigns.change_campaign", campaign):
        raise PermissionDenied(_("Chỉ cơ quan thường trực của cơ quan ban hành được sửa dự thảo."))


@transaction.atomic
def create_campaign_from_json(data, *, by, replace=False):
    """Import `data` as a new draft on behalf of `by` (the upload page).

    Besides every check of `io.import_campaign`, `by` must be the campaign office of the
    issuing body named in the file, and replacing is allowed only for a draft `by` may
    edit. Every error comes back at once, with its JSON path; nothing is saved.
    """
    errors = []
    existing = None
    if isinstance(data, dict):
        code = data.get("issuing_body")
        if isinstance(code, str) and code:
            if not selectors.issuing_bodies_for(by).filter(code=code).exists():
                errors.append(
                    (
                        "$.issuing_body",
                        _("Bạn không phải cơ quan thường trực của đơn vị mã «%(code)s».")
                        % {"code": code},
                    )
                )
        if isinstance(data.get("key"), str):
            existing = Campaign.objects.filter(key=data["key"]).first()
    if existing is not None and replace:
        if existing.state != CampaignState.DRAFT:
            errors.append(("$.key", _("Kế hoạch cùng mã đã ban hành; không thể thay.")))
        elif not by.has_perm("campaigns.change_campaign", existing):
            errors.append(("$.key", _("Bạn không được thay kế hoạch cùng mã của đơn vị khác.")))
    if errors:
        raise CampaignImportError(errors + io.validate(data))
    campaign = io.import_campaign(data, replace=replace)
    log_transition(
        campaign,
        workflow=WORKFLOW,
        action="import",
        from_state="",
        to_state=campaign.state,
        by=by,
        reason=_("Nhập từ tệp JSON"),
    )
    return campaign


@transaction.atomic
def copy_campaign(source, *, by, key, issuing_body=None):
    """A new draft holding everything of `source` (its number cleared), for `issuing_body`
    (default: the source's body when `by` is its office, else `by`'s only office body).
    The printed header lines are copied as they are, for the office to edit."""
    bodies = selectors.issuing_bodies_for(by)
    if issuing_body is None:
        if bodies.filter(pk=source.issuing_body_id).exists():
            issuing_body = source.issuing_body
        elif bodies.count() == 1:
            issuing_body = bodies.get()
    if (
        issuing_body is None
        or not by.has_perm("campaigns.view_campaign", source)
        or not bodies.filter(pk=issuing_body.pk).exists()
    ):
        raise PermissionDenied(_("Bạn không có quyền sao chép kế hoạch này."))
    data = io.export_campaign(source)
    data["key"] = key
    data["issuing_body"] = issuing_body.code
    data["header"]["number"] = ""
    copy = io.import_campaign(data)
    copy.copied_from = source
    copy.save(update_fields=["copied_from", "updated_at"])
    log_transition(
        copy,
        workflow=WORKFLOW,
        action="copy",
        from_state="",
        to_state=copy.state,
        by=by,
        reason=_("Sao chép từ kế hoạch «%(title)s»") % {"title": source.title},
    )
    return copy


@transaction.atomic
def register_unit(campaign, *, unit, forms, pledge, by, now=None):
    """Đăng ký thi đua: refused after the registration deadline (Vietnam time, server side)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not by.has_perm("campaigns.register_campaign", campaign):
        raise PermissionDenied(_("Đơn vị của bạn không thể đăng ký phong trào này."))
    now = now or timezone.now()
    if campaign.registration_deadline and now >= campaign.registration_deadline:
        raise WorkflowError(
            _("Đã hết hạn đăng ký thi đua (hạn: %(deadline)s).")
            % {
                "deadline": timezone.localtime(campaign.registration_deadline).strftime(
                    "%H:%M %d/%m/%Y"
                )
            }
        )
    if any(form.campaign_id != campaign.pk for form in forms):
        raise WorkflowError(_("Hình thức khen thưởng không thuộc kế hoạch này."))
    registration, created = Registration.objects.update_or_create(
        campaign=campaign, unit=unit, defaults={"pledge": pledge, "registered_by": by}
    )
    registration.forms.set(forms)
    log_transition(
        registration,
        workflow="registration",
        action="register" if created else "update",
        from_state="" if created else "registered",
        to_state="registered",
        by=by,
    )
    return registration
