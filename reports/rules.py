"""Who may see and move a report. States come from the transition table.

- unit staff: their own unit's reports (and sub-units'): fill, attach, submit;
- the campaign office of the campaign's issuing body (or of a body above it): the
  obligations, the dashboard, submitted reports (return them with a reason), the
  consolidated report;
- any other body's office sees nothing of it.
"""

import rules

from units.enums import Role
from units.rules import acts_for_body, is_admin, unit_in_scope

from .enums import (
    CONSOLIDATED_TRANSITIONS,
    EDITABLE_STATES,
    SUBMISSION_TRANSITIONS,
    ConsolidatedState,
    SubmissionState,
)


@rules.predicate
def is_office_of_obligation(user, obligation):
    """The campaign office of the obligation's issuing body itself: it manages the
    obligation, its dashboard, its consolidated report, and returns the units' reports."""
    return obligation is not None and acts_for_body(
        user, obligation.campaign.issuing_body, Role.CAMPAIGN_OFFICE
    )


@rules.predicate
def is_office_above_obligation(user, obligation):
    """The campaign office of the issuing body or of a body above it: it reads (a province
    reads the districts' obligations; what it compiles comes from their sent reports)."""
    return obligation is not None and unit_in_scope(
        user, obligation.campaign.issuing_body, Role.CAMPAIGN_OFFICE
    )


@rules.predicate
def is_staff_in_campaign(user, obligation):
    """Unit staff of a unit inside the campaign's issuing body's subtree."""
    if obligation is None or not getattr(user, "is_authenticated", False):
        return False
    body_path = obligation.campaign.issuing_body.path
    return any(g.role == Role.UNIT_STAFF and g.body.path.startswith(body_path) for g in user.grants)


@rules.predicate
def is_staff_of_unit(user, submission):
    return submission is not None and unit_in_scope(user, submission.unit, Role.UNIT_STAFF)


@rules.predicate
def is_office_of_submission(user, submission):
    return submission is not None and is_office_of_obligation(user, submission.obligation)


@rules.predicate
def is_office_above_submission(user, submission):
    return submission is not None and is_office_above_obligation(user, submission.obligation)


@rules.predicate
def is_not_draft(user, submission):
    return submission is not None and submission.state != SubmissionState.DRAFT


@rules.predicate
def is_editable(user, submission):
    return submission is not None and submission.state in EDITABLE_STATES


def allows(action):
    """Predicate: the transition table has a move for `action` from the current state."""

    @rules.predicate(name=f"submission_allows({action})")
    def predicate(user, submission):
        return submission is not None and (submission.state, action) in SUBMISSION_TRANSITIONS

    return predicate


can_view_obligation = is_admin | is_office_above_obligation | is_staff_in_campaign
can_manage_obligation = is_admin | is_office_of_obligation

can_view_submission = is_admin | is_staff_of_unit | (is_office_above_submission & is_not_draft)
can_edit_submission = is_staff_of_unit & is_editable
can_submit = is_staff_of_unit & allows("submit")
can_return = is_office_of_submission & allows("return")


@rules.predicate
def can_view_attachment(user, attachment):
    return attachment is not None and can_view_submission(user, attachment.submission)


@rules.predicate
def can_manage_consolidated(user, report):
    return report is not None and can_manage_obligation(user, report.obligation)


@rules.predicate
def is_office_of_report_body(user, report):
    """The campaign office of the body that issues the consolidated report itself (not of a
    body above it): sending the report up is that body's act."""
    if report is None or not getattr(user, "is_authenticated", False):
        return False
    return any(
        g.role == Role.CAMPAIGN_OFFICE and g.body_id == report.issuing_body_id for g in user.grants
    )


@rules.predicate
def is_upper_office(user, report):
    """The campaign office of the body whose roll-up obligation the report answers."""
    if report is None:
        return False
    upper = report.obligation.upper_obligation
    return upper is not None and is_office_of_obligation(user, upper)


@rules.predicate
def is_sent_up(user, report):
    return report is not None and report.state in (
        ConsolidatedState.SENT,
        ConsolidatedState.RETURNED,
    )


def consolidated_allows(action):
    @rules.predicate(name=f"consolidated_allows({action})")
    def predicate(user, report):
        return report is not None and (report.state, action) in CONSOLIDATED_TRANSITIONS

    return predicate


can_view_consolidated = can_manage_consolidated | (is_upper_office & is_sent_up)
can_send_consolidated = is_office_of_report_body & consolidated_allows("send")
can_return_consolidated = is_upper_office & consolidated_allows("return")


rules.add_perm("reports.list_reports", rules.is_authenticated)
