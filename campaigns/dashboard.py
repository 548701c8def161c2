from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import Card

from .enums import CampaignState
from .selectors import campaigns_visible_to


def campaign_cards(user):
    visible = campaigns_visible_to(user)
    cards = [
        Card(
            title=_("Kế hoạch thi đua đang triển khai"),
            count=visible.filter(state=CampaignState.PUBLISHED).count(),
            url=reverse("campaigns:campaign_list") + "?state=published",
            link_label=_("Xem kế hoạch"),
            icon="bi-flag",
            order=10,
        )
    ]
    if user.has_perm("campaigns.create_campaign"):
        cards.append(
            Card(
                title=_("Dự thảo kế hoạch"),
                count=visible.filter(state=CampaignState.DRAFT).count(),
                url=reverse("campaigns:campaign_list") + "?state=draft",
                link_label=_("Soạn, ban hành kế hoạch"),
                icon="bi-pencil-square",
                order=11,
            )
        )
    return cards
