from django.urls import reverse
from django.utils.translation import gettext as _

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
    roll-up obligations, with the side-by-side page one click away. Two queries."""
    rollups = list(
        obligations_managed_by(user)
        .filter(rolls_up=True)
        .order_by("-first_year", "-pk")
        .values_list("pk", flat=True)
    )
    if not rollups:
        return []
    sent = ConsolidatedReport.objects.filter(
        obligation__upper_obligation__in=rollups, state=ConsolidatedState.SENT
    ).count()
    url = (
        reverse("reports:rollup", args=[rollups[0]])
        if len(rollups) == 1
        else reverse("reports:report_list")
    )
    return [
        Card(
            title=_("Báo cáo tổng hợp cấp dưới đã gửi lên"),
            count=sent,
            url=url,
            link_label=_("Xem số liệu các cơ quan cấp dưới, tổng hợp"),
            icon="bi-diagram-3",
            order=29,
        )
    ]
