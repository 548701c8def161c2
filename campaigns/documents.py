"""The plan PDF (Kế hoạch phát động phong trào thi đua), on the shared document base."""

from core.documents import number_line, render_pdf, vn_date_line

from .selectors import plan_tree


def plan_context(campaign):
    """Everything the plan prints, fetched in a fixed number of queries."""
    return {
        "campaign": campaign,
        "governing_line": campaign.governing_body_line,
        "issuing_lines": [line for line in campaign.issuing_body_line.split("\n") if line.strip()],
        "number_line": number_line(campaign.number, campaign.symbol),
        "date_line": vn_date_line(
            campaign.place, campaign.issue_day, campaign.issue_month, campaign.issue_year
        ),
        "basis": list(campaign.legalbasis_set.order_by("order", "pk")),
        "sections": plan_tree(campaign),
        "recipients": list(campaign.recipient_set.order_by("order", "pk")),
        "signature_lines": [line for line in campaign.signature_lines.split("\n") if line.strip()],
        "signer_name": campaign.signer_name,
    }


def render_campaign_plan_pdf(campaign):
    return render_pdf("documents/campaign_plan.html", plan_context(campaign))
