import io

from django.core.management import call_command

from units import demo
from units.demo import load as load_units_and_people
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
    call_command("load_demo", "--no-work", stdout=io.StringIO())
    counts = (
        Unit.objects.count(),
        Person.objects.count(),
        User.objects.count(),
        RoleGrant.objects.count(),
    )

    call_command("load_demo", "--no-work", stdout=io.StringIO())

    assert (
        Unit.objects.count(),
        Person.objects.count(),
        User.objects.count(),
        RoleGrant.objects.count(),
    ) == counts


def test_demo_accounts_have_their_roles(db):
    call_command("load_demo", "--no-work", stdout=io.StringIO())
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
        ("donvi3", Role.UNIT_STAFF, "NT-NH-KH", ""),
        ("donvi4", Role.UNIT_STAFF, "NT-NH-THH", ""),
        ("donvi5", Role.UNIT_STAFF, "NT-NH-VIH", ""),
        ("donvi6", Role.UNIT_STAFF, "NT-NH-PHH", ""),
        ("donvi7", Role.UNIT_STAFF, "NT-NH-TAH", ""),
        ("donvi8", Role.UNIT_STAFF, "NT-NH-HOH", ""),
        ("donvi9", Role.UNIT_STAFF, "NT-NH-XUH", ""),
    }
    assert User.objects.get(username="donvi1").check_password("ThiDua@2026")
    assert ninh_hai.valid_to == DISTRICT_VALID_TO


def test_demo_province_above_dak_song_has_its_own_accounts(db):
    """UBND tỉnh Đắk Nông, above seed 001's district, decides the provincial Bằng khen: its
    office (Ban Thi đua - Khen thưởng), appraiser (Sở Nội vụ) and chairman hold roles there,
    and the district stays outside the province body's subtree (its own office decides it)."""
    call_command("load_demo", "--no-work", stdout=io.StringIO())
    province = Unit.objects.get(code="DN-UBND")

    grants = {
        (g.user.username, g.role, g.user.unit.code, g.signing_mode)
        for g in RoleGrant.objects.filter(body=province).select_related("user__unit")
    }

    assert grants == {
        ("vanphong_daknong", Role.CAMPAIGN_OFFICE, "DN-BTDKT", ""),
        ("thamdinh_daknong", Role.APPRAISER, "DN-SNV", ""),
        ("chutich_daknong", Role.APPROVER, "DN-UBND", SigningMode.HEAD),
    }
    # The district below appraises and approves its own round before it proposes upward.
    dak_song = {
        (g.user.username, g.role)
        for g in RoleGrant.objects.filter(body__code="DN-DS").select_related("user")
    }
    assert dak_song == {
        ("vanphong_dsong", Role.CAMPAIGN_OFFICE),
        ("thamdinh_dsong", Role.APPRAISER),
        ("chutich_dsong", Role.APPROVER),
    }
    assert (province.name, province.parent.code) == ("UBND tỉnh Đắk Nông", "DN")
    assert not Unit.objects.subtree_of(province).filter(code="DN-DS").exists()
    assert User.objects.get(username="chutich_daknong").check_password("ThiDua@2026")


def test_demo_units_and_people_are_files_the_importer_reads(db, tmp_path):
    """The demo is the CSV files under units/demo_data, loaded by the import service; the
    same files through `import_units` find every row already there."""
    load_units_and_people()
    units, people = Unit.objects.exclude(code__startswith="P").count(), Person.objects.count()
    out = io.StringIO()

    call_command("import_units", str(demo.UNITS_FILE), stdout=out)
    call_command("import_units", str(demo.PEOPLE_FILE), "--people", stdout=out)

    assert out.getvalue().splitlines() == [
        f"Đã nhập: thêm mới 0, cập nhật {units}.",
        f"Đã nhập: thêm mới 0, cập nhật {people}.",
    ]
    # 54 before, plus Ban TĐKT tỉnh Ninh Thuận and Thuận Bắc (its office, three communes),
    # and two departments of Đắk Nông (Sở TT&TT, Sở GD&ĐT) with three people each, then
    # Ninh Sơn (its office, two communes).
    assert (units, people) == (66, 150)
    tri_hai = Unit.objects.get(code="NT-NH-TRH")
    assert (tri_hai.name, tri_hai.parent.code, tri_hai.valid_to) == (
        "UBND xã Tri Hải",
        "NT-NH",
        DISTRICT_VALID_TO,
    )
    assert sorted(Person.objects.filter(unit=tri_hai).values_list("code", "is_leader")) == [
        ("NT-NH-TRH-01", True),
        ("NT-NH-TRH-02", True),
        ("NT-NH-TRH-03", False),
    ]
