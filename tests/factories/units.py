"""Plain factories for the units app: one function per model, keyword overrides."""

import itertools

from units.enums import Role, Sex, SigningMode, UnitKind, UnitLevel
from units.models import Person, RoleGrant, Unit, User

_seq = itertools.count(1)
PASSWORD = "Test@12345"


def make_unit(
    *, parent=None, name=None, kind=UnitKind.PEOPLES_COMMITTEE, level=UnitLevel.COMMUNE, **kwargs
):
    n = next(_seq)
    return Unit.objects.create(
        code=kwargs.pop("code", f"U{n:05d}"),
        name=name or f"Đơn vị thử {n}",
        kind=kind,
        level=level,
        parent=parent,
        **kwargs,
    )


def make_person(*, unit, full_name=None, sex=Sex.FEMALE, is_leader=False, **kwargs):
    n = next(_seq)
    return Person.objects.create(
        full_name=full_name or f"Cán bộ thử {n}",
        sex=sex,
        unit=unit,
        is_leader=is_leader,
        **kwargs,
    )


def make_user(*, unit, roles=(), body=None, username=None, signing_mode="", **kwargs):
    """A user in `unit` holding each role of `roles` on `body` (default: their own unit)."""
    n = next(_seq)
    user = User.objects.create_user(
        username=username or f"user{n}",
        password=PASSWORD,
        full_name=kwargs.pop("full_name", f"Người dùng {n}"),
        unit=unit,
        **kwargs,
    )
    for role in roles:
        RoleGrant.objects.create(
            user=user,
            role=role,
            body=body or unit,
            signing_mode=signing_mode or (SigningMode.HEAD if role == Role.APPROVER else ""),
        )
    return user
