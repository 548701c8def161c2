"""The office administrator's own pages: accounts with roles, and units (no Django admin)."""

from django.contrib.contenttypes.models import ContentType
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import TransitionLog
from tests.factories.units import PASSWORD, make_unit, make_user
from units.enums import Role, UnitKind, UnitLevel
from units.models import RoleGrant, Unit, User


def history(obj):
    return list(
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).values_list("workflow", "action")
    )


def roles_management(data=None, rows=()):
    """The roles formset's POST fields: `rows` of (id, role, body, signing, delete)."""
    data = dict(data or {})
    data.update(
        {
            "vai-tro-TOTAL_FORMS": str(len(rows) or 1),
            "vai-tro-INITIAL_FORMS": str(sum(1 for r in rows if r[0])),
            "vai-tro-MIN_NUM_FORMS": "0",
            "vai-tro-MAX_NUM_FORMS": "1000",
        }
    )
    for i, (pk, role, body, signing, delete) in enumerate(rows):
        data.update(
            {
                f"vai-tro-{i}-id": str(pk or ""),
                f"vai-tro-{i}-role": role,
                f"vai-tro-{i}-body": str(body.pk) if body else "",
                f"vai-tro-{i}-signing_mode": signing,
            }
        )
        if delete:
            data[f"vai-tro-{i}-DELETE"] = "on"
    return data


def test_only_the_administrator_opens_the_pages(client, unit_staff_a, campaign_office, admin_user):
    urls = [
        reverse("units:account_list"),
        reverse("units:account_create"),
        reverse("units:account_update", args=[unit_staff_a.pk]),
        reverse("units:unit_create"),
        reverse("units:unit_update", args=[unit_staff_a.unit.pk]),
    ]
    for user in (unit_staff_a, campaign_office):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [403] * 5
    client.force_login(admin_user)
    assert [client.get(url).status_code for url in urls] == [200] * 5
    client.logout()
    assert all(client.get(url).status_code == 302 for url in urls)


def test_the_administrator_creates_an_account_with_a_role(client, admin_user, commune_a):
    client.force_login(admin_user)
    data = roles_management(
        {
            "username": "donvi_moi",
            "full_name": "Lê Thị Mới",
            "email": "moi@tinh.example",
            "unit": commune_a.pk,
            "position": "Văn thư",
            "is_active": "on",
            "password1": "Mat-khau-2026!",
            "password2": "Mat-khau-2026!",
        },
        [(None, Role.UNIT_STAFF, commune_a, "", False)],
    )

    response = client.post(reverse("units:account_create"), data)

    assert response.status_code == 302
    account = User.objects.get(username="donvi_moi")
    assert (account.full_name, account.unit, account.is_staff, account.is_superuser) == (
        "Lê Thị Mới",
        commune_a,
        False,
        False,
    )
    assert account.check_password("Mat-khau-2026!")
    assert [(g.role, g.body) for g in account.role_grants.all()] == [(Role.UNIT_STAFF, commune_a)]
    assert history(account) == [("units.account", "create"), ("units.account", "roles")]
    log = TransitionLog.objects.filter(action="create", object_id=account.pk).get()
    assert log.actor == admin_user and "Mat-khau" not in str(log.data)


