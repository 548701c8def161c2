"""Reads of a scored plan: the campaigns a user may score, the units scored, the grid."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from campaigns import quotas
from campaigns.enums import CampaignState
from campaigns.models import Campaign, Criterion
from units.enums import Role
from units.models import Unit
from units.rules import is_admin

from . import points
from .models import Score, TieVote

ROLES = (Role.CAMPAIGN_OFFICE, Role.APPRAISER, Role.APPROVER)


def scored_campaigns_for(user):
    """Published or closed plans with scored criteria whose issuing body is within the
    user's office, appraiser or approver scope; anything else answers 404."""
    scored = Criterion.objects.filter(campaign=OuterRef("pk"), points__isnull=False).exclude(
        formula=""
    )
    qs = (
        Campaign.objects.filter(Exists(scored))
        .exclude(state=CampaignState.DRAFT)
        .select_related("issuing_body")
    )
    if is_admin(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    paths = user.scope_paths(*ROLES)
    if not paths:
        return qs.none()
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(issuing_body__path__startswith=path)
    return qs.filter(condition)


def scored_criteria(campaign):
    return [
        c
        for c in campaign.criterion_set.select_related("category").order_by("order", "pk")
        if c.is_scored
    ]


def _in_category(unit, category):
    if category is None:
        return True
    kinds = category.unit_kinds or []
    if kinds and not any(quotas.is_of_kind(unit, kind) for kind in kinds):
        return False
    return not category.unit_level or unit.level == category.unit_level


def scored_units(campaign, criteria):
    """The units scored: those registered for the plan, else the units under the issuing
    body that belong to a scored criterion's category (else its direct sub-units)."""
    registered = Unit.objects.filter(registrations__campaign=campaign)
    if registered.exists():
        return list(registered.order_by("path"))
    body = campaign.issuing_body
    categories = {c.category for c in criteria if c.category is not None}
    if not categories:
        return list(Unit.objects.filter(parent=body, is_active=True).order_by("path"))
    candidates = Unit.objects.filter(path__startswith=body.path, is_active=True).exclude(pk=body.pk)
    return [u for u in candidates.order_by("path") if any(_in_category(u, c) for c in categories)]


@dataclass
class Cell:
    criterion: object
    applies: bool
    score: object = None  # Score or None
    reported: object = None  # the value in the unit's latest submitted report, or None
    points: object = None

    @property
    def value(self):
        if self.score is not None:
            return self.score.value
        return self.reported


@dataclass
class GridRow:
    unit: object
    cells: list = field(default_factory=list)
    vote: object = None
    result: object = None  # points.Row


def reported_values(criteria, units):
    """{(unit pk, criterion pk): value} from each unit's latest submitted report that
    carries the criterion's indicator (the reports app). One query."""
    from reports.enums import SubmissionState  # noqa: PLC0415 - reports depends on campaigns
    from reports.models import IndicatorValue  # noqa: PLC0415

    values = {}
    rows = (
        IndicatorValue.objects.filter(
            indicator__criterion__in=criteria,
            submission__unit__in=units,
            submission__state=SubmissionState.SUBMITTED,
            value__isnull=False,
        )
        .order_by("-submission__year", "-submission__submitted_at", "-pk")
        .values_list("submission__unit_id", "indicator__criterion_id", "value")
    )
    for unit_id, criterion_id, value in rows:
        values.setdefault((unit_id, criterion_id), value)
    return values


def grid(campaign):
    """(criteria, rows): one row per scored unit, one cell per criterion, the entered value
    or else the reported one, points, totals and ranks. Five queries whatever the size."""
    criteria = scored_criteria(campaign)
    units = scored_units(campaign, criteria)
    scores = {
        (s.unit_id, s.criterion_id): s
        for s in Score.objects.filter(criterion__campaign=campaign, unit__in=units)
    }
    votes = {v.unit_id: v for v in TieVote.objects.filter(campaign=campaign, unit__in=units)}
    reported = reported_values(criteria, units)
    measured = {}
    rows = []
    for unit in units:
        row = GridRow(unit, vote=votes.get(unit.pk))
        for criterion in criteria:
            applies = _in_category(unit, criterion.category)
            cell = Cell(
                criterion,
                applies,
                scores.get((unit.pk, criterion.pk)),
                reported.get((unit.pk, criterion.pk)),
            )
            if applies and cell.value is not None:
                measured[(unit.pk, criterion.pk)] = cell.value
            row.cells.append(cell)
        rows.append(row)
    results = points.rows_for(units, criteria, measured, {pk: v.votes for pk, v in votes.items()})
    by_unit = {r.unit.pk: r for r in results}
    for row in rows:
        row.result = by_unit[row.unit.pk]
        for cell in row.cells:
            cell.points = row.result.points.get(cell.criterion.pk)
    return criteria, rows


def ranking(campaign):
    """(criteria, ranked points.Row list)."""
    criteria, rows = grid(campaign)
    return criteria, points.rank([r.result for r in rows], criteria)


def proposal_choices(user, campaign):
    """[(round, form)] the issuing body's office may propose ranked units for: the plan's
    rounds and their forms open to collectives (empty for anyone else)."""
    from units.enums import Role  # noqa: PLC0415 - keeps the import list short

    if not any(
        g.role == Role.CAMPAIGN_OFFICE and g.body_id == campaign.issuing_body_id
        for g in getattr(user, "grants", [])
    ):
        return []
    choices = []
    for round_ in campaign.awardround_set.prefetch_related("forms").order_by("order", "pk"):
        for form in round_.forms.all():
            if not form.recipient_kinds or "collective" in form.recipient_kinds:
                choices.append((round_, form))
    return choices
