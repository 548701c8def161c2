"""What units still owe on award dossiers, for core.reminders: a dossier not submitted
in a round that is open (by the units that registered, or every unit directly under the
issuing body when the campaign has no registration), a returned dossier not resubmitted.
And what the office owes: a dossier waiting for it (submitted or resubmitted, not yet
accepted or returned) longer than the round's processing limit in working days.
A fixed number of queries per round, whatever the number of units."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.enums import CampaignState
from campaigns.models import AwardRound, Registration
from core.offsets import resolve_offsets
from core.reminders import OFFICE, OVERDUE_DAYS, Obligation, add_working_days, end_of_day, last_day
from units.models import Unit

from .enums import DossierState
from .models import Dossier

LOOKAHEAD_DAYS = 45


def open_dossier_obligations(today):
    start_of_today = timezone.make_aware(
        datetime.datetime.combine(today, datetime.time()), timezone.get_default_timezone()
    )
    rounds = (
        AwardRound.objects.filter(
            campaign__state=CampaignState.PUBLISHED,
            deadline__isnull=False,
            deadline__gt=start_of_today - datetime.timedelta(days=OVERDUE_DAYS),
            deadline__lte=start_of_today + datetime.timedelta(days=LOOKAHEAD_DAYS + 1),
        )
        .exclude(opens_at__gt=start_of_today + datetime.timedelta(days=1))
        .select_related("campaign__issuing_body")
    )
    for round_ in rounds:
        yield from owed(round_, today)


def units_of(campaign):
    """The units a round speaks to: those that registered, or every active unit directly
    under the issuing body when the campaign has no registration."""
    if campaign.registration_enabled:
        return Unit.objects.filter(
            pk__in=Registration.objects.filter(campaign=campaign).values("unit_id"),
            is_active=True,
        ).order_by("path")
    return Unit.objects.filter(parent_id=campaign.issuing_body_id, is_active=True).order_by("path")


def owed(round_, today):
    campaign = round_.campaign
    dossiers = {
        d.unit_id: d for d in Dossier.objects.filter(round=round_).only("pk", "unit_id", "state")
    }
    what = _("hồ sơ đề nghị khen thưởng đợt «%(round)s»") % {"round": round_.label}
    office_link = f"{reverse('awards:dossier_list')}?round={round_.pk}"
    offsets = resolve_offsets(round_.reminder_offsets, campaign.reminder_offsets)
    for unit in units_of(campaign):
        dossier = dossiers.get(unit.pk)
        if dossier is not None and dossier.state not in (
            DossierState.DRAFT,
            DossierState.RETURNED,
        ):
            continue
        returned = dossier is not None and dossier.state == DossierState.RETURNED
        if last_day(round_.deadline) < today and returned:
            # A dossier returned after the deadline is the office's own request: no digest.
            continue
        yield Obligation(
            key=f"dossier:{round_.pk}:{unit.pk}",
            kind="dossier_returned" if returned else "dossier",
            title=what,
            deadline=round_.deadline,
            unit=unit,
            body=campaign.issuing_body,
            campaign=campaign.title,
            link=(
                reverse("awards:dossier_detail", args=[dossier.pk])
                if dossier is not None
                else reverse("awards:dossier_list")
            ),
            office_link=office_link,
            target=dossier or round_,
            offsets=offsets,
        )


# The office is reminded on the last working day of its processing limit; after it, the
# dossier stays in the office's daily digest until it is accepted, returned or refused.
PROCESSING_OFFSETS = (0,)
WAITING_STATES = (DossierState.SUBMITTED, DossierState.RESUBMITTED)


def processing_deadline(round_, received_at):
    """00:00 after the `processing_days`-th working day after the day it was received."""
    received = timezone.localtime(received_at).date()
    return end_of_day(add_working_days(received, round_.processing_days))


def waiting_dossier_obligations(today):
    dossiers = (
        Dossier.objects.filter(
            state__in=WAITING_STATES,
            round__processing_days__isnull=False,
            round__campaign__state=CampaignState.PUBLISHED,
        )
        .exclude(state_changed_at__isnull=True)
        .select_related("round__campaign__issuing_body", "unit")
        .order_by("pk")
    )
    for dossier in dossiers:
        round_ = dossier.round
        deadline = processing_deadline(round_, dossier.state_changed_at)
        if (last_day(deadline) - today).days > LOOKAHEAD_DAYS:
            continue
        yield Obligation(
            key=f"processing:{dossier.pk}:{timezone.localtime(dossier.state_changed_at).date()}",
            kind="dossier_waiting",
            title=_("xử lý hồ sơ khen thưởng của %(unit)s, đợt «%(round)s»")
            % {"unit": dossier.unit, "round": round_.label},
            deadline=deadline,
            unit=dossier.unit,
            body=round_.campaign.issuing_body,
            campaign=round_.campaign.title,
            link=reverse("awards:dossier_detail", args=[dossier.pk]),
            office_link=reverse("awards:dossier_detail", args=[dossier.pk]),
            target=dossier,
            offsets=PROCESSING_OFFSETS,
            audience=OFFICE,
        )
