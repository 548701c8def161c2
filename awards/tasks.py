import logging

from celery import shared_task
from django.urls import reverse

from core.notifications import notify, transition_key, transition_log, without_actor
from units.enums import Role
from units.selectors import users_holding

from .enums import DossierState, NominationState
from .models import Dossier

logger = logging.getLogger(__name__)

# action -> (event, who is told)
_EVENTS = {
    "submit": ("dossier_submitted", "office"),
    "return": ("dossier_returned", "unit"),
    "accept": ("dossier_accepted", "unit"),
    "decide": ("dossier_decided", "unit"),
}


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_notify_dossier_transition(*, dossier_id, action, log_id=None):
    """Tell the office when a unit submits (or resubmits); tell the unit's staff when the
    office returns (with the reason), accepts or decides its dossier. Once per move: the
    key is the move's history row, so running this twice notifies nobody twice."""
    dossier = (
        Dossier.objects.select_related("unit", "round__campaign__issuing_body")
        .filter(pk=dossier_id)
        .first()
    )
    if dossier is None:
        logger.info("Dossier %s is gone; no notification.", dossier_id)
        return 0
    if action not in _EVENTS:
        return 0
    event, audience = _EVENTS[action]
    log = transition_log(dossier, log_id)
    if audience == "office":
        users = users_holding(Role.CAMPAIGN_OFFICE, dossier.round.campaign.issuing_body)
    else:
        # A body's own dossier (its proposals, in its round or the upper body's) is kept
        # by the body's office: it hears what becomes of it, as a unit's staff do.
        users = users_holding(Role.UNIT_STAFF, dossier.unit) | users_holding(
            Role.CAMPAIGN_OFFICE, dossier.unit
        )
    context = {
        "dossier": dossier,
        "unit": dossier.unit,
        "round": dossier.round,
        "campaign": dossier.round.campaign,
        "reason": log.reason if log else "",
        "actor": log.actor if log else None,
        # From the move itself: the dossier may have moved on since.
        "resubmitted": log.from_state == DossierState.RETURNED
        if log is not None
        else dossier.state == DossierState.RESUBMITTED,
        "late": dossier.is_late,
    }
    if action == "decide":
        nominations = list(
            dossier.nominations.select_related("form", "person", "nominee_unit").order_by(
                "order", "pk"
            )
        )
        context["approved"] = [n for n in nominations if n.state == NominationState.APPROVED]
        context["rejected"] = [n for n in nominations if n.state == NominationState.REJECTED]
    return notify(
        event,
        dossier,
        recipients=without_actor(users, log),
        context=context,
        key=transition_key(dossier, log, action),
        link=reverse("awards:dossier_detail", args=[dossier.pk]),
    )
