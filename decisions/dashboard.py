from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import Card

from .enums import DecisionState
from .selectors import decisions_visible_to


def decision_cards(user):
    if not user.has_role("campaign_office", "appraiser", "approver"):
        return []
    drafts = decisions_visible_to(user).filter(state=DecisionState.DRAFT).count()
    title = _("Quyết định chờ ký") if user.has_role("approver") else _("Quyết định đang dự thảo")
    return [
        Card(
            title=title,
            count=drafts,
            url=reverse("decisions:decision_list"),
            link_label=_("Xem quyết định khen thưởng"),
            icon="bi-file-earmark-text",
            order=25,
        )
    ]
