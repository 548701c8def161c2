"""The ranking feeds an award round: the issuing body's office proposes the top ranked
units for a round's form, into the body's own dossier, through the awards services."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from awards.enums import DossierState
from awards.models import Dossier
from campaigns.enums import CampaignState
from campaigns.io import import_campaign
from campaigns.models import Campaign
from core.models import TransitionLog
from scoring.services import propose_from_ranking, save_grid
from tests.factories.campaigns import minimal_data
from tests.scoring.test_scoring import CRITERIA, communes, entries

FORMS = {
    "award_forms": [
        {
            "id": "gk",
            "name": "Giấy khen của Chủ tịch UBND huyện",
            "authority": "decided_here",
            "recipient_kinds": ["collective"],
        },
        {
            "id": "cn",
            "name": "Giấy khen cá nhân",
            "authority": "decided_here",
            "recipient_kinds": ["individual"],
        },
    ],
    "award_rounds": [{"id": "tk", "kind": "final", "label": "Tổng kết", "forms": ["gk", "cn"]}],
}


@pytest.fixture
def ranked_plan(district, campaign_office):
    campaign = import_campaign(minimal_data(district, unplaced={"criteria": CRITERIA, **FORMS}))
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.PUBLISHED)
    campaign.refresh_from_db()
    a, b, c, d = communes(district, campaign_office, campaign, 4)
    values = {
        a: [80, 40, 96, 8, 1],  # 65
        b: [72, 44, 91, 8, 1],  # 62
        c: [72, 44, 91, 8, 1],  # 62: tied with b all the way down (same rank 2)
        d: [60, 50, 89, 9, 0],  # 58,5
    }
    save_grid(campaign, entries=entries(campaign, values), by=campaign_office)
    return campaign, (a, b, c, d)


def test_the_top_ranked_units_are_proposed_with_their_rank_and_points(ranked_plan, campaign_office):
    campaign, (a, b, c, d) = ranked_plan
    round_ = campaign.awardround_set.get()
    form = campaign.awardform_set.get(local_id="gk")

    dossier, added = propose_from_ranking(
        campaign, round_=round_, form=form, top=2, by=campaign_office
    )

    assert dossier.unit == campaign.issuing_body and dossier.state == DossierState.DRAFT
    assert [n.nominee_unit for n in added] == [a, b, c]  # c shares rank 2
    assert added[0].achievement_summary.startswith("Xếp thứ 1/4 trong Phát động")
    assert "65 điểm (có 2 điểm thưởng)." in added[0].achievement_summary
    assert {n.nominee_kind for n in added} == {"collective"}
    log = TransitionLog.objects.for_object(dossier).get(action="propose")
    assert log.actor == campaign_office and "2 đơn vị đứng đầu" in log.reason

    # Again, one more: only the unit not yet proposed is added, into the same dossier.
    again, more = propose_from_ranking(
        campaign, round_=round_, form=form, top=4, by=campaign_office
    )
    assert again == dossier and [n.nominee_unit for n in more] == [d]
    assert Dossier.objects.count() == 1
    # The office keeps that dossier like a unit its own: it may edit it.
    assert campaign_office.has_perm("awards.change_dossier", dossier)


def test_only_the_issuing_bodys_office_and_collective_forms(
    ranked_plan, campaign_office, unit_staff_a
):
    campaign, _units = ranked_plan
    round_ = campaign.awardround_set.get()
    with pytest.raises(PermissionDenied):
        propose_from_ranking(
            campaign,
            round_=round_,
            form=campaign.awardform_set.get(local_id="gk"),
            top=1,
            by=unit_staff_a,
        )
    from core.services import WorkflowError

    with pytest.raises(WorkflowError):
        propose_from_ranking(
            campaign,
            round_=round_,
            form=campaign.awardform_set.get(local_id="cn"),
            top=1,
            by=campaign_office,
        )


def test_the_ranking_page_proposes(client, ranked_plan, campaign_office):
    campaign, (a, *_rest) = ranked_plan
    round_ = campaign.awardround_set.get()
    form = campaign.awardform_set.get(local_id="gk")
    client.force_login(campaign_office)
    page = client.get(reverse("scoring:ranking", args=[campaign.pk])).content.decode()
    assert "Tổng kết — Giấy khen của Chủ tịch UBND huyện" in page
    assert "Giấy khen cá nhân" not in page

    response = client.post(
        reverse("scoring:ranking_propose", args=[campaign.pk]),
        {"round_form": f"{round_.pk}-{form.pk}", "top": "1"},
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("awards:dossier_detail", args=[dossier.pk])
    assert client.get(response.url).status_code == 200
    assert [n.nominee_unit for n in dossier.nominations.all()] == [a]
