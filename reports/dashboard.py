from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns.enums import CampaignState
from core.dashboard import Card
from core.reminders import days_left_words, deadline_words, vietnam_today

from .enums import ConsolidatedState, SubmissionState
from .models import ConsolidatedReport
from .selectors import obligations_managed_by, reports_due_for, submissions_visible_to


def report_cards(user):
    """Unit staff: the reports still to send this year. The office: reports submitted."""
    cards = []
    if user.has_role("unit_staff"):
        due = reports_due_for(user)
        open_items = [i for i in due if i.submission is None or i.submission.is_editable]
        pending = len(open_items)
        deadlines = sorted(i.deadline for i in open_items if i.deadline)
        note = ""
        if deadlines:
            note = _("Hạn gần nhất: %(deadline)s (%(left)s)") % {
                "deadline": deadline_words(deadlines[0]),
                "left": days_left_words(deadlines[0], vietnam_today()),
            }
        cards.append(
            Card(
                title=_("Báo cáo chưa nộp"),
                count=pending,
                url=reverse("reports:report_list"),
                link_label=_("Lập, nộp báo cáo"),
                icon="bi-clipboard-data",
                order=30,
                note=note,
            )
        )
    if user.has_role("campaign_office"):
        submitted = submissions_visible_to(user).filter(state=SubmissionState.SUBMITTED)
        cards.append(
            Card(
                title=_("Báo cáo đơn vị đã nộp"),
                count=submitted.count(),
                url=reverse("reports:report_list"),
                link_label=_("Theo dõi, tổng hợp báo cáo"),
                icon="bi-clipboard-data",
                order=30,
            )
        )
        cards += _rollup_cards(user)
    return cards


def _rollup_cards(user):
    """The office of a body above: the lower bodies' consolidated reports sent up to its
    roll-up obligations, with the side-by-side page one click away. The office of a lower
    body: its consolidated reports due to go up to a roll-up obligation and not sent yet.
    Two queries (one when the office has neither), whatever the number of obligations,
    bodies and reports."""
    managed = list(
        obligations_managed_by(user)
        .filter(
            Q(rolls_up=True)
            | Q(
                upper_obligation__rolls_up=True,
                upper_obligation__campaign__state=CampaignState.PUBLISHED,
            )
        )
        .select_related("upper_obligation")
        .order_by("-first_year", "-pk")
    )
    rollups = [o.pk for o in managed if o.rolls_up]
    # The year the level above works on now, as the reminders count it (reports.reminders).
    upward = []
    for obligation in managed:
        upper = obligation.upper_obligation
        if upper is not None and upper.rolls_up:
            year = upper.current_year()
            upward.append((obligation, year, upper.deadline_for(year)))
    if not managed:
        return []
    # One aggregate: the count sent up to this office, and for each of its own obligations
    # linked up the year's report (unique per obligation and year) and whether it is sent.
    wanted = Q()
    figures = {}
    if rollups:
        sent_here = Q(obligation__upper_obligation__in=rollups, state=ConsolidatedState.SENT)
        wanted |= sent_here
        figures["sent"] = Count("pk", filter=sent_here)
    if upward:
        wanted |= Q(obligation__in=[o.pk for o, _y, _d in upward])
    for index, (obligation, year, _deadline) in enumerate(upward):
        mine = Q(obligation_id=obligation.pk, year=year)
        figures[f"report_{index}"] = Max("pk", filter=mine)
        figures[f"sent_{index}"] = Count("pk", filter=mine & Q(state=ConsolidatedState.SENT))
    counts = ConsolidatedReport.objects.filter(wanted).aggregate(**figures)
    cards = []
    if rollups:
        url = (
            reverse("reports:rollup", args=[rollups[0]])
            if len(rollups) == 1
            else reverse("reports:report_list")
        )
        cards.append(
            Card(
                title=_("Báo cáo tổng hợp cấp dưới đã gửi lên"),
                count=counts["sent"],
                url=url,
                link_label=_("Xem số liệu các cơ quan cấp dưới, tổng hợp"),
                icon="bi-diagram-3",
                order=29,
            )
        )
    if upward:
        cards.append(_not_sent_up_card(upward, counts))
    return cards


def _not_sent_up_card(upward, counts):
    """The office's consolidated reports due to go up and not sent: how many, the nearest
    deadline of the level above, a link to where it sends (its report, else the
    obligation's dashboard where it compiles one; the report list when several)."""
    owed = [
        (deadline, obligation, year, counts[f"report_{index}"])
        for index, (obligation, year, deadline) in enumerate(upward)
        if not counts[f"sent_{index}"]
    ]
    url = reverse("reports:report_list")
    if len(owed) == 1:
        _deadline, obligation, year, report_id = owed[0]
        if report_id is not None:
            url = reverse("reports:consolidated_update", args=[report_id])
        else:
            url = f"{reverse('reports:dashboard', args=[obligation.pk])}?nam={year}"
    deadlines = sorted(deadline for deadline, *_rest in owed if deadline)
    note = ""
    if deadlines:
        note = _("Hạn gần nhất: %(deadline)s (%(left)s)") % {
            "deadline": deadline_words(deadlines[0]),
            "left": days_left_words(deadlines[0], vietnam_today()),
        }
    return Card(
        title=_("Báo cáo tổng hợp chưa gửi lên cấp trên"),
        count=len(owed),
        url=url,
        link_label=_("Tổng hợp, gửi báo cáo lên cấp trên"),
        icon="bi-send",
        order=29,
        note=note,
    )
