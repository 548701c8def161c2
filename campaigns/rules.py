"""Who may see and change a campaign. States come from the transition table."""

import rules

from units.enums import Role
from units.rules import is_admin, is_campaign_office, unit_in_scope

from .enums import CAMPAIGN_TRANSITIONS, CampaignState

__all__ = ["is_campaign_office"]


@rules.predicate
def is_office_of_issuer(user, campaign):
    """The campaign office of the issuing body itself: the only one that drafts, edits and
    moves the plan. An office of a body above does not edit a subordinate body's plan."""
    if campaign is None or not getattr(user, "is_authenticated", False):
        return False
    return any(
        g.role == Role.CAMPAIGN_OFFICE and g.body_id == campaign.issuing_body_id
        for g in user.grants
    )


@rules.predicate
def is_office_above_issuer(user, campaign):
    """A campaign office of the issuing body or of a body above it (follows published plans)."""
    return campaign is not None and unit_in_scope(user, campaign.issuing_body, Role.CAMPAIGN_OFFICE)


@rules.predicate
def is_office_below_issuer(user, campaign):
    """A campaign office of a body under the issuing body: the plan is its upper level's,
    which it reads and drafts its own plan from."""
    if campaign is None or not getattr(user, "is_authenticated", False):
        return False
    body_path = campaign.issuing_body.path
    return any(
        g.role == Role.CAMPAIGN_OFFICE
        and g.body_id != campaign.issuing_body_id
        and g.body.path.startswith(body_path)
        for g in user.grants
    )


@rules.predicate
def is_reviewer_of_issuer(user, campaign):
    return campaign is not None and unit_in_scope(
        user, campaign.issuing_body, Role.APPRAISER, Role.APPROVER
    )


@rules.predicate
def is_participant(user, campaign):
    """Unit staff of a unit inside the issuing body's subtree."""
    if campaign is None or not getattr(user, "is_authenticated", False):
        return False
    body_path = campaign.issuing_body.path
    return any(g.role == Role.UNIT_STAFF and g.body.path.startswith(body_path) for g in user.grants)


@rules.predicate
def is_not_draft(user, campaign):
    return campaign is not None and campaign.state != CampaignState.DRAFT


@rules.predicate
def is_draft(user, campaign):
    return campaign is not None and campaign.state == CampaignState.DRAFT


def allows(action):
    """Predicate: the transition table has a move for `action` from the current state."""

    @rules.predicate(name=f"allows({action})")
    def predicate(user, campaign):
        return campaign is not None and (campaign.state, action) in CAMPAIGN_TRANSITIONS

    return predicate


@rules.predicate
def registration_open(user, campaign):
    return (
        campaign is not None
        and campaign.registration_enabled
        and campaign.state == CampaignState.PUBLISHED
    )


# A draft is seen by its own office only; a published or closed plan also by the offices
# and reviewers of the body and of the bodies above it, and by unit staff inside the body.
can_view_campaign = (
    is_admin
    | is_office_of_issuer
    | (
        is_not_draft
        & (is_office_above_issuer | is_office_below_issuer | is_reviewer_of_issuer | is_participant)
    )
)
can_draft_lower_plan = is_not_draft & is_office_below_issuer
can_edit_campaign = is_office_of_issuer & is_draft
can_publish = is_office_of_issuer & allows("publish")
can_close = is_office_of_issuer & allows("close")
can_return_to_draft = is_office_of_issuer & allows("return_to_draft")
can_reopen = is_office_of_issuer & allows("reopen")
can_register = is_participant & registration_open


@rules.predicate
def can_view_registration(user, registration):
    if registration is None:
        return False
    return (
        is_admin(user)
        or is_office_of_issuer(user, registration.campaign)
        or unit_in_scope(user, registration.unit, Role.UNIT_STAFF)
    )


rules.add_perm("campaigns.list_campaigns", rules.is_authenticated)
rules.add_perm("campaigns.create_campaign", is_campaign_office)
rules.add_perm("campaigns.view_registrations", is_admin | is_office_of_issuer)
