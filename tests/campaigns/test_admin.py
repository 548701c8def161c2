"""The admin only shows plans: a change there would bypass the workflow and the freeze."""

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from tests.factories.campaigns import make_campaign
from tests.factories.units import make_user


@pytest.fixture
def superuser(district):
    return make_user(unit=district, is_superuser=True, is_staff=True)


def test_admin_lists_and_shows_a_plan_read_only(client, district, superuser):
    campaign = make_campaign(district, title="Phát động thi đua xem trong trang quản trị")
    client.force_login(superuser)

    listing = client.get(reverse("admin:campaigns_campaign_changelist"))
    page = client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))

    assert (listing.status_code, page.status_code) == (200, 200)
    assert "Phát động thi đua xem trong trang quản trị" in listing.content.decode()
    assert page.context["has_change_permission"] is False
    assert page.context["has_delete_permission"] is False


def test_admin_refuses_changes(client, district, superuser):
    campaign = make_campaign(district)
    client.force_login(superuser)

    post = client.post(
        reverse("admin:campaigns_campaign_change", args=[campaign.pk]), {"title": "Sửa"}
    )
    add = client.get(reverse("admin:campaigns_campaign_add"))

    assert (post.status_code, add.status_code) == (403, 403)
    assert Campaign.objects.get().title == campaign.title
