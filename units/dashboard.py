"""Dashboard cards of the units app."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import Card

from .rules import is_admin
from .selectors import people_visible_to, units_visible_to, users_visible_to


def unit_cards(user):
    cards = [
        Card(
            title=_("Đơn vị trong phạm vi"),
            count=units_visible_to(user).count(),
            url=reverse("units:unit_list"),
            link_label=_("Xem danh sách đơn vị"),
            icon="bi-diagram-3",
            order=80,
        ),
        Card(
            title=_("Cán bộ trong phạm vi"),
            count=people_visible_to(user).count(),
            url=reverse("units:person_list"),
            link_label=_("Xem danh sách cán bộ"),
            icon="bi-people",
            order=81,
        ),
    ]
    if is_admin(user):
        cards.append(
            Card(
                title=_("Tài khoản"),
                count=users_visible_to(user).count(),
                url=reverse("admin:units_user_changelist"),
                link_label=_("Quản lý tài khoản"),
                icon="bi-person-gear",
                order=90,
            )
        )
    return cards
