"""Who scores and who reads the ranking of a scored plan."""

import rules

from campaigns.rules import is_office_above_issuer, is_office_of_issuer, is_reviewer_of_issuer
from units.enums import Role
from units.rules import is_admin, unit_in_scope


@rules.predicate
def is_appraiser_of_issuer(user, campaign):
    return campaign is not None and unit_in_scope(user, campaign.issuing_body, Role.APPRAISER)


# The evaluators: the issuing body's campaign office and its appraisers.
can_enter_scores = is_admin | is_office_of_issuer | is_appraiser_of_issuer
can_view_ranking = is_admin | is_office_above_issuer | is_reviewer_of_issuer

rules.add_perm("scoring.enter_scores", can_enter_scores)
rules.add_perm("scoring.view_ranking", can_view_ranking)
