"""Who may see, edit and move a campaign, for every role and state; the list selector
agrees with the permission, and its query count does not grow with the rows."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from campaigns.enums import CAMPAIGN_TRANSITIONS, CampaignState
from campaigns.models import Campaign
from campaigns.selectors import campaign_list, campaigns_visible_to, issuing_bodies_for
from campaigns.services import ensure_editable, transition_campaign
from core.models import TransitionLog
from core.services import WorkflowError
from tests.factories.campaigns import make_campaign
from tests.factories.units import make_unit, make_user
from units.enums import Role, UnitLevel
from units.models import User

S = CampaignState
ACTIONS = ["publish", "close", "return_to_draft", "reopen"]
ROLES = [
    "office",
    "province_office",
    "other_office",
    "unit_staff",
    "appraiser",
    "approver",
    "admin",
    "anonymous",
]
# The specification, written out rather than derived from the predicates it tests:
# which states each role may view; only the issuing body's own office edits and moves.
VIEWS = {
    "office": {S.DRAFT, S.PUBLISHED, S.CLOSED},
    "province_office": {S.PUBLISHED, S.CLOSED},
    "other_office": set(),
    "unit_staff": {S.PUBLISHED, S.CLOSED},
    "appraiser": {S.PUBLISHED, S.CLOSED},
    "approver": {S.PUBLISHED, S.CLOSED},
    "admin": {S.DRAFT, S.PUBLISHED, S.CLOSED},
    "anonymous": set(),
}


@pytest.fixture
def users(district, campaign_office, other_office, unit_staff_a, appraiser, approver, admin_user):
    """One user per role, the district placed under a province with its own office."""
    province = make_unit(name="UBND tỉnh Thử", level=UnitLevel.PROVINCE)
    district.parent = province
    district.save()
    make_user(unit=province, roles=[Role.CAMPAIGN_OFFICE], username="vanphong_tinh")
    by_name = {
        "office": campaign_office,
        "province_office": User.objects.get(username="vanphong_tinh"),
        "other_office": other_office,
        "unit_staff": unit_staff_a,
        "appraiser": appraiser,
        "approver": approver,
        "admin": admin_user,
    }
    # Fresh objects: the move rewrote the paths the cached grants hold.
    fresh = {name: User.objects.get(pk=user.pk) for name, user in by_name.items()}
    fresh["anonymous"] = AnonymousUser()
    return fresh


def _campaign(district, state):
    campaign = make_campaign(type(district).objects.get(pk=district.pk))
    Campaign.objects.filter(pk=campaign.pk).update(state=state)
    return Campaign.objects.select_related("issuing_body").get(pk=campaign.pk)


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("role", ROLES)
def test_view_and_edit_permissions(users, district, role, state):
    user = users[role]
    campaign = _campaign(district, state)

    observed = {
        "view": user.has_perm("campaigns.view_campaign", campaign),
        "change": user.has_perm("campaigns.change_campaign", campaign),
        **{a: user.has_perm(f"campaigns.{a}_campaign", campaign) for a in ACTIONS},
    }

    own_office = role == "office"
    assert observed == {
        "view": state in VIEWS[role],
        "change": own_office and state == S.DRAFT,
        **{a: own_office and (state, a) in CAMPAIGN_TRANSITIONS for a in ACTIONS},
    }


@pytest.mark.parametrize("role", ROLES)
def test_selector_shows_exactly_what_the_permission_allows(users, district, role):
    user = users[role]
    campaigns = {state: _campaign(district, state) for state in S}

    visible = set(campaigns_visible_to(user))

    assert visible == {campaigns[state] for state in VIEWS[role]}
    assert visible == {c for c in campaigns.values() if user.has_perm("campaigns.view_campaign", c)}


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("office", "anonymous")])
@pytest.mark.parametrize(("state", "action"), list(CAMPAIGN_TRANSITIONS))
def test_only_the_own_office_moves_a_campaign(users, district, role, state, action):
    campaign = _campaign(district, state)

    with pytest.raises(PermissionDenied):
        transition_campaign(campaign, action, by=users[role], reason="Lý do")

    campaign.refresh_from_db()
    assert (campaign.state, TransitionLog.objects.for_object(campaign).count()) == (state, 0)


@pytest.mark.parametrize("role", ["province_office", "other_office", "unit_staff", "admin"])
def test_nobody_but_the_own_office_edits_a_draft(users, district, role):
    with pytest.raises(PermissionDenied):
        ensure_editable(_campaign(district, S.DRAFT), by=users[role])


def test_the_own_office_edits_a_draft_but_not_a_published_plan(users, district):
    office = users["office"]
    ensure_editable(_campaign(district, S.DRAFT), by=office)

    with pytest.raises(WorkflowError):
        ensure_editable(_campaign(district, S.PUBLISHED), by=office)


def test_issuing_bodies_are_the_offices_own_bodies(users, district, commune_a):
    assert list(issuing_bodies_for(users["office"])) == [district]
    assert list(issuing_bodies_for(users["unit_staff"])) == []
    assert list(issuing_bodies_for(users["anonymous"])) == []


def test_list_selector_query_count_is_the_same_for_1_and_5(
    users, district, django_assert_num_queries
):
    office = users["office"]
    _campaign(district, S.DRAFT)
    office = User.objects.get(pk=office.pk)
    with django_assert_num_queries(2) as one:  # the grants, then the list
        rows = [(c.title, c.issuing_body.name, c.registration_count) for c in campaign_list(office)]
    assert len(rows) == 1

    for state in (S.DRAFT, S.PUBLISHED, S.PUBLISHED, S.CLOSED):
        _campaign(district, state)
    office = User.objects.get(pk=office.pk)
    with django_assert_num_queries(len(one.captured_queries)):
        rows = [(c.title, c.issuing_body.name, c.registration_count) for c in campaign_list(office)]
    assert len(rows) == 5


def test_list_filters_and_accent_insensitive_search(users, district):
    office = users["office"]
    draft = _campaign(district, S.DRAFT)
    live = _campaign(district, S.PUBLISHED)
    Campaign.objects.filter(pk=live.pk).update(title="Phát động Chuyển đổi số")
    live.refresh_from_db()
    live.save()  # refreshes the folded search column

    assert list(campaign_list(office, state=S.DRAFT)) == [draft]
    assert list(campaign_list(office, search="chuyen doi so")) == [live]
    assert list(campaign_list(office, search="CHUYỂN ĐỔI")) == [live]
    assert list(campaign_list(office, body=district.pk, state=S.PUBLISHED)) == [live]
