from django import template

register = template.Library()


@register.simple_tag
def public_comments_of(dossier, user):
    """The public's comments on the dossier's nominations (one query, none when the dossier
    says it has none), for the issuing body's office, appraiser and approver only."""
    from awards.rules import (  # noqa: PLC0415
        is_appraiser_of_issuer,
        is_approver_of_issuer,
        is_office_of_issuer,
    )
    from decisions.models import PublicComment  # noqa: PLC0415

    if not (is_office_of_issuer | is_appraiser_of_issuer | is_approver_of_issuer)(user, dossier):
        return []
    if not getattr(dossier, "has_public_comments", True):
        return []  # awards.selectors.dossiers_for_page found none
    return list(
        PublicComment.objects.filter(nomination__dossier=dossier).select_related(
            "nomination__person", "nomination__nominee_unit"
        )
    )
