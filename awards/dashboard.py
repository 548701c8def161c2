from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import Card

from .enums import DossierState
from .selectors import dossiers_visible_to


def award_cards(user):
    # Not the user's own body's dossiers sent to the level above: the upper body's office,
    # appraiser and chairman are the ones to act on those.
    own = [g.body_id for g in user.grants if g.role in ("campaign_office", "approver")]
    visible = dossiers_visible_to(user).exclude(
        Q(unit_id__in=own) & ~Q(round__campaign__issuing_body_id__in=own)
    )
    # The office, appraiser and chairman act on what their own body issues (awards.rules):
    # a body above sees the rounds below without having them as work.
    acting = [g.body_id for g in user.grants if g.role != "unit_staff"]
    issued_here = Q(round__campaign__issuing_body_id__in=acting)
    if user.has_role("unit_staff"):
        waiting, title = (
            visible.filter(state__in=[DossierState.DRAFT, DossierState.RETURNED]),
            _("Hồ sơ đang soạn hoặc bị trả lại"),
        )
    elif user.has_role("appraiser"):
        waiting, title = (
            visible.filter(issued_here, state=DossierState.ACCEPTED),
            _("Hồ sơ chờ thẩm định"),
        )
    elif user.has_role("approver"):
        waiting, title = (
            visible.filter(issued_here, state=DossierState.APPRAISED),
            _("Hồ sơ chờ phê duyệt"),
        )
    else:
        waiting, title = (
            visible.filter(
                issued_here, state__in=[DossierState.SUBMITTED, DossierState.RESUBMITTED]
            ),
            _("Hồ sơ chờ tiếp nhận"),
        )
    return [
        Card(
            title=title,
            count=waiting.count(),
            url=reverse("awards:dossier_list"),
            link_label=_("Xem hồ sơ khen thưởng"),
            icon="bi-award",
            order=20,
        )
    ]
