from tests.factories.units import make_unit
from units.models import Unit


def test_subtree_of_is_one_query(
    district, commune_a, commune_b, other_district, django_assert_num_queries
):
    village = make_unit(parent=commune_a, name="Thôn 1")

    with django_assert_num_queries(1):
        names = sorted(Unit.objects.subtree_of(district).values_list("name", flat=True))

    assert names == sorted([district.name, commune_a.name, commune_b.name, village.name])


def test_moving_a_unit_moves_its_subtree(district, commune_a, commune_b, other_district):
    village = make_unit(parent=commune_a, name="Thôn 2")

    commune_a.parent = other_district
    commune_a.save()

    village.refresh_from_db()
    assert village.path.startswith(other_district.path)
    assert village.depth == 2
    assert list(Unit.objects.subtree_of(district, include_self=False)) == [commune_b]
    assert set(Unit.objects.subtree_of(other_district)) == {other_district, commune_a, village}
