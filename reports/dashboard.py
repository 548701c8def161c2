from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import Card

from .enums import SubmissionState
from .selectors import reports_due_for, submissions_visible_to


def report_cards(user):
    """Unit staff: the reports still to send this year. The office: reports submitted."""
    cards = []
    if user.has_role("unit_staff"):
        due = reports_due_for(user)
        pending = sum(1 for item in due if item.submission is None or item.submission.is_editable)
        cards.append(
            Card(
                title=_("Báo cáo chưa nộp"),
                count=pending,
                url=reverse("reports:report_list"),
                link_label=_("Lập, nộp báo cáo"),
                icon="bi-clipboard-data",
                order=30,
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
