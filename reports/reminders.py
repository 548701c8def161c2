"""What units still owe on reports, for core.reminders: a report not submitted this year,
a returned report not resubmitted. And what the lower bodies owe a roll-up obligation
(reports.rollup): a body whose consolidated report for that year is not sent up (none
compiled, a draft, or returned by the level above and not sent again); its own campaign
office is reminded, the upper body's digest names it.

A fixed number of queries whatever the number of obligations, units and bodies: the
obligations, their units (one query for all issuing bodies), the units' reports (one query
per SELECT_CHUNK obligations) and the lower bodies' obligations with their consolidated
reports (one query per SELECT_CHUNK roll-up obligations)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.enums import CampaignState
from core.offsets import resolve_offsets
from core.reminders import OVERDUE_DAYS, UNIT_OFFICE, Obligation, last_day

from .enums import ConsolidatedState, Recurrence, SubmissionState
from .models import ReportObligation, ReportSubmission
from .selectors import obligation_units, units_by_obligation

LOOKAHEAD_DAYS = 45


SELECT_CHUNK = 500


def open_report_obligations(today):
    # 00:00 Vietnam time today: a deadline at or before it has passed its last day.
    start_of_today = timezone.make_aware(
        datetime.datetime.combine(today, datetime.time()), timezone.get_default_timezone()
    )
    obligations = ReportObligation.objects.filter(
        campaign__state=CampaignState.PUBLISHED
    ).select_related("campaign__issuing_body")
    watched = [
        (obligation, year, deadline)
        for obligation in obligations
        for year, deadline in _years_to_watch(obligation, today, start_of_today)
    ]
    if not watched:
        return
    units = units_by_obligation([o for o, _y, _d in watched])
    # A roll-up obligation is answered by the lower bodies' consolidated reports, not by
    # unit submissions: its units are not reminded to submit one, their offices are
    # reminded to send their consolidated report up.
    submissions = _submissions([w for w in watched if not w[0].rolls_up])
    sent_up = _lower_reports([w for w in watched if w[0].rolls_up])
    for obligation, year, deadline in watched:
        if obligation.rolls_up:
            yield from not_sent_up(
                obligation,
                year,
                deadline,
                bodies=units[obligation.pk],
                lower=sent_up.get((obligation.pk, year), {}),
            )
            continue
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


@dataclass
class LowerState:
    """Where a lower body stands on a roll-up obligation for a year: its linked obligation
    and its consolidated report (a sent one over a returned one over a draft)."""

    obligation_id: int | None = None
    report_id: int | None = None
    state: str = ""


# A sent report answers; a returned one is the one to send again; a draft the one to send.
_STATE_RANK = {ConsolidatedState.SENT: 3, ConsolidatedState.RETURNED: 2, ConsolidatedState.DRAFT: 1}


def _lower_reports(watched):
    """{(roll-up obligation id, year): {lower body id: LowerState}} of the watched years:
    the lower bodies' obligations linked to each roll-up one, with their consolidated
    reports (a LEFT JOIN: a body that has compiled nothing keeps its obligation), one query
    per SELECT_CHUNK roll-up obligations."""
    found = defaultdict(dict)
    ids = sorted({o.pk for o, _y, _d in watched})
    years = {y for _o, y, _d in watched}
    for start in range(0, len(ids), SELECT_CHUNK):
        rows = (
            ReportObligation.objects.filter(
                upper_obligation_id__in=ids[start : start + SELECT_CHUNK]
            )
            .values_list(
                "pk",
                "upper_obligation_id",
                "campaign__issuing_body_id",
                "consolidated_reports__pk",
                "consolidated_reports__year",
                "consolidated_reports__state",
            )
            .order_by("pk", "consolidated_reports__pk")
        )
        for pk, upper_id, body_id, report_id, report_year, state in rows:
            # The body's obligation counts for every watched year (its report for another
            # year aside): the office compiles this year's from its dashboard.
            for year in years:
                found[(upper_id, year)].setdefault(body_id, LowerState(obligation_id=pk))
            if report_id is None or report_year not in years:
                continue
            kept = found[(upper_id, report_year)][body_id]
            if _STATE_RANK.get(state, 0) > _STATE_RANK.get(kept.state, 0):
                kept.obligation_id, kept.report_id, kept.state = pk, report_id, state
    return found


def not_sent_up(obligation, year, deadline, *, bodies, lower):
    """The lower bodies of roll-up `obligation` whose consolidated report for `year` is not
    sent up, as Obligation rows for their own campaign office (`lower`: {body id:
    LowerState}, from _lower_reports). The link is the page where the office sends it:
    its consolidated report (draft or returned: "Gửi cấp trên"), else its obligation's
    dashboard (where it compiles one), else its list of reports (it has not linked an
    obligation to this one yet)."""
    what = _("báo cáo tổng hợp «%(title)s» năm %(year)s") % {
        "title": obligation.title,
        "year": year,
    }
    office_link = f"{reverse('reports:rollup', args=[obligation.pk])}?nam={year}"
    report_list = reverse("reports:report_list")
    offsets = resolve_offsets(obligation.reminder_offsets, obligation.campaign.reminder_offsets)
    for body in bodies:
        state = lower.get(body.pk) or LowerState()
        if state.state == ConsolidatedState.SENT:
            continue
        if state.report_id is not None:
            link = reverse("reports:consolidated_update", args=[state.report_id])
        elif state.obligation_id is not None:
            link = f"{reverse('reports:dashboard', args=[state.obligation_id])}?nam={year}"
        else:
            link = report_list
        yield Obligation(
            key=f"rollup:{obligation.pk}:{body.pk}:{year}",
            kind="rollup_returned" if state.state == ConsolidatedState.RETURNED else "rollup",
            title=what,
            deadline=deadline,
            unit=body,
            body=obligation.campaign.issuing_body,
            campaign=obligation.campaign.title,
            link=link,
            office_link=office_link,
            target=obligation,
            offsets=offsets,
            audience=UNIT_OFFICE,
        )
