"""What units still owe on reports, for core.reminders: a report not submitted this year,
a returned report not resubmitted. A fixed number of queries per obligation (a campaign
has few), whatever the number of units."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.enums import CampaignState
from core.offsets import resolve_offsets
from core.reminders import Obligation, last_day

from .enums import Recurrence, SubmissionState
from .models import ReportObligation, ReportSubmission
from .selectors import obligation_units

LOOKAHEAD_DAYS = 45


def open_report_obligations(today):
    # 00:00 Vietnam time today: a deadline at or before it has passed its last day.
    start_of_today = timezone.make_aware(
        datetime.datetime.combine(today, datetime.time()), timezone.get_default_timezone()
    )
    obligations = ReportObligation.objects.filter(
        campaign__state=CampaignState.PUBLISHED
    ).select_related("campaign__issuing_body")
    for obligation in obligations:
        for year, deadline in _years_to_watch(obligation, today, start_of_today):
            yield from owed(obligation, year, deadline)


def _years_to_watch(obligation, today, start_of_today):
    """The year whose deadline is next (reminders), and for a yearly report the last year
    whose deadline has passed (the digest of who is late)."""
    if obligation.recurrence == Recurrence.ONCE:
        year = obligation.current_year(start_of_today)
        deadline = obligation.deadline_for(year)
        return [(year, deadline)] if deadline and _soon(deadline, today) else []
    dated = [(y, obligation.deadline_for(y)) for y in obligation.years]
    dated = [(y, d) for y, d in dated if d is not None]
    passed = [(y, d) for y, d in dated if last_day(d) < today]
    ahead = [(y, d) for y, d in dated if last_day(d) >= today and _soon(d, today)]
    return passed[-1:] + ahead[:1]


def _soon(deadline, today):
    # No reminder goes out earlier than this (the first offset, moved back over Tết).
    return deadline is not None and (last_day(deadline) - today).days <= LOOKAHEAD_DAYS


def owed(obligation, year, deadline):
    """The units that still owe `obligation`'s report for `year`, as Obligation rows."""
    submissions = {
        s.unit_id: s
        for s in ReportSubmission.objects.filter(obligation=obligation, year=year).only(
            "pk", "unit_id", "state", "obligation_id", "year"
        )
    }
    what = _("báo cáo «%(title)s» năm %(year)s") % {
        "title": obligation.title,
        "year": year,
    }
    office_link = f"{reverse('reports:dashboard', args=[obligation.pk])}?nam={year}"
    offsets = resolve_offsets(obligation.reminder_offsets, obligation.campaign.reminder_offsets)
    for unit in obligation_units(obligation):
        submission = submissions.get(unit.pk)
        if submission is not None and submission.state == SubmissionState.SUBMITTED:
            continue
        returned = submission is not None and submission.state == SubmissionState.RETURNED
        yield Obligation(
            key=f"report:{obligation.pk}:{unit.pk}:{year}",
            kind="report_returned" if returned else "report",
            title=what,
            deadline=deadline,
            unit=unit,
            body=obligation.campaign.issuing_body,
            campaign=obligation.campaign.title,
            link=(
                reverse("reports:submission_detail", args=[submission.pk])
                if submission is not None
                else reverse("reports:report_list")
            ),
            office_link=office_link,
            target=submission or obligation,
            offsets=offsets,
        )
