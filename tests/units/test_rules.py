import pytest
from django.contrib.auth.models import AnonymousUser

from units.selectors import people_visible_to, units_visible_to


@pytest.fixture
def tree(
    district,
    office_unit,
    home_affairs_unit,
    commune_a,
    commune_b,
    other_district,
    person_a,
    person_b,
):
    return None


@pytest.mark.parametrize(
    ("user_fixture", "expected_units"),
    [
        ("unit_staff_a", {"UBND xã An Hải"}),
        ("unit_staff_b", {"UBND xã Bình Hải"}),
        (
            "campaign_office",
            {
                "UBND huyện Thử",
                "Phòng Văn hóa và Thông tin",
                "Phòng Nội vụ",
                "UBND xã An Hải",
                "UBND xã Bình Hải",
            },
        ),
        (
            "appraiser",
            {
                "UBND huyện Thử",
                "Phòng Văn hóa và Thông tin",
                "Phòng Nội vụ",
                "UBND xã An Hải",
                "UBND xã Bình Hải",
            },
        ),
        (
            "approver",
            {
                "UBND huyện Thử",
                "Phòng Văn hóa và Thông tin",
                "Phòng Nội vụ",
                "UBND xã An Hải",
                "UBND xã Bình Hải",
            },
        ),
        ("other_office", {"UBND huyện Khác"}),
        (
            "admin_user",
            {
                "UBND huyện Thử",
                "Phòng Văn hóa và Thông tin",
                "Phòng Nội vụ",
                "UBND xã An Hải",
                "UBND xã Bình Hải",
                "UBND huyện Khác",
            },
        ),
    ],
)
def test_units_visible_per_role(request, tree, user_fixture, expected_units):
    user = request.getfixturevalue(user_fixture)

    assert set(units_visible_to(user).values_list("name", flat=True)) == expected_units


def test_unit_staff_see_sub_units(unit_staff_a, commune_a):
    from tests.factories.units import make_unit

    village = make_unit(parent=commune_a, name="Thôn Đông")

    assert set(units_visible_to(unit_staff_a)) == {commune_a, village}


@pytest.mark.parametrize(
    ("user_fixture", "expected_people"),
    [
        ("unit_staff_a", {"Nguyễn Thị Ánh"}),
        ("unit_staff_b", {"Trần Văn Bảo"}),
        ("campaign_office", {"Nguyễn Thị Ánh", "Trần Văn Bảo"}),
        ("other_office", set()),
    ],
)
def test_people_visible_per_role(request, tree, user_fixture, expected_people):
    user = request.getfixturevalue(user_fixture)

    assert set(people_visible_to(user).values_list("full_name", flat=True)) == expected_people


def test_anonymous_sees_nothing(tree):
    assert (
        units_visible_to(AnonymousUser()).count(),
        people_visible_to(AnonymousUser()).count(),
    ) == (0, 0)


@pytest.mark.parametrize(
    ("user_fixture", "target", "allowed"),
    [
        ("unit_staff_a", "commune_a", True),
        ("unit_staff_a", "commune_b", False),
        ("unit_staff_a", "district", False),
        ("campaign_office", "commune_b", True),
        ("campaign_office", "other_district", False),
        ("other_office", "commune_a", False),
        ("admin_user", "other_district", True),
    ],
)
def test_view_unit_permission(request, tree, user_fixture, target, allowed):
    user = request.getfixturevalue(user_fixture)
    unit = request.getfixturevalue(target)

    assert user.has_perm("units.view_unit", unit) is allowed


@pytest.mark.parametrize(
    ("user_fixture", "allowed"),
    [("admin_user", True), ("campaign_office", False), ("unit_staff_a", False)],
)
def test_only_admin_changes_units_and_imports(request, commune_a, user_fixture, allowed):
    user = request.getfixturevalue(user_fixture)

    assert (user.has_perm("units.change_unit", commune_a), user.has_perm("units.import_units")) == (
        allowed,
        allowed,
    )


def test_person_permission_follows_unit(tree, unit_staff_a, person_a, person_b):
    assert (
        unit_staff_a.has_perm("units.view_person", person_a),
        unit_staff_a.has_perm("units.view_person", person_b),
    ) == (
        True,
        False,
    )
