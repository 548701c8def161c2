"""What units owe on a plan itself, for core.reminders: a registration window closing
(units directly under the issuing body that have not registered), and the plan's dated
milestones that ask something of the units (a unit plan, and the registration, report or
dossier milestones not already tracked by their own records). A fixed number of queries
per campaign, whatever the number of units."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from core.offsets import resolve_offsets
from core.reminders import Obligation, last_day
from units.models import Unit

from .enums import CampaignState, DatePrecision, MilestoneKind
from .models import AwardRound, Campaign, Milestone, Registration

LOOKAHEAD_DAYS = 45

# Milestones that ask the units to do something.
UNIT_MILESTONES = (
    MilestoneKind.UNIT_PLANS_DUE,
    MilestoneKind.REGISTRATION_DUE,
    MilestoneKind.UNIT_REPORTS_DUE,
    MilestoneKind.NOMINATIONS_DUE,
)


# What a unit owes at each of them, as the reminder's subject says it: "Nhắc nộp …".
MILESTONE_WHAT = {
    MilestoneKind.UNIT_PLANS_DUE: _l("kế hoạch thi đua của đơn vị"),
    MilestoneKind.REGISTRATION_DUE: _l("đăng ký thi đua"),
    MilestoneKind.UNIT_REPORTS_DUE: _l("báo cáo theo kế hoạch"),
    MilestoneKind.NOMINATIONS_DUE: _l("hồ sơ đề nghị khen thưởng"),
}


def _start_of(today):
    return timezone.make_aware(
        datetime.datetime.combine(today, datetime.time()), timezone.get_default_timezone()
    )


def _ahead(deadline, today):
    """Not past its last day, and no further than the first reminder can be."""
    return deadline is not None and 0 <= (last_day(deadline) - today).days <= LOOKAHEAD_DAYS


def _participants(campaign):
    """The units a plan speaks to: those directly under the issuing body."""
    return Unit.objects.filter(parent_id=campaign.issuing_body_id, is_active=True).order_by("path")


def open_registration_obligations(today):
    start = _start_of(today)
    campaigns = Campaign.objects.filter(
        state=CampaignState.PUBLISHED,
        registration_enabled=True,
        registration_deadline__gt=start,
        registration_deadline__lte=start + datetime.timedelta(days=LOOKAHEAD_DAYS + 1),
    ).select_related("issuing_body")
    for campaign in campaigns:
        registered = set(
            Registration.objects.filter(campaign=campaign).values_list("unit_id", flat=True)
        )
        what = _("đăng ký thi đua «%(title)s»") % {"title": campaign.title}
        offsets = resolve_offsets(campaign.reminder_offsets)
        for unit in _participants(campaign):
            if unit.pk in registered:
                continue
            yield Obligation(
                key=f"registration:{campaign.pk}:{unit.pk}",
                kind="registration",
                title=what,
                deadline=campaign.registration_deadline,
                unit=unit,
                body=campaign.issuing_body,
                campaign=campaign.title,
                link=reverse("campaigns:registration", args=[campaign.pk]),
                office_link=reverse("campaigns:registration_list", args=[campaign.pk]),
                target=campaign,
                offsets=offsets,
            )


def _tracked_elsewhere(milestone, campaign, tracked):
    """A milestone whose work has its own record (and its own reminders)."""
    if milestone.kind == MilestoneKind.REGISTRATION_DUE:
        return campaign.registration_enabled and campaign.registration_deadline is not None
    if milestone.kind == MilestoneKind.UNIT_REPORTS_DUE:
        return campaign.pk in tracked["reports"]
    if milestone.kind == MilestoneKind.NOMINATIONS_DUE:
        return campaign.pk in tracked["rounds"]
    return False


def _milestone_deadlines(milestone, today):
    if milestone.precision == DatePrecision.YEARLY:
        if not (milestone.day and milestone.month):
            return []
        found = []
        for year in (today.year, today.year + 1):
            try:
                found.append(milestone.due_in_year(year))
            except ValueError:  # 29/02 in a common year
                continue
        return found
    return [milestone.due_at]


def open_milestone_obligations(today):
    from reports.models import ReportObligation  # noqa: PLC0415 - reports builds on campaigns

    milestones = (
        Milestone.objects.filter(campaign__state=CampaignState.PUBLISHED, kind__in=UNIT_MILESTONES)
        .exclude(precision=DatePrecision.NONE)
        .select_related("campaign__issuing_body")
        .order_by("campaign_id", "order", "pk")
    )
    due = []
    for milestone in milestones:
        for deadline in _milestone_deadlines(milestone, today):
            if _ahead(deadline, today):
                due.append((milestone, deadline))
                break
    if not due:
        return
    campaign_ids = {m.campaign_id for m, _d in due}
    tracked = {
        "reports": set(
            ReportObligation.objects.filter(campaign_id__in=campaign_ids).values_list(
                "campaign_id", flat=True
            )
        ),
        "rounds": set(
            AwardRound.objects.filter(
                campaign_id__in=campaign_ids, deadline__isnull=False
            ).values_list("campaign_id", flat=True)
        ),
    }
    units = {}
    for milestone, deadline in due:
        campaign = milestone.campaign
        if _tracked_elsewhere(milestone, campaign, tracked):
            continue
        if campaign.pk not in units:
            units[campaign.pk] = list(_participants(campaign))
        what = str(MILESTONE_WHAT[milestone.kind])
        for unit in units[campaign.pk]:
            yield Obligation(
                key=f"milestone:{milestone.pk}:{unit.pk}:{last_day(deadline).isoformat()}",
                kind="milestone",
                title=what,
                deadline=deadline,
                unit=unit,
                body=campaign.issuing_body,
                campaign=campaign.title,
                link=reverse("campaigns:campaign_detail", args=[campaign.pk]),
                office_link=reverse("campaigns:campaign_detail", args=[campaign.pk]),
                target=milestone,
                offsets=resolve_offsets(campaign.reminder_offsets),
            )
