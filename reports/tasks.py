import logging

from celery import shared_task
from django.urls import reverse

from core.notifications import notify, transition_key, transition_log, without_actor
from units.enums import Role
from units.selectors import users_holding

from .enums import SubmissionState
from .models import ConsolidatedReport, ReportSubmission

logger = logging.getLogger(__name__)

# action -> (event, who is told)
_EVENTS = {
    "submit": ("report_submitted", "office"),
    "return": ("report_returned", "unit"),
}


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_notify_submission_transition(*, submission_id, action, log_id=None):
    """Tell the office when a unit submits (or resubmits) its report; tell the unit's staff
    when the office returns it, with the reason. Once per move (the history row's key)."""
    submission = (
        ReportSubmission.objects.select_related("unit", "obligation__campaign__issuing_body")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        logger.info("Report submission %s is gone; no notification.", submission_id)
        return 0
    if action not in _EVENTS:
        return 0
    event, audience = _EVENTS[action]
    log = transition_log(submission, log_id)
    if audience == "office":
        users = users_holding(Role.CAMPAIGN_OFFICE, submission.obligation.campaign.issuing_body)
    else:
        users = users_holding(Role.UNIT_STAFF, submission.unit)
    return notify(
        event,
        submission,
        recipients=without_actor(users, log),
        context={
            "submission": submission,
            "unit": submission.unit,
            "obligation": submission.obligation,
            "year": str(submission.year),  # 2026, not 2.026
            "reason": log.reason if log else "",
            "actor": log.actor if log else None,
            "resubmitted": log is not None and log.from_state == SubmissionState.RETURNED,
            "late": submission.is_late,
        },
        key=transition_key(submission, log, action),
        link=reverse("reports:submission_detail", args=[submission.pk]),
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_notify_consolidated_transition(*, report_id, action, log_id=None):
    """Tell the office of the level above when a body sends its consolidated report up
    (with a link to the side-by-side page); tell the body's office when the level above
    returns it, with the reason. Once per move."""
    report = (
        ConsolidatedReport.objects.select_related(
            "issuing_body", "obligation__upper_obligation__campaign__issuing_body"
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.obligation.upper_obligation is None:
        return 0
    upper = report.obligation.upper_obligation
    log = transition_log(report, log_id)
    context = {
        "report": report,
        "body": report.issuing_body.name,
        "upper": upper.title,
        "upper_body": upper.campaign.issuing_body.name,
        "year": str(report.year),
        "reason": log.reason if log else "",
        "actor": log.actor if log else None,
        "late": bool(log and log.data.get("late")),
    }
    if action == "send":
        users = users_holding(Role.CAMPAIGN_OFFICE, upper.campaign.issuing_body)
        event = "consolidated_sent"
        link = f"{reverse('reports:rollup', args=[upper.pk])}?nam={report.year}"
    elif action == "return":
        users = users_holding(Role.CAMPAIGN_OFFICE, report.issuing_body)
        event = "consolidated_returned"
        link = reverse("reports:consolidated_update", args=[report.pk])
    else:
        return 0
    return notify(
        event,
        report,
        recipients=without_actor(users, log),
        context=context,
        key=transition_key(report, log, action),
        link=link,
    )
