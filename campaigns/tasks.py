import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from units.enums import Role
from units.models import User

from .enums import ACTION_LABELS
from .models import Campaign

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_notify_campaign_transition(*, campaign_id, action, log_id=None):
    """E-mail the campaign offices of the issuing body that a plan changed state."""
    campaign = Campaign.objects.select_related("issuing_body").filter(pk=campaign_id).first()
    if campaign is None:
        logger.info("Campaign %s is gone; no notification.", campaign_id)
        return 0
    recipients = sorted(
        User.objects.filter(
            is_active=True,
            role_grants__role=Role.CAMPAIGN_OFFICE,
            role_grants__body=campaign.issuing_body,
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    label = ACTION_LABELS.get(action, action)
    send_mail(
        subject=_("[Thi đua] %(action)s: %(title)s")
        % {"action": label, "title": campaign.title[:120]},
        message=_("Kế hoạch «%(title)s» vừa chuyển sang trạng thái «%(state)s».")
        % {"title": campaign.title, "state": campaign.get_state_display()},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return len(recipients)
