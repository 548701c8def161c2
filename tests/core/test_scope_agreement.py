"""For every user and every object of a small world, the object permission (rules) and
the scope selector (the query every list and URL starts from) agree: what a user may view
is exactly what the selectors fetch for them, in every state."""

import pytest

from awards.enums import DossierState
from awards.models import Dossier
from awards.selectors import dossiers_visible_to
from campaigns.enums import CampaignState
from campaigns.models import Campaign
from campaigns.selectors import campaigns_visible_to
from reports.enums import SubmissionState
from reports.models import ReportSubmission
from reports.selectors import submissions_visible_to
from tests.factories.awards import award_campaign, make_dossier
from tests.factories.campaigns import make_campaign
from tests.factories.reports import make_obligation, make_submission, report_campaign
from tests.factories.units import make_user


@pytest.fixture
def world(district, other_district, commune_a, commune_b):
    """Objects in every state, inside and outside the district."""
    campaigns = []
    for body in (district, other_district):
        for state in CampaignState.values:
            campaign = make_campaign(body)
            Campaign.objects.filter(pk=campaign.pk).update(state=state)
            campaigns.append(campaign)
    awards = award_campaign(district)
    foreign_awards = award_campaign(other_district)
    foreign_unit = other_district.children.first() or other_district
    dossiers = []
    for campaign, unit in (
        (awards, commune_a),
        (awards, commune_b),
        (foreign_awards, foreign_unit),
    ):
        dossiers.append(make_dossier(campaign, unit))
    obligation = make_obligation(report_campaign(district))
    submissions = [
        make_submission(obligation, unit, state=state)
        for unit in (commune_a, commune_b)
        for state in (SubmissionState.DRAFT, SubmissionState.SUBMITTED)
        if not ReportSubmission.objects.filter(obligation=obligation, unit=unit).exists()
    ]
    return {"campaigns": campaigns, "dossiers": dossiers, "submissions": submissions}


@pytest.fixture
def users(
    unit_staff_a,
    unit_staff_b,
    campaign_office,
    appraiser,
    approver,
    admin_user,
    other_office,
    commune_a,
):
    return [
        unit_staff_a,
        unit_staff_b,
        campaign_office,
        appraiser,
        approver,
        admin_user,
        other_office,
        make_user(unit=commune_a),  # an account with no role at all
    ]


def _disagreements(users, objects, permission, visible_to):
    wrong = []
    for user in users:
        visible = set(visible_to(user).values_list("pk", flat=True))
        for obj in objects:
            obj.refresh_from_db()
            if user.has_perm(permission, obj) != (obj.pk in visible):
                wrong.append((user.username, obj.pk, getattr(obj, "state", "")))
    return wrong


def test_campaigns(world, users):
    assert (
        _disagreements(users, world["campaigns"], "campaigns.view_campaign", campaigns_visible_to)
        == []
    )


@pytest.mark.parametrize("resolved_max", [500, 0])
def test_dossiers_in_every_state(world, users, resolved_max, monkeypatch):
    """With the scope's ids as lists, and (resolved_max 0) as subqueries past the bound."""
    from awards import selectors

    monkeypatch.setattr(selectors, "RESOLVED_MAX", resolved_max)
    for state in DossierState.values:
        Dossier.objects.update(state=state)
        assert (
            _disagreements(users, world["dossiers"], "awards.view_dossier", dossiers_visible_to)
            == []
        ), state
        # The dossier list's scope, its units and rounds read first, is the same.
        assert (
            _disagreements(
                users,
                world["dossiers"],
                "awards.view_dossier",
                lambda user: dossiers_visible_to(user, resolved=True),
            )
            == []
        ), state
        # And so is the list's own (awards.selectors.list_scope), its rounds read with
        # the approval boards' the list links to.
        assert (
            _disagreements(
                users,
                world["dossiers"],
                "awards.view_dossier",
                lambda user: selectors.list_scope(user).dossiers,
            )
            == []
        ), state
        # A dossier's page reads it by its scope on the joined unit and issuing body.
        assert (
            _disagreements(
                users,
                world["dossiers"],
                "awards.view_dossier",
                lambda user: Dossier.objects.filter(
                    pk__in=[
                        d.pk for d in world["dossiers"] if selectors.dossier_for_page(user, d.pk)
                    ]
                ),
            )
            == []
        ), state


def test_report_submissions(world, users):
    for state in SubmissionState.values:
        ReportSubmission.objects.update(state=state)
        assert (
            _disagreements(
                users, world["submissions"], "reports.view_reportsubmission", submissions_visible_to
            )
            == []
        ), state
