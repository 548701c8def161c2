"""Scope-aware reads of dossiers and nominations."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from campaigns.enums import CampaignState, NomineeKind
from campaigns.models import AwardRound
from core.text import accent_fold
from units.enums import Role
from units.models import Unit
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
        # Scope as subqueries on small tables (units, rounds), so the dossier table is
        # filtered on its own indexed columns instead of joined through the campaign.
        if grant.role == Role.UNIT_STAFF:
            condition |= Q(unit__in=Unit.objects.filter(path__startswith=path).values("pk"))
        elif grant.role in (Role.CAMPAIGN_OFFICE, Role.APPRAISER, Role.APPROVER):
            rounds = AwardRound.objects.filter(campaign__issuing_body__path__startswith=path)
            condition |= Q(round__in=rounds.values("pk")) & ~Q(state=DossierState.DRAFT)
    return qs.filter(condition)


def dossier_list(user, *, state="", unit="", late="", round_id="", search=""):
    qs = dossiers_visible_to(user)
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
    # Only what the list shows: the sort then moves narrow rows, not whole campaigns.
    return (
        qs.select_related(None)
        .select_related("unit", "round")
        .only(
            "pk",
            "state",
            "is_late",
            "submitted_at",
            "updated_at",
            "unit__id",
            "unit__name",
            "round__id",
            "round__label",
        )
        .order_by("-updated_at", "-pk")
    )


def with_nomination_counts(dossiers):
    """Set `nomination_count` on the dossiers of one page: one grouped query over their
    nominations only, never a GROUP BY over the whole dossier table."""
    dossiers = list(dossiers)
    counts = dict(
        Nomination.objects.filter(dossier__in=[d.pk for d in dossiers])
        .values_list("dossier")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for dossier in dossiers:
        dossier.nomination_count = counts.get(dossier.pk, 0)
    return dossiers


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


def rounds_for_board(user):
    """Rounds whose approval board `user` may open: the approver, the campaign office and
    the appraiser of the issuing body (or an ancestor of it); admin: all."""
    qs = AwardRound.objects.select_related("campaign__issuing_body")
    if is_admin(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    paths = user.scope_paths(Role.APPROVER, Role.CAMPAIGN_OFFICE, Role.APPRAISER)
    if not paths:
        return qs.none()
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(campaign__issuing_body__path__startswith=path)
    return qs.filter(condition)


BOARD_STATES = [DossierState.APPRAISED, DossierState.DECIDED]


def board_nominations(round_, *, form="", kind="", opinion="", state=""):
    """The appraised nominations of the round (filters by form, kind, opinion, result)."""
    qs = Nomination.objects.filter(dossier__round=round_, dossier__state__in=BOARD_STATES).exclude(
        appraisal=Appraisal.PENDING
    )
    if form.isdigit():
        qs = qs.filter(form_id=int(form))
    if kind in NomineeKind.values:
        qs = qs.filter(nominee_kind=kind)
    if opinion in (Appraisal.PROPOSE, Appraisal.NOT_PROPOSE):
        qs = qs.filter(appraisal=opinion)
    if state in NominationState.values:
        qs = qs.filter(state=state)
    return qs.select_related("form", "person__unit", "nominee_unit", "dossier__unit").order_by(
        "form__order", "form_id", "nominee_kind", "dossier__unit__path", "order", "pk"
    )


@dataclass
class Counter:
    form: object
    label: str
    approved: int
    pending: int
    limit: int | None
    selected: int = 0

    @property
    def after(self):
        return self.approved + self.selected

    @property
    def free(self):
        return None if self.limit is None else max(self.limit - self.approved, 0)

    @property
    def over(self):
        """Proposals still waiting beyond the places left (a warning, not a refusal)."""
        return self.limit is not None and self.pending > self.free

    @property
    def exceeds_after(self):
        return self.limit is not None and self.after > self.limit


def quota_counters(round_, selected=()):
    """Per form and kind: approved in the round, proposals waiting, the round-wide limit;
    with `selected` nominations, what the counters will read after approving them.
    Two queries whatever the number of nominations."""
    quotas = [q for q in round_quotas(round_) if not q.per_unit]
    counts = {}
    for form_id, kind, state, n in (
        Nomination.objects.filter(dossier__round=round_)
        .filter(
            Q(state=NominationState.APPROVED)
            | Q(
                state=NominationState.PROPOSED,
                appraisal=Appraisal.PROPOSE,
                dossier__state__in=BOARD_STATES,
            )
        )
        .values_list("form_id", "nominee_kind", "state")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[(form_id, kind, state)] = n
    chosen = {}
    for nomination in selected:
        key = (nomination.form_id, nomination.nominee_kind)
        chosen[key] = chosen.get(key, 0) + 1
    counters = []
    forms = sorted(
        {q.form for q in quotas} | set(round_.forms.all()), key=lambda f: (f.order, f.pk)
    )
    for form in forms:
        for kind, label in (
            (NomineeKind.COLLECTIVE, _("Tập thể")),
            (NomineeKind.INDIVIDUAL, _("Cá nhân")),
            (NomineeKind.HOUSEHOLD, _("Hộ gia đình")),
        ):
            limits = [quota_limits(q, kind) for q in quotas if q.form_id == form.pk]
            limits = [limit for limit in limits if limit is not None]
            approved = counts.get((form.pk, kind, NominationState.APPROVED), 0)
            pending = counts.get((form.pk, kind, NominationState.PROPOSED), 0)
            if not limits and not approved and not pending and not chosen.get((form.pk, kind)):
                continue
            counters.append(
                Counter(
                    form,
                    label,
                    approved,
                    pending,
                    min(limits) if limits else None,
                    chosen.get((form.pk, kind), 0),
                )
            )
    return counters
