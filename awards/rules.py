"""Who may see and move a dossier and its nominations. States come from the tables.

- unit staff: their own unit's dossiers (and sub-units'), edit and submit them;
- the campaign office of the campaign's issuing body: review (accept, return);
- the appraiser of the issuing body: appraise accepted dossiers;
- the approver of the issuing body: approve or reject appraised nominations.
"""

import rules

from units.enums import Role
from units.rules import acts_for_body, is_admin, unit_in_scope

from .enums import DOSSIER_TRANSITIONS, EDITABLE_STATES, NOMINATION_TRANSITIONS


def _body(dossier):
    return dossier.round.campaign.issuing_body


@rules.predicate
def is_staff_of_unit(user, dossier):
    return dossier is not None and unit_in_scope(user, dossier.unit, Role.UNIT_STAFF)


def is_role_of_issuer(*roles):
    @rules.predicate(name=f"is_role_of_issuer({', '.join(roles)})")
    def predicate(user, dossier):
        return dossier is not None and unit_in_scope(user, _body(dossier), *roles)

    return predicate


is_office_of_issuer = is_role_of_issuer(Role.CAMPAIGN_OFFICE)
is_appraiser_of_issuer = is_role_of_issuer(Role.APPRAISER)
is_approver_of_issuer = is_role_of_issuer(Role.APPROVER)


def acts_for_issuer(*roles):
    """Moves are made by the issuing body's own office, appraiser and chairman; a body
    above reads the dossier (is_role_of_issuer) but does not move it."""

    @rules.predicate(name=f"acts_for_issuer({', '.join(roles)})")
    def predicate(user, dossier):
        return dossier is not None and acts_for_body(user, _body(dossier), *roles)

    return predicate


acts_as_office = acts_for_issuer(Role.CAMPAIGN_OFFICE)
acts_as_appraiser = acts_for_issuer(Role.APPRAISER)
acts_as_approver = acts_for_issuer(Role.APPROVER)


def allows(action):
    @rules.predicate(name=f"dossier_allows({action})")
    def predicate(user, dossier):
        return dossier is not None and (dossier.state, action) in DOSSIER_TRANSITIONS

    return predicate


@rules.predicate
def is_editable(user, dossier):
    return dossier is not None and dossier.state in EDITABLE_STATES


@rules.predicate
def is_not_draft(user, dossier):
    return dossier is not None and dossier.state != "draft"


def _holds_for_body(user, body_id, *roles):
    return any(g.role in roles and g.body_id == body_id for g in user.grants)


@rules.predicate
def is_office_of_own_dossier(user, dossier):
    """A body's own dossier is kept by the body's campaign office, as a unit's dossier by
    the unit's staff: in its own round (its proposals, e.g. from a scored plan's ranking)
    and in the upper body's round (its proposals to the level above)."""
    return dossier is not None and _holds_for_body(user, dossier.unit_id, Role.CAMPAIGN_OFFICE)


@rules.predicate
def is_approver_of_own_dossier(user, dossier):
    """The body's chairman reads the dossier the body sends (signs its Tờ trình)."""
    return dossier is not None and _holds_for_body(user, dossier.unit_id, Role.APPROVER)


can_view_dossier = (
    is_admin
    | is_staff_of_unit
    | is_office_of_own_dossier
    | is_approver_of_own_dossier
    | ((is_office_of_issuer | is_appraiser_of_issuer | is_approver_of_issuer) & is_not_draft)
)
can_edit_dossier = (is_staff_of_unit | is_office_of_own_dossier) & is_editable
can_submit = (is_staff_of_unit | is_office_of_own_dossier) & allows("submit")
can_review = acts_as_office & (allows("accept") | allows("return"))
can_refuse = acts_as_office & allows("refuse")
can_appraise = acts_as_appraiser & allows("appraise")
can_decide = acts_as_approver & allows("decide")


@rules.predicate
def can_view_nomination(user, nomination):
    return nomination is not None and can_view_dossier(user, nomination.dossier)


@rules.predicate
def can_approve_nomination(user, nomination):
    return (
        nomination is not None
        and acts_as_approver(user, nomination.dossier)
        and nomination.dossier.state == "appraised"
        and (nomination.state, "approve") in NOMINATION_TRANSITIONS
    )


@rules.predicate
def can_view_attachment(user, attachment):
    return attachment is not None and can_view_dossier(user, attachment.dossier)


@rules.predicate
def can_propose_upward(user, round_):
    """The office or the chairman of the round's issuing body sends the round's approved
    proposals of forms the level above decides (awards.services.propose_upward)."""
    return round_ is not None and _holds_for_body(
        user, round_.campaign.issuing_body_id, Role.CAMPAIGN_OFFICE, Role.APPROVER
    )


rules.add_perm("awards.list_dossiers", rules.is_authenticated)
rules.add_perm("awards.propose_upward", can_propose_upward)
