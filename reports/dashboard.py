from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import Card
from core.reminders import days_left_words, deadline_words, vietnam_today

from .enums import SubmissionState
from .selectors import reports_due_for, submissions_visible_to


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
    return cards
