"""What units still owe on award dossiers, for core.reminders: a dossier not submitted
in a round that is open (by the units that registered, or every unit directly under the
issuing body when the campaign has no registration), a returned dossier not resubmitted.
A fixed number of queries per round, whatever the number of units."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.enums import CampaignState
from campaigns.models import AwardRound, Registration
from core.reminders import Obligation, last_day
from units.models import Unit

from .enums import DossierState
from .models import Dossier

LOOKAHEAD_DAYS = 45
# After the deadline, the office's digest lists a missing dossier for this many days.
OVERDUE_DAYS = 30


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
        yield from _owed(round_, today)


def _units(campaign):
    if campaign.registration_enabled:
        return Unit.objects.filter(
            pk__in=Registration.objects.filter(campaign=campaign).values("unit_id"),
            is_active=True,
        ).order_by("path")
    return Unit.objects.filter(parent_id=campaign.issuing_body_id, is_active=True).order_by("path")


def _owed(round_, today):
    campaign = round_.campaign
    dossiers = {
        d.unit_id: d for d in Dossier.objects.filter(round=round_).only("pk", "unit_id", "state")
    }
    what = _("hồ sơ đề nghị khen thưởng đợt «%(round)s»") % {"round": round_.label}
    office_link = reverse("awards:dossier_list")
    for unit in _units(campaign):
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
        )
