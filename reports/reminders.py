"""What units still owe on reports, for core.reminders: a report not submitted this year,
a returned report not resubmitted. A fixed number of queries whatever the number of
obligations and units: the obligations, their units (one query for all issuing bodies)
and their reports (one query per SELECT_CHUNK obligations)."""

import datetime
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.enums import CampaignState
from core.offsets import resolve_offsets
from core.reminders import OVERDUE_DAYS, Obligation, last_day

from .enums import Recurrence, SubmissionState
from .models import ReportObligation, ReportSubmission
from .selectors import obligation_units, units_by_obligation

LOOKAHEAD_DAYS = 45


SELECT_CHUNK = 500


def open_report_obligations(today):
    # 00:00 Vietnam time today: a deadline at or before it has passed its last day.
    start_of_today = timezone.make_aware(
        datetime.datetime.combine(today, datetime.time()), timezone.get_default_timezone()
    )
    # A roll-up obligation is answered by the lower bodies' consolidated reports, not by
    # unit submissions: its units are not reminded to submit one.
    obligations = ReportObligation.objects.filter(
        campaign__state=CampaignState.PUBLISHED, rolls_up=False
    ).select_related("campaign__issuing_body")
    watched = [
        (obligation, year, deadline)
        for obligation in obligations
        for year, deadline in _years_to_watch(obligation, today, start_of_today)
    ]
    if not watched:
        return
    units = units_by_obligation([o for o, _y, _d in watched])
    submissions = _submissions(watched)
    for obligation, year, deadline in watched:
        yield from owed(
            obligation,
            year,
            deadline,
            units=units[obligation.pk],
            submissions=submissions.get((obligation.pk, year), {}),
        )


def _submissions(watched):
    """{(obligation id, year): {unit id: submission}} of the watched years."""
    found = defaultdict(dict)
    ids = sorted({o.pk for o, _y, _d in watched})
    years = {y for _o, y, _d in watched}
    for start in range(0, len(ids), SELECT_CHUNK):
        rows = ReportSubmission.objects.filter(
            obligation_id__in=ids[start : start + SELECT_CHUNK], year__in=years
        ).only("pk", "unit_id", "state", "obligation_id", "year")
        for row in rows:
            found[(row.obligation_id, row.year)][row.unit_id] = row
    return found


def _years_to_watch(obligation, today, start_of_today):
    """The year whose deadline is next (reminders), and for a yearly report the last year
    whose deadline has passed, for OVERDUE_DAYS after its last day (the digest of who is
    late: a report late for months is the office's to chase, not a daily e-mail)."""
    if obligation.recurrence == Recurrence.ONCE:
        year = obligation.current_year(start_of_today)
        deadline = obligation.deadline_for(year)
        return [(year, deadline)] if deadline and _soon(deadline, today) else []
    dated = [(y, obligation.deadline_for(y)) for y in obligation.years]
    dated = [(y, d) for y, d in dated if d is not None]
    passed = [(y, d) for y, d in dated if 0 < (today - last_day(d)).days <= OVERDUE_DAYS]
    ahead = [(y, d) for y, d in dated if last_day(d) >= today and _soon(d, today)]
    return passed[-1:] + ahead[:1]


def _soon(deadline, today):
    # No reminder goes out earlier than this (the first offset, moved back over Tết), and
    # the digest names the late units for OVERDUE_DAYS after the last day.
    return (
        deadline is not None
        and -OVERDUE_DAYS <= (last_day(deadline) - today).days <= LOOKAHEAD_DAYS
    )


def owed(obligation, year, deadline, *, units=None, submissions=None):
    """The units that still owe `obligation`'s report for `year`, as Obligation rows
    (`units` and `submissions`, {unit id: submission}, when the caller read them)."""
    if submissions is None:
        submissions = {
            s.unit_id: s
            for s in ReportSubmission.objects.filter(obligation=obligation, year=year).only(
                "pk", "unit_id", "state", "obligation_id", "year"
            )
        }
    if units is None:
        units = obligation_units(obligation)
    what = _("báo cáo «%(title)s» năm %(year)s") % {
        "title": obligation.title,
        "year": year,
    }
    office_link = f"{reverse('reports:dashboard', args=[obligation.pk])}?nam={year}"
    report_list = reverse("reports:report_list")
    offsets = resolve_offsets(obligation.reminder_offsets, obligation.campaign.reminder_offsets)
    for unit in units:
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
                else report_list
            ),
            office_link=office_link,
            target=submission or obligation,
            offsets=offsets,
        )
