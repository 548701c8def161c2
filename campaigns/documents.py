"""The plan PDF (Kế hoạch phát động phong trào thi đua), on the shared document base."""

from core.documents import lines, render_pdf

from .appendices import printed
from .selectors import basis_paragraphs, plan_tree


def plan_context(campaign):
    """Everything the plan prints, in five queries: legal basis, sections, paragraphs,
    recipients, appendices (the campaign itself is already loaded)."""
    return {
        "campaign": campaign,
        **campaign.header_context(),
        "basis": basis_paragraphs(campaign.legalbasis_set.order_by("order", "pk")),
        "intro_paragraphs": lines(campaign.intro),
        "sections": plan_tree(campaign),
        "closing_paragraphs": lines(campaign.closing),
        **campaign.closing_context(),
        "appendices": [printed(a) for a in campaign.appendix_set.order_by("order", "pk")],
    }


def render_campaign_plan_pdf(campaign):
    """The plan as an official document (Decree 30/2020 format), as PDF bytes."""
    return render_pdf("documents/campaigns/plan.html", plan_context(campaign))
