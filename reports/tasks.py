import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils.translation import gettext as _

from units.enums import Role
from units.models import User

from .enums import SUBMISSION_ACTION_LABELS
from .models import ReportSubmission

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_notify_submission_transition(*, submission_id, action, log_id=None):
    """Tell the office when a unit submits; tell the unit when its report is returned."""
    submission = (
        ReportSubmission.objects.select_related("unit", "obligation__campaign__issuing_body")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        logger.info("Report submission %s is gone; no notification.", submission_id)
        return 0
    if action == "submit":
        who = Q(
            role_grants__role=Role.CAMPAIGN_OFFICE,
            role_grants__body=submission.obligation.campaign.issuing_body,
        )
    else:
        who = Q(role_grants__role=Role.UNIT_STAFF, role_grants__body=submission.unit)
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
        subject=_("[Thi đua] %(action)s: báo cáo của %(unit)s")
        % {"action": SUBMISSION_ACTION_LABELS.get(action, action), "unit": submission.unit},
        message=_(
            "Báo cáo «%(report)s» năm %(year)s của %(unit)s chuyển sang trạng thái «%(state)s»."
        )
        % {
            "report": submission.obligation,
            "year": submission.year,
            "unit": submission.unit,
            "state": submission.get_state_display(),
        },
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return len(recipients)
