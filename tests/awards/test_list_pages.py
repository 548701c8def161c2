"""The dossier list's pages read with their count in one statement (DossierListRows) are
the pages Paginator cuts from the list's queryset, and the approval boards the list links
to, read with the scope's rounds (list_scope), are those rounds_for_board finds."""

import pytest
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards import selectors
from awards.enums import DossierState
from campaigns.enums import CampaignState
from campaigns.models import Campaign
from tests.factories.awards import award_campaign, make_dossier
from tests.factories.units import make_unit, make_user
from units.enums import Role


@pytest.fixture
def dossiers(campaign, commune_a):
    return [
        make_dossier(campaign, make_unit(parent=commune_a, kind="village"), state=state)
        for state in [DossierState.SUBMITTED] * 5 + [DossierState.ACCEPTED] * 2
    ]


@pytest.mark.parametrize("per_page", [1, 2, 5, 25])
@pytest.mark.parametrize("state", ["", DossierState.SUBMITTED])
def test_every_page_is_the_paginators(dossiers, campaign_office, per_page, state):
    scope = selectors.list_scope(campaign_office)
    listed = selectors.dossier_list(campaign_office, state=state, visible=scope.dossiers)
    reference = Paginator(list(listed.values_list("pk", flat=True)), per_page)
    assert reference.count == (5 if state else 7)
    for number in range(1, reference.num_pages + 1):
        page = Paginator(selectors.DossierListRows(listed, per_page, number), per_page).page(number)
        assert page.paginator.count == reference.count
        assert [d.pk for d in page.object_list] == list(reference.page(number).object_list)
    # "last" (no page number known before the count) and a page past the last.
    rows = Paginator(selectors.DossierListRows(listed, per_page, None), per_page)
    last = rows.page(rows.num_pages)
    assert [d.pk for d in last.object_list] == list(reference.page(rows.num_pages).object_list)
    past = reference.num_pages + 1
    with pytest.raises(EmptyPage):
        Paginator(selectors.DossierListRows(listed, per_page, past), per_page).page(past)


def test_a_page_and_its_count_are_one_query(dossiers, campaign_office, django_assert_num_queries):
    listed = selectors.dossier_list(
        campaign_office, visible=selectors.list_scope(campaign_office).dossiers
    )
    with django_assert_num_queries(1):
        page = Paginator(selectors.DossierListRows(listed, 2, 3), 2).page(3)
        assert page.paginator.num_pages == 4
        assert len(page.object_list) == 2
        assert page.object_list[0].unit.name and page.object_list[0].round.label


def test_nothing_in_scope(dossiers, commune_a, django_assert_num_queries):
    nobody = make_user(unit=commune_a)  # no role
    listed = selectors.dossier_list(nobody, visible=selectors.list_scope(nobody).dossiers)
    with django_assert_num_queries(0):
        page = Paginator(selectors.DossierListRows(listed, 25, 1), 25).page(1)
    assert page.paginator.count == 0
    assert list(page.object_list) == []


@pytest.mark.parametrize("resolved_max", [500, 1])
def test_board_rounds_are_rounds_for_boards(
    district,
    other_district,
    campaign,
    campaign_office,
    appraiser,
    approver,
    admin_user,
    other_office,
    unit_staff_a,
    resolved_max,
    monkeypatch,
):
    """Published rounds only, newest first, over two grants; with resolved_max 1 the
    rounds of a grant are past the bound and read by a query of their own."""
    monkeypatch.setattr(selectors, "RESOLVED_MAX", resolved_max)
    for body, state in (
        (district, CampaignState.DRAFT),
        (district, CampaignState.CLOSED),
        (district, CampaignState.PUBLISHED),
        (other_district, CampaignState.PUBLISHED),
    ):
        Campaign.objects.filter(pk=award_campaign(body).pk).update(state=state)
    both = make_user(unit=district, roles=[Role.APPRAISER], body=district)
    both.role_grants.create(role=Role.CAMPAIGN_OFFICE, body=other_district)
    for user in (
        campaign_office,
        appraiser,
        approver,
        admin_user,
        other_office,
        unit_staff_a,
        both,
    ):
        expected = list(
            selectors.rounds_for_board(user)
            .filter(campaign__state=CampaignState.PUBLISHED)
            .order_by("-pk")
            .values_list("pk", "label")
        )
        scope = selectors.list_scope(user)
        assert scope.board_rounds(user) == expected, user.username
        if user is both:
            assert len(expected) == 3  # the campaign fixture's, and one more each
            assert (scope.rounds is None) == (resolved_max == 1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_a_page_read_again_is_planned_once(dossiers, campaign_office):
    """The page's statement is prepared on its second run (core.statements.run), then
    EXECUTEd: the same rows every time."""
    listed = selectors.dossier_list(
        campaign_office, visible=selectors.list_scope(campaign_office).dossiers
    )
    seen = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as context:
            page = Paginator(selectors.DossierListRows(listed, 2, 2), 2).page(2)
        seen.append(([d.pk for d in page.object_list], page.paginator.count))
        assert len(context.captured_queries) == 1
    assert context.captured_queries[0]["sql"].startswith("EXECUTE ")
    assert seen[0] == seen[1] == seen[2]
