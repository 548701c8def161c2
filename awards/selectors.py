"""Scope-aware reads of dossiers and nominations."""

from django.db.models import Count, Q

from campaigns.enums import CampaignState
from campaigns.models import AwardRound
from core.text import accent_fold
from units.enums import Role
from units.rules import is_admin

from .checks import quota_limits, round_quotas
from .enums import Appraisal, DossierState, NominationState
from .models import Dossier, Nomination


def dossiers_visible_to(user):
    """Unit staff: their units' dossiers. Office, appraiser, approver of the issuing body:
    every dossier past the draft. Admin: all."""
    qs = Dossier.objects.select_related("unit", "round__campaign__issuing_body")
    if is_admin(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    condition = Q(pk__in=[])
    for grant in user.grants:
        path = grant.body.path
        if grant.role == Role.UNIT_STAFF:
            condition |= Q(unit__path__startswith=path)
        elif grant.role in (Role.CAMPAIGN_OFFICE, Role.APPRAISER, Role.APPROVER):
            condition |= Q(round__campaign__issuing_body__path__startswith=path) & ~Q(
                state=DossierState.DRAFT
            )
    return qs.filter(condition)


def dossier_list(user, *, state="", unit="", late="", round_id="", search=""):
    qs = dossiers_visible_to(user).annotate(nomination_count=Count("nominations"))
    if state:
        qs = qs.filter(state=state)
    if unit.isdigit():
        qs = qs.filter(unit_id=int(unit))
    if late == "1":
        qs = qs.filter(is_late=True)
    if round_id.isdigit():
        qs = qs.filter(round_id=int(round_id))
    for word in accent_fold(search).split():
        qs = qs.filter(unit__search_text__contains=word)
    return qs.order_by("-updated_at", "-pk")


def open_rounds_for(user):
    """Rounds of published campaigns the user's units take part in (to start a dossier)."""
    if not getattr(user, "is_authenticated", False):
        return AwardRound.objects.none()
    ancestors = set()
    for grant in user.grants:
        if grant.role == Role.UNIT_STAFF:
            path = grant.body.path
            ancestors |= {path[: i + 1] for i, ch in enumerate(path) if ch == "."}
    return (
        AwardRound.objects.filter(
            campaign__state=CampaignState.PUBLISHED, campaign__issuing_body__path__in=ancestors
        )
        .select_related("campaign")
        .order_by("-campaign__issue_year", "order")
    )


def approval_board(round_):
    """Per form: the nominations the appraiser proposed, and the quota counters."""
    nominations = list(
        Nomination.objects.filter(
            dossier__round=round_,
            appraisal=Appraisal.PROPOSE,
            dossier__state__in=[DossierState.APPRAISED, DossierState.DECIDED],
        )
        .select_related("form", "person__unit", "nominee_unit", "dossier__unit")
        .order_by("form__order", "nominee_kind", "dossier__unit__path", "order", "pk")
    )
    quotas = round_quotas(round_)
    approved = {}
    for form_id, kind, count in (
        Nomination.objects.filter(dossier__round=round_, state=NominationState.APPROVED)
        .values_list("form_id", "nominee_kind")
        .annotate(n=Count("pk"))
    ):
        approved[(form_id, kind)] = count
    forms = []
    for form in round_.forms.order_by("order", "pk"):
        counters = []
        for kind, label in (("collective", "Tập thể"), ("individual", "Cá nhân")):
            limits = [
                quota_limits(q, kind) for q in quotas if q.form_id == form.pk and not q.per_unit
            ]
            limits = [limit for limit in limits if limit is not None]
            counters.append(
                (label, approved.get((form.pk, kind), 0), min(limits) if limits else None)
            )
        forms.append(
            {
                "form": form,
                "counters": counters,
                "nominations": [n for n in nominations if n.form_id == form.pk],
            }
        )
    return forms
