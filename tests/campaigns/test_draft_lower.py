"""«Lập kế hoạch của đơn vị từ kế hoạch này»: a lower body's office drafts its plan from a
published upper plan, citing it as its legal basis."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from campaigns.enums import CampaignState
from campaigns.models import Campaign
from campaigns.services import draft_lower_plan, publish_campaign
from core.models import TransitionLog
from tests.factories.campaigns import make_campaign
from tests.factories.units import make_user
from units.enums import Role


@pytest.fixture
def upper(district, campaign_office):
    campaign = make_campaign(
        district,
        legal_basis=[
            {"kind": "can_cu", "text": "Căn cứ Luật Thi đua, khen thưởng năm 2022;"},
            {
                "kind": "thuc_hien",
                "text": "Thực hiện Kế hoạch số 5/KH-UBND của UBND tỉnh;",
                "is_parent_plan": True,
            },
        ],
        unplaced={
            "award_forms": [
                {"id": "gk", "name": "Giấy khen", "authority": "decided_here"},
            ],
            "milestones": [
                {
                    "id": "han",
                    "kind": "nominations_due",
                    "phrase": "trước ngày 30/11/2026",
                    "precision": "date",
                    "date": "2026-11-30",
                }
            ],
            "award_rounds": [{"id": "tk", "kind": "final", "label": "Tổng kết", "forms": ["gk"]}],
            "quotas": [
                {"form": "gk", "round": "tk", "text": "mỗi xã 02", "max_total": 2},
            ],
        },
    )
    publish_campaign(campaign, by=campaign_office, system=True)
    return campaign


@pytest.fixture
def commune_office(commune_a):
    return make_user(unit=commune_a, roles=[Role.CAMPAIGN_OFFICE], body=commune_a)


def test_a_lower_office_drafts_its_plan_citing_the_upper_one(upper, commune_a, commune_office):
    draft = draft_lower_plan(upper, by=commune_office)

    assert draft.state == CampaignState.DRAFT and draft.issuing_body == commune_a
    assert draft.issuing_body_line == "ỦY BAN NHÂN DÂN\nXÃ AN HẢI"
    assert (draft.number, draft.issue_day, draft.issue_year) == ("", None, 2026)
    basis = list(draft.legalbasis_set.order_by("order"))
    assert [b.text for b in basis][0] == "Căn cứ Luật Thi đua, khen thưởng năm 2022;"
    cited = basis[-1]
    assert cited.is_parent_plan and cited.kind == "thuc_hien"
    assert (cited.doc_number, cited.doc_date, cited.issuer) == (
        "12/KH-UBND",
        datetime.date(2026, 1, 5),
        "UBND huyện Thử",
    )
    assert cited.text.startswith(
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2026 của UBND huyện Thử về phát động"
    )
    assert "UBND tỉnh" not in " ".join(b.text for b in basis)  # the upper plan's own parent
    assert draft.awardform_set.count() == draft.quota_set.count() == 1
    assert draft.milestone_set.get().date == datetime.date(2026, 11, 30)  # dates kept
    assert draft.copied_from == upper
    row = TransitionLog.objects.for_object(draft).get(action="draft_lower")
    assert row.actor == commune_office and "12/KH-UBND" in row.reason


def test_another_year_moves_the_dates(upper, commune_office):
    draft = draft_lower_plan(upper, by=commune_office, year=2027)
    assert draft.milestone_set.get().date == datetime.date(2027, 11, 30)
    assert draft.issue_year == 2027


def test_only_offices_of_bodies_below_may(upper, campaign_office, unit_staff_a, other_district):
    for user in (
        campaign_office,  # the issuing body's own office copies instead
        unit_staff_a,
        make_user(unit=other_district, roles=[Role.CAMPAIGN_OFFICE], body=other_district),
    ):
        with pytest.raises(PermissionDenied):
            draft_lower_plan(upper, by=user)


def test_a_draft_upper_plan_is_not_a_basis(district, commune_office):
    with pytest.raises(PermissionDenied):
        draft_lower_plan(make_campaign(district), by=commune_office)


def test_the_button_on_the_upper_plan_page(
    client, upper, commune_a, commune_office, campaign_office
):
    client.force_login(commune_office)
    url = reverse("campaigns:campaign_detail", args=[upper.pk])
    page = client.get(url).content.decode()
    assert "Lập kế hoạch của đơn vị từ kế hoạch này" in page and ">UBND xã An Hải</option>" in page

    response = client.post(
        reverse("campaigns:campaign_draft_lower", args=[upper.pk]),
        {"issuing_body": commune_a.pk, "year": "2026"},
    )
    draft = Campaign.objects.get(issuing_body=commune_a)
    assert response.status_code == 302 and response.url == reverse(
        "campaigns:campaign_detail", args=[draft.pk]
    )

    client.force_login(campaign_office)  # the upper office sees no such button on its plan
    assert "Lập kế hoạch của đơn vị" not in client.get(url).content.decode()
