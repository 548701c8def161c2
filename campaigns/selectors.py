"""Scope-aware reads of campaigns: every list and detail starts here."""

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from core.text import folded_search
from units.enums import Role
from units.models import Unit
from units.rules import is_admin

from .enums import CampaignState
from .models import (
    AwardForm,
    AwardRound,
    Campaign,
    Criterion,
    DossierRequirement,
    LegalBasis,
    Milestone,
    Paragraph,
    ParticipantCategory,
    Quota,
    RatioRule,
    Registration,
    Section,
    Target,
)

# The rows an import from a Word/PDF file may mark "to confirm".
RECOGNISABLE_MODELS = (
    LegalBasis,
    ParticipantCategory,
    Milestone,
    AwardForm,
    AwardRound,
    Quota,
    RatioRule,
    DossierRequirement,
    Target,
    Criterion,
)


def campaigns_visible_to(user):
    """Drafts: the campaign office of the issuing body itself. Published and closed plans:
    also the offices and reviewers of the body or a body above, the offices of bodies
    below it and unit staff inside the body's subtree (mirrors rules.can_view_campaign)."""
    qs = Campaign.objects.select_related("issuing_body")
    if is_admin(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    condition = Q(pk__in=[])
    for grant in user.grants:
        path = grant.body.path
        if grant.role == Role.CAMPAIGN_OFFICE:
            # Its own plans; published plans of the bodies below and above it (an upper
            # plan is what it drafts its own from).
            above = [path[: i + 1] for i, ch in enumerate(path[:-1]) if ch == "."]
            condition |= Q(issuing_body_id=grant.body_id) | (
                (Q(issuing_body__path__startswith=path) | Q(issuing_body__path__in=above))
                & ~Q(state=CampaignState.DRAFT)
            )
        elif grant.role in (Role.APPRAISER, Role.APPROVER):
            condition |= Q(issuing_body__path__startswith=path) & ~Q(state=CampaignState.DRAFT)
        elif grant.role == Role.UNIT_STAFF:
            # The issuing body is the unit itself or one of its ancestors.
            ancestors = [path[: i + 1] for i, ch in enumerate(path) if ch == "."]
            condition |= Q(issuing_body__path__in=ancestors) & ~Q(state=CampaignState.DRAFT)
    return qs.filter(condition)


def issuing_bodies_for(user):
    """Bodies the user may issue plans for: those where they are the campaign office
    (every unit for a superuser)."""
    if getattr(user, "is_superuser", False):
        return Unit.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    return Unit.objects.filter(
        pk__in=[g.body_id for g in user.grants if g.role == Role.CAMPAIGN_OFFICE]
    )


def campaign_list(user, *, state="", year="", body="", search=""):
    qs = campaigns_visible_to(user).annotate(registration_count=Count("registrations"))
    if state:
        qs = qs.filter(state=state)
    if year:
        qs = qs.filter(Q(issue_year=year) | Q(issue_year__isnull=True, period_start__year=year))
    if body:
        qs = qs.filter(issuing_body_id=body)
    if search:
        qs = folded_search(qs, search)
    return qs.order_by("-issue_year", "-pk")


def published_campaigns():
    return Campaign.objects.select_related("issuing_body").exclude(state=CampaignState.DRAFT)


def plan_tree(campaign):
    """Sections (root first, each with `.children_list` and `.paragraph_list`), in 2 queries."""
    sections = list(Section.objects.filter(campaign=campaign).order_by("order", "pk"))
    paragraphs = Paragraph.objects.filter(campaign=campaign).order_by("order", "pk")
    by_section = {}
    for paragraph in paragraphs:
        by_section.setdefault(paragraph.section_id, []).append(paragraph)
    children = {}
    for section in sections:
        section.paragraph_list = by_section.get(section.pk, [])
        children.setdefault(section.parent_id, []).append(section)
    for section in sections:
        section.children_list = children.get(section.pk, [])
    return children.get(None, [])


class BasisParagraph:
    """One printed paragraph of the opening: consecutive legal-basis rows joined by a space."""

    def __init__(self, first):
        self.kind = first.kind
        self.items = [first]

    @property
    def text(self):
        return " ".join(item.text for item in self.items)


def basis_paragraphs(items):
    """Group legal-basis rows (in order) into the paragraphs the plan prints."""
    paragraphs = []
    for item in items:
        if item.continues and paragraphs:
            paragraphs[-1].items.append(item)
        else:
            paragraphs.append(BasisParagraph(item))
    return paragraphs


def campaign_detail(campaign):
    """Everything the detail page and the PDF show, in a fixed number of queries."""
    return {
        # `basis` is what prints (one entry per paragraph); each keeps its rows in `.items`.
        "basis": basis_paragraphs(campaign.legalbasis_set.order_by("order", "pk")),
        "sections": plan_tree(campaign),
        "recipients": list(campaign.recipient_set.order_by("order", "pk")),
        "targets": list(campaign.target_set.order_by("order", "pk")),
        "criteria": list(campaign.criterion_set.select_related("category").order_by("order", "pk")),
        "forms": list(campaign.awardform_set.order_by("order", "pk")),
        "rounds": list(
            campaign.awardround_set.select_related("milestone")
            .prefetch_related("forms", Prefetch("quotas", to_attr="quota_list"))
            .order_by("order", "pk")
        ),
        "quotas": list(campaign.quota_set.select_related("form", "round").order_by("order", "pk")),
        "ratio_rules": list(campaign.ratiorule_set.order_by("order", "pk")),
        "milestones": list(campaign.milestone_set.order_by("order", "pk")),
        "dossier_requirements": list(campaign.dossierrequirement_set.order_by("order", "pk")),
    }


def registrations_of(campaign):
    return (
        Registration.objects.filter(campaign=campaign)
        .select_related("unit", "registered_by")
        .prefetch_related("forms")
        .order_by("unit__path")
    )


def recognised_parts(campaign, *, limit=200):
    """(what, printed text) of every part an import from a Word/PDF file recognised and the
    office has not confirmed yet: one query per kind of part."""
    found = []
    if campaign.to_confirm:
        found.append((str(_("Phần đầu văn bản và chữ ký")), campaign.number_line))
    for model in RECOGNISABLE_MODELS:
        rows = model.objects.filter(campaign=campaign, to_confirm=True).order_by("order", "pk")
        for obj in rows[:limit]:
            found.append((str(model._meta.verbose_name).capitalize(), str(obj)))
    return found


def recognised_counts(campaign):
    """{what: count} of the parts an import from a file marked and nobody confirmed yet."""
    counts = {}
    for model in RECOGNISABLE_MODELS:
        n = model.objects.filter(campaign=campaign, to_confirm=True).count()
        if n:
            counts[str(model._meta.verbose_name)] = n
    if Campaign.objects.filter(pk=campaign.pk, to_confirm=True).exists():
        counts[str(_("phần đầu văn bản và chữ ký"))] = 1
    return counts


def new_plan_initial(user):
    """The header a new plan starts from: the office's body and, from the body's latest
    plan, the lines it prints, its place, symbol and signature (the office edits them)."""
    initial = {"symbol": "KH-UBND", "document_type": "KẾ HOẠCH"}
    bodies = list(issuing_bodies_for(user)[:2])
    if len(bodies) != 1:
        return initial
    body = bodies[0]
    initial["issuing_body"] = body.pk
    latest = (
        Campaign.objects.filter(issuing_body=body)
        .order_by("-issue_year", "-pk")
        .only(
            "governing_body_line",
            "issuing_body_line",
            "place",
            "symbol",
            "signing_prefix",
            "signature_lines",
            "signer_name",
        )
        .first()
    )
    if latest is not None:
        for name in (
            "governing_body_line",
            "issuing_body_line",
            "place",
            "symbol",
            "signing_prefix",
            "signature_lines",
            "signer_name",
        ):
            initial[name] = getattr(latest, name)
    return initial
