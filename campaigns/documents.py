"""The plan PDF (Kế hoạch phát động phong trào thi đua), on the shared document base."""

from core.documents import closing_block, document_header, lines, render_pdf

from .selectors import basis_paragraphs, plan_tree


def plan_context(campaign):
    """Everything the plan prints, in four queries: legal basis, sections, paragraphs,
    recipients (the campaign itself is already loaded)."""
    return {
        "campaign": campaign,
        **document_header(
            governing_body=campaign.governing_body_line,
            issuing_body=campaign.issuing_body_line,
            number=campaign.number,
            symbol=campaign.symbol,
            place=campaign.place,
            day=campaign.issue_day,
            month=campaign.issue_month,
            year=campaign.issue_year,
        ),
        "basis": basis_paragraphs(campaign.legalbasis_set.order_by("order", "pk")),
        "intro_paragraphs": lines(campaign.intro),
        "sections": plan_tree(campaign),
        "closing_paragraphs": lines(campaign.closing),
        **closing_block(
            recipients=[r.text for r in campaign.recipient_set.order_by("order", "pk")],
            signature=campaign.signature_lines,
            signer_name=campaign.signer_name,
        ),
    }


def render_campaign_plan_pdf(campaign):
    """The plan as an official document (Decree 30/2020 format), as PDF bytes."""
    return render_pdf("documents/campaign_plan.html", plan_context(campaign))