def test_bad_input_keeps_what_was_typed_in_vietnamese(client, admin_user, commune_a):
    client.force_login(admin_user)
    data = roles_management(
        {
            "username": "donvi_moi",
            "full_name": "Lê Thị Mới",
            "unit": commune_a.pk,
            "is_active": "on",
            "password1": "12345678",
            "password2": "12345679",
        },
        [(None, Role.UNIT_STAFF, commune_a, "", False)],
    )

    response = client.post(reverse("units:account_create"), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Hai lần nhập mật khẩu không khớp." in html
    assert 'value="Lê Thị Mới"' in html and 'value="donvi_moi"' in html
    assert "12345678" not in html  # passwords are never sent back
    assert not User.objects.filter(username="donvi_moi").exists()


def test_pages_show_no_password_hash_nor_superuser_or_staff_flags(client, admin_user, unit_staff_a):
    client.force_login(admin_user)

    html = client.get(reverse("units:account_update", args=[unit_staff_a.pk])).content.decode()

    assert unit_staff_a.password not in html
    assert "pbkdf2" not in html
    for name in ("is_superuser", "is_staff", 'name="password"', "groups", "user_permissions"):
        assert name not in html
    assert "Vai trò và phạm vi" in html


def test_edit_changes_roles_and_locks_with_history(
    client, admin_user, unit_staff_a, commune_a, district
):
    client.force_login(admin_user)
    grant = unit_staff_a.role_grants.get()
    data = roles_management(
        {
            "username": unit_staff_a.username,
            "full_name": "Tên mới",
            "unit": commune_a.pk,
            "password1": "",
            "password2": "",
        },  # is_active unticked: locked
        [
            (grant.pk, Role.UNIT_STAFF, commune_a, "", True),
            (None, Role.APPRAISER, district, "", False),
        ],
    )

    response = client.post(reverse("units:account_update", args=[unit_staff_a.pk]), data)

    assert response.status_code == 302
    unit_staff_a.refresh_from_db()
    assert (unit_staff_a.full_name, unit_staff_a.is_active) == ("Tên mới", False)
    assert unit_staff_a.check_password(PASSWORD)  # unchanged when left empty
    assert list(RoleGrant.objects.filter(user=unit_staff_a).values_list("role", "body")) == [
        (Role.APPRAISER, district.pk)
    ]
    edit = TransitionLog.objects.get(object_id=unit_staff_a.pk, action="edit")
    changes = {label: (before, after) for label, before, after in edit.data["changes"]}
    assert changes["Họ và tên"][1] == "Tên mới"
    assert ("units.account", "roles") in history(unit_staff_a)


def test_superusers_are_not_listed_nor_editable_by_the_office_administrator(
    client, admin_user, district
):
    root = User.objects.create_superuser("goc", password=PASSWORD, unit=district)
    client.force_login(admin_user)

    listing = client.get(reverse("units:account_list")).content.decode()

    assert "goc" not in listing
    assert client.get(reverse("units:account_update", args=[root.pk])).status_code == 404
    client.force_login(root)
    assert client.get(reverse("units:account_update", args=[root.pk])).status_code == 200


def test_the_administrator_adds_and_edits_a_unit(client, admin_user, district):
    client.force_login(admin_user)
    data = {
        "code": "X-MOI",
        "name": "UBND xã Mới",
        "kind": UnitKind.PEOPLES_COMMITTEE,
        "level": UnitLevel.COMMUNE,
        "parent": district.pk,
        "is_active": "on",
        "valid_from": "01/07/2025",
    }

    created = client.post(reverse("units:unit_create"), data)

    unit = Unit.objects.get(code="X-MOI")
    assert created["Location"] == reverse("units:unit_detail", args=[unit.pk])
    assert unit.parent == district and unit.path.startswith(district.path)
    assert unit.valid_from.strftime("%d/%m/%Y") == "01/07/2025"
    edited = client.post(
        reverse("units:unit_update", args=[unit.pk]), {**data, "name": "UBND phường Mới"}
    )
    assert edited.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "UBND phường Mới"
    assert history(unit) == [("units.unit", "create"), ("units.unit", "edit")]
    change = TransitionLog.objects.get(object_id=unit.pk, action="edit").data["changes"]
    assert change == [["Tên đơn vị", "UBND xã Mới", "UBND phường Mới"]]


def test_a_unit_cannot_move_under_itself(client, admin_user, district, commune_a):
    client.force_login(admin_user)
    data = {
        "code": district.code,
        "name": district.name,
        "kind": district.kind,
        "level": district.level,
        "parent": commune_a.pk,
        "is_active": "on",
    }

    response = client.post(reverse("units:unit_update", args=[district.pk]), data)

    assert response.status_code == 400
    assert "parent" in response.context["form"].errors


def test_the_django_admin_is_for_superusers_only(client, admin_user, district):
    admin_user.is_staff = True  # even a staff flag does not open it
    admin_user.save()
    client.force_login(admin_user)
    assert client.get("/quan-tri-he-thong/").status_code == 302
    root = User.objects.create_superuser("goc", password=PASSWORD, unit=district)
    client.force_login(root)
    assert client.get("/quan-tri-he-thong/").status_code == 200


def test_account_list_queries_do_not_grow(client, admin_user, commune_a):
    from django.db import connection

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("units:account_list")).status_code == 200
        return len(queries)

    make_user(unit=make_unit(parent=commune_a), roles=[Role.UNIT_STAFF])
    client.force_login(admin_user)
    one = page_queries()
    for _ in range(19):
        make_user(unit=make_unit(parent=commune_a), roles=[Role.UNIT_STAFF, Role.APPRAISER])

    assert page_queries() == one
