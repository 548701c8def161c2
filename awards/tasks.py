import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils.translation import gettext as _

from units.enums import Role
from units.models import User

from .enums import DOSSIER_ACTION_LABELS
from .models import Dossier

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_notify_dossier_transition(*, dossier_id, action, log_id=None):
    """Tell the people concerned: the office on a submission, the unit on every other move."""
    dossier = (
        Dossier.objects.select_related("unit", "round__campaign__issuing_body")
        .filter(pk=dossier_id)
        .first()
    )
    if dossier is None:
        logger.info("Dossier %s is gone; no notification.", dossier_id)
        return 0
    if action == "submit":
        who = Q(
            role_grants__role=Role.CAMPAIGN_OFFICE,
            role_grants__body=dossier.round.campaign.issuing_body,
        )
    else:
        who = Q(role_grants__role=Role.UNIT_STAFF, role_grants__body=dossier.unit)
    recipients = sorted(
        set(
            User.objects.filter(who, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not recipients:
        return 0
    send_mail(
        subject=_("[Thi đua] %(action)s: hồ sơ của %(unit)s")
        % {"action": DOSSIER_ACTION_LABELS.get(action, action), "unit": dossier.unit},
        message=_(
            "Hồ sơ đề nghị khen thưởng của %(unit)s (%(round)s) chuyển sang trạng thái «%(state)s»."
        )
        % {"unit": dossier.unit, "round": dossier.round, "state": dossier.get_state_display()},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return len(recipients)
