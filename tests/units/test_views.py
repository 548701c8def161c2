import pytest
from django.urls import reverse

from tests.factories.units import make_person, make_unit
from units.demo import load as load_demo
from units.models import Person, Unit, User


def test_anonymous_is_sent_to_login(client, commune_a):
    response = client.get(reverse("units:unit_detail", args=[commune_a.pk]))

    assert (response.status_code, response["Location"]) == (
        302,
        f"{reverse('login')}?next={reverse('units:unit_detail', args=[commune_a.pk])}",
    )


def test_unit_staff_get_404_for_another_units_objects(client, unit_staff_a, commune_b, person_b):
    client.force_login(unit_staff_a)

    unit_page = client.get(reverse("units:unit_detail", args=[commune_b.pk]))
    person_page = client.get(reverse("units:person_detail", args=[person_b.pk]))

    assert (unit_page.status_code, person_page.status_code) == (404, 404)
    assert "Không tìm thấy trang" in unit_page.content.decode()


def test_unit_staff_see_their_own_unit(client, unit_staff_a, commune_a, person_a):
    client.force_login(unit_staff_a)

    response = client.get(reverse("units:unit_detail", args=[commune_a.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="h3">UBND xã An Hải</h1>' in html
    assert "Nguyễn Thị Ánh" in html


def test_lists_leave_out_other_units(
    client, unit_staff_a, commune_a, commune_b, person_a, person_b
):
    client.force_login(unit_staff_a)

    units = client.get(reverse("units:unit_list")).context["units"]
    people = client.get(reverse("units:person_list")).context["people"]

    assert [u.name for u in units] == ["UBND xã An Hải"]
    assert [p.full_name for p in people] == ["Nguyễn Thị Ánh"]


def test_accent_insensitive_search(client, campaign_office, commune_a, commune_b):
    client.force_login(campaign_office)

    response = client.get(reverse("units:unit_list"), {"q": "binh hai"})

    assert [u.name for u in response.context["units"]] == ["UBND xã Bình Hải"]


@pytest.mark.django_db
def test_donvi1_gets_404_for_every_object_of_donvi2s_unit(client):
    """Acceptance: with the demo data, donvi1 reaches nothing of donvi2's unit by URL."""
    load_demo()
    donvi1 = User.objects.get(username="donvi1")
    donvi2_unit = User.objects.get(username="donvi2").unit
    client.force_login(donvi1)
    urls = [reverse("units:unit_detail", args=[u.pk]) for u in Unit.objects.subtree_of(donvi2_unit)]
    urls += [
        reverse("units:person_detail", args=[p.pk])
        for p in Person.objects.filter(unit__in=Unit.objects.subtree_of(donvi2_unit))
    ]
    assert len(urls) == 4  # the commune and its three demo people

    statuses = {url: client.get(url).status_code for url in urls}

    assert set(statuses.values()) == {404}
    listed = client.get(reverse("units:unit_list")).context["units"]
    assert donvi2_unit not in listed


def _fill(parent, count):
    for index in range(count):
        unit = make_unit(parent=parent, name=f"Thôn {index}")
        make_person(unit=unit)


@pytest.mark.parametrize("url_name", ["units:unit_list", "units:person_list", "core:dashboard"])
def test_list_query_count_does_not_grow(
    client, campaign_office, district, url_name, django_assert_max_num_queries
):
    client.force_login(campaign_office)
    _fill(district, 1)
    client.get(reverse(url_name))  # warm caches (content types, session)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one_row:
        assert client.get(reverse(url_name)).status_code == 200
    _fill(district, 19)

    with django_assert_max_num_queries(len(one_row.captured_queries)):
        response = client.get(reverse(url_name))

    assert response.status_code == 200
