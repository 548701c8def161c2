import logging

from celery import shared_task
from django.urls import reverse

from core.notifications import notify, transition_key, transition_log, without_actor
from units.enums import Role
from units.selectors import users_holding

from .enums import ACTION_LABELS
from .models import Campaign

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_notify_campaign_transition(*, campaign_id, action, log_id=None):
    """Tell the issuing body's campaign office (but not who acted) that a plan was
    published, closed or returned to draft. Once per move (the history row's key)."""
    campaign = Campaign.objects.select_related("issuing_body").filter(pk=campaign_id).first()
    if campaign is None:
        logger.info("Campaign %s is gone; no notification.", campaign_id)
        return 0
    log = transition_log(campaign, log_id)
    return notify(
        "campaign_changed",
        campaign,
        recipients=without_actor(users_holding(Role.CAMPAIGN_OFFICE, campaign.issuing_body), log),
        context={
            "campaign": campaign,
            "action": action,
            "action_label": ACTION_LABELS.get(action, ""),
            "state_label": campaign.get_state_display(),
            "reason": log.reason if log else "",
            "actor": log.actor if log else None,
        },
        key=transition_key(campaign, log, action),
        link=reverse("campaigns:campaign_detail", args=[campaign.pk]),
    )
