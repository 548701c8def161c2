"""Writes on units: the official administrative divisions from `vietnam-provinces`."""

from django.db import transaction

from .enums import DISTRICT_ABOLISHED_ON, UnitKind, UnitLevel
from .models import Unit


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
