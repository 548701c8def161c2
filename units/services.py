"""Writes on units: the official administrative divisions from `vietnam-provinces`, and
the accounts, roles and units the office administrator manages in the app's own pages."""

from django.db import transaction

from core.workflow import changes_between, log_event, snapshot

from .enums import DISTRICT_ABOLISHED_ON, UnitKind, UnitLevel
from .models import RoleGrant, Unit, User
from .workflows import ACCOUNT, UNIT


def _province_kind_label(division_type):
    return "thành phố trung ương" in str(division_type.value)


@transaction.atomic
def sync_official_provinces():
    """Create or update one root unit per current province, from `vietnam-provinces`.

    The package holds the divisions in force since 01/07/2025 (34 provinces); names and
    codes come from it, never from a hand-typed list. Unit codes are "P<code>".
    """
    from vietnam_provinces import Province  # noqa: PLC0415 - large data, load on demand

    units = []
    for province in Province.iter_all():
        unit, _ = Unit.objects.update_or_create(
            code=f"P{int(province.code):02d}",
            defaults={
                "name": province.name
                if _province_kind_label(province.division_type)
                else f"Tỉnh {province.name}",
                "short_name": province.name,
                "kind": UnitKind.PROVINCE,
                "level": UnitLevel.PROVINCE,
                "admin_code": f"{int(province.code):02d}",
                "parent": None,
                "valid_from": DISTRICT_ABOLISHED_ON,
                "is_active": True,
            },
        )
        units.append(unit)
    return units


@transaction.atomic
def sync_official_wards(province_code):
    """Create or update the communes, wards and special zones of one province."""
    from vietnam_provinces import Province, Ward  # noqa: PLC0415 - large data, load on demand

    province = Province.from_code(int(province_code))
    parent = Unit.objects.get(code=f"P{int(province.code):02d}")
    existing = {u.code: u for u in Unit.objects.filter(parent=parent, kind=UnitKind.COMMUNE)}
    count = 0
    for ward in Ward.iter_by_province(province.code):
        code = f"W{int(ward.code):05d}"
        unit = existing.get(code) or Unit(code=code)
        unit.name = ward.name
        unit.short_name = ward.name
        unit.kind = UnitKind.COMMUNE
        unit.level = UnitLevel.COMMUNE
        unit.admin_code = f"{int(ward.code):05d}"
        unit.parent = parent
        unit.valid_from = DISTRICT_ABOLISHED_ON
        unit.is_active = True
        unit.save()
        count += 1
    return count


# --- accounts, roles and units managed by the office administrator ----------------------
# Every write here leaves a history row (core.TransitionLog) with what changed; passwords
# are never logged, only that one was set.

ACCOUNT_FIELDS = ["username", "full_name", "email", "unit", "position", "is_active"]
UNIT_FIELDS = [
    "code",
    "name",
    "short_name",
    "kind",
    "level",
    "parent",
    "admin_code",
    "is_active",
    "valid_from",
    "valid_to",
]


def _apply(instance, fields, data):
    for name in fields:
        setattr(instance, name, data[name])


@transaction.atomic
def save_account(account, data, *, password="", by):
    """Create (account=None) or edit an account from a form's cleaned data."""
    created = account is None
    account = account or User()
    before = {} if created else snapshot(account, ACCOUNT_FIELDS)
    _apply(account, ACCOUNT_FIELDS, data)
    if password:
        account.set_password(password)
    elif created:
        account.set_unusable_password()
    account.save()
    changes = changes_between(User, before, snapshot(account, ACCOUNT_FIELDS)) if before else []
    log_event(
        account,
        workflow=ACCOUNT.name,
        action="create" if created else "edit",
        by=by,
        data={"changes": changes, "password_set": bool(password)},
    )
    return account


@transaction.atomic
def set_role_grants(account, grants, *, by):
    """Replace the account's roles with `grants`: [(role, body, signing_mode)]."""
    wanted = {(role, body.pk): signing for role, body, signing in grants}
    current = {(g.role, g.body_id): g for g in account.role_grants.select_related("body")}
    before = sorted(f"{g.get_role_display()} — {g.body}" for g in current.values())
    for key, grant in current.items():
        if key not in wanted:
            grant.delete()
        elif grant.signing_mode != wanted[key]:
            grant.signing_mode = wanted[key]
            grant.save(update_fields=["signing_mode", "updated_at"])
    bodies = {body.pk: body for _role, body, _s in grants}
    for (role, body_id), signing in wanted.items():
        if (role, body_id) not in current:
            RoleGrant.objects.create(
                user=account, role=role, body=bodies[body_id], signing_mode=signing
            )
    account._grants_cache = None
    after = sorted(f"{g.get_role_display()} — {g.body}" for g in account.grants)
    if before != after:
        log_event(
            account,
            workflow=ACCOUNT.name,
            action="roles",
            by=by,
            data={"changes": [["Vai trò", "; ".join(before), "; ".join(after)]]},
        )
    return account


@transaction.atomic
def save_unit(unit, data, *, by):
    """Create (unit=None) or edit a unit from a form's cleaned data."""
    created = unit is None
    unit = unit or Unit()
    before = {} if created else snapshot(unit, UNIT_FIELDS)
    _apply(unit, UNIT_FIELDS, data)
    unit.save()
    changes = changes_between(Unit, before, snapshot(unit, UNIT_FIELDS)) if before else []
    log_event(
        unit,
        workflow=UNIT.name,
        action="create" if created else "edit",
        by=by,
        data={"changes": changes},
    )
    return unit
