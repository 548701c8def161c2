import io

from django.core.management import call_command

from units.enums import DISTRICT_VALID_TO, Role, SigningMode
from units.models import Person, RoleGrant, Unit, User
from units.services import sync_official_provinces, sync_official_wards


def test_official_provinces_come_from_the_package(db):
    provinces = sync_official_provinces()

    assert len(provinces) == 34
    dak_lak = Unit.objects.get(code="P66")
    assert (dak_lak.name, dak_lak.admin_code, dak_lak.parent) == ("Tỉnh Đắk Lắk", "66", None)
    assert Unit.objects.get(code="P01").name == "Thành phố Hà Nội"


def test_official_wards_of_one_province(db):
    sync_official_provinces()

    count = sync_official_wards("56")  # Khánh Hòa, which absorbed Ninh Thuận
    again = sync_official_wards("56")

    khanh_hoa = Unit.objects.get(code="P56")
    wards = Unit.objects.subtree_of(khanh_hoa, include_self=False)
    assert count == again == wards.count() > 0
    assert wards.filter(name="Xã Ninh Hải").exists()


def test_load_demo_is_idempotent(db):
    call_command("load_demo", stdout=io.StringIO())
    counts = (
        Unit.objects.count(),
        Person.objects.count(),
        User.objects.count(),
        RoleGrant.objects.count(),
    )

    call_command("load_demo", stdout=io.StringIO())

    assert (
        Unit.objects.count(),
        Person.objects.count(),
        User.objects.count(),
        RoleGrant.objects.count(),
    ) == counts


def test_demo_accounts_have_their_roles(db):
    call_command("load_demo", stdout=io.StringIO())
    ninh_hai = Unit.objects.get(code="NT-NH")

    grants = {
        (g.user.username, g.role, g.body.code, g.signing_mode)
        for g in RoleGrant.objects.filter(
            body__in=Unit.objects.subtree_of(ninh_hai)
        ).select_related("user", "body")
    }

    assert grants == {
        ("quantri", Role.ADMIN, "NT-NH", ""),
        ("vanphong", Role.CAMPAIGN_OFFICE, "NT-NH", ""),
        ("thamdinh", Role.APPRAISER, "NT-NH", ""),
        ("chutich", Role.APPROVER, "NT-NH", SigningMode.HEAD),
        ("donvi1", Role.UNIT_STAFF, "NT-NH-TRH", ""),
        ("donvi2", Role.UNIT_STAFF, "NT-NH-NHH", ""),
    }
    assert User.objects.get(username="donvi1").check_password("ThiDua@2026")
    assert ninh_hai.valid_to == DISTRICT_VALID_TO
