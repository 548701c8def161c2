"""The plan list and page with ids from 1,234 up and a year past 1,000: the filters' options
are written as digits and filter (tests/ids.py; the templates' scan is
tests/core/test_template_ids.py)."""

import pytest
from django.urls import reverse

from campaigns.enums import CampaignState
from campaigns.models import Campaign
from tests.factories.campaigns import make_campaign
from tests.ids import FIRST_ID, grouped_numbers, options

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ids_from_1234(high_ids):
    """Before any other fixture creates an object (autouse fixtures come first)."""


def test_list_filters_by_the_year_and_body_it_offers(client, district, campaign_office):
    campaign = make_campaign(district)
    assert campaign.pk >= FIRST_ID and district.pk >= FIRST_ID and campaign.issue_year > 999
    client.force_login(campaign_office)
    url = reverse("campaigns:campaign_list")
    page = client.get(url).content.decode()
    assert grouped_numbers(page) == []
    years, bodies = options(page, "year"), options(page, "body")
    assert years == [str(campaign.issue_year)] and bodies == [str(district.pk)]
    listed = client.get(url, {"year": years[0], "body": bodies[0]}).context["campaigns"]
    assert list(listed) == [campaign]


def test_plan_page_writes_its_years_and_bodies_as_digits(client, district, campaign_office):
    campaign = make_campaign(district)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.PUBLISHED)
    client.force_login(campaign_office)
    page = client.get(reverse("campaigns:campaign_detail", args=[campaign.pk])).content.decode()
    assert grouped_numbers(page) == []
    assert all(value.isdigit() for value in options(page, "year"))
