"""Who may draft, issue, correct and print an award decision.

- the campaign office and the appraiser of the issuing body draft it, edit the draft,
  drop it, and draft the decision that amends or revokes an issued one;
- the approver of the issuing body issues it (number, date, signature);
- those three (and the admin) see the body's decisions and print their certificates.
Everyone else sees only the public list (decisions.public).
"""

import rules

from units.enums import Role
from units.rules import acts_for_body, is_admin, unit_in_scope

DRAFTERS = (Role.CAMPAIGN_OFFICE, Role.APPRAISER)
READERS = (Role.CAMPAIGN_OFFICE, Role.APPRAISER, Role.APPROVER)


def _role_of_body(*roles):
    @rules.predicate(name=f"decision_body_role({', '.join(roles)})")
    def predicate(user, decision):
        return decision is not None and unit_in_scope(user, decision.issuing_body, *roles)

    return predicate


def _acts_for_body(*roles):
    @rules.predicate(name=f"decision_body_acts({', '.join(roles)})")
    def predicate(user, decision):
        return decision is not None and acts_for_body(user, decision.issuing_body, *roles)

    return predicate


# A body above reads the decisions of the bodies below; only the issuing body's own
# office and appraiser draft them and its own chairman issues them.
is_drafter = _acts_for_body(*DRAFTERS)
is_reader = _role_of_body(*READERS)
is_approver = _acts_for_body(Role.APPROVER)


def _state_is(*states):
    @rules.predicate(name=f"decision_state_in({', '.join(states)})")
    def predicate(user, decision):
        return decision is not None and decision.state in states

    return predicate


is_draft = _state_is("draft")
is_issued = _state_is("issued")

can_view_decision = is_admin | is_reader
can_edit_decision = is_drafter & is_draft
can_issue_decision = is_approver & is_draft
can_correct_decision = is_drafter & is_issued
can_print_certificates = (is_admin | is_reader) & is_issued


def can_draft_for_round(user, round_):
    """The office or appraiser of the body that issued the round's campaign."""
    return acts_for_body(user, round_.campaign.issuing_body, *DRAFTERS)


rules.add_perm("decisions.list_decisions", rules.is_authenticated)
