"""Every awards page costs the same number of queries for 1 row as for 20."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.checks import BOARD_READINGS
from awards.enums import Appraisal, DossierState, NominationState
from awards.models import Dossier, Nomination
from awards.services import record_appraisal, return_dossier, transition_dossier
from tests.factories.awards import make_dossier, nominate, round_of
from tests.factories.units import make_person, make_unit


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(client, url, add):
    """Queries with 1 row, then with 20 rows (`add(k)` adds k rows)."""
    add(1)
    client.get(url)  # warm caches (content types, sessions)
    one = count(client, url)
    add(19)
    return one, count(client, url)


def add_nominations(dossier, unit, state=None):
    def add(k):
        for _ in range(k):
            village = make_unit(parent=unit, kind="village")
            person = make_person(unit=village)
            nominate(dossier, unit=village, **({"appraisal": state} if state else {}))
            nominate(dossier, person=person, **({"appraisal": state} if state else {}))

    return add


@pytest.mark.parametrize("who", ["unit_staff_a", "campaign_office"])
def test_dossier_list(request, client, campaign, district, who):
    client.force_login(request.getfixturevalue(who))

    def add(k):
        for _ in range(k):
            unit = make_unit(parent=request.getfixturevalue("commune_a"), kind="village")
            dossier = make_dossier(campaign, unit, state=DossierState.SUBMITTED)
            nominate(dossier, unit=unit)

    one, twenty = grow(client, reverse("awards:dossier_list"), add)
    assert one == twenty


def test_dossier_detail_for_the_unit(client, dossier_a, commune_a, unit_staff_a):
    client.force_login(unit_staff_a)
    url = reverse("awards:dossier_detail", args=[dossier_a.pk])
    one, twenty = grow(client, url, add_nominations(dossier_a, commune_a))
    assert one == twenty


def test_dossier_edit(client, dossier_a, commune_a, unit_staff_a):
    client.force_login(unit_staff_a)
    url = reverse("awards:dossier_update", args=[dossier_a.pk])
    one, twenty = grow(client, url, add_nominations(dossier_a, commune_a))
    assert one == twenty


def test_appraisal_page(client, dossier_a, commune_a, appraiser):
    Dossier.objects.filter(pk=dossier_a.pk).update(state=DossierState.ACCEPTED)
    client.force_login(appraiser)
    url = reverse("awards:dossier_detail", args=[dossier_a.pk])
    one, twenty = grow(client, url, add_nominations(dossier_a, commune_a))
    assert one == twenty


def test_approval_board(client, campaign, commune_a, commune_b, approver):
    client.force_login(approver)
    round_ = round_of(campaign)

    def add(k):
        for _ in range(k):
            unit = make_unit(parent=commune_a, kind="village")
            dossier = make_dossier(campaign, unit, state=DossierState.APPRAISED)
            nominate(dossier, unit=unit, appraisal=Appraisal.PROPOSE)
            nominate(dossier, person=make_person(unit=unit), appraisal=Appraisal.PROPOSE)
        Nomination.objects.filter(pk=Nomination.objects.order_by("pk").first().pk).update(
            state=NominationState.APPROVED
        )

    # The first opening after a write reads the round's tally, its dossiers and the filed
    # proposals of the page's nominees (the round's board revision changed); the next ones keep them
    # (awards.checks.BOARD_READINGS). Each the same for 1 row as for 20.
    url = reverse("awards:approval", args=[round_.pk])
    add(1)
    client.get(url)  # warm caches (content types, sessions)
    BOARD_READINGS.clear()
    first_one, again_one = count(client, url), count(client, url)
    add(19)
    first_twenty, again_twenty = count(client, url), count(client, url)
    assert first_one == first_twenty
    assert again_one == again_twenty
    assert again_one == first_one - 3


def test_history(client, dossier_a, commune_a, unit_staff_a, campaign_office):
    nominate(dossier_a, unit=commune_a)
    client.force_login(unit_staff_a)
    url = reverse("awards:dossier_history", args=[dossier_a.pk])

    def add(k):
        for _ in range(k):
            dossier_a.refresh_from_db()
            if dossier_a.state in (DossierState.DRAFT, DossierState.RETURNED):
                transition_dossier(dossier_a, "submit", by=unit_staff_a)
            else:
                return_dossier(dossier_a, by=campaign_office, reason="Bổ sung biên bản")

    one, twenty = grow(client, url, add)
    assert one == twenty


def test_appraisal_history_rows(client, dossier_a, commune_a, appraiser):
    """Opinions are history rows of nominations; the dossier's page still costs the same."""
    Dossier.objects.filter(pk=dossier_a.pk).update(state=DossierState.ACCEPTED)
    dossier_a.refresh_from_db()
    client.force_login(appraiser)
    url = reverse("awards:dossier_detail", args=[dossier_a.pk])

    def add(k):
        add_nominations(dossier_a, commune_a)(k)
        for n in dossier_a.nominations.filter(appraisal=""):
            record_appraisal(n, opinion=Appraisal.PROPOSE, note="Được", by=appraiser)

    one, twenty = grow(client, url, add)
    assert one == twenty
