"""What a quota (số lượng khen thưởng) counts and allows, as the plan writes it.

Kept apart from the awards checks on purpose: `awards/checks.py` asks these functions
which quotas bind a unit's nominations and what each allows.

- Whom: the whole round ("không quá 03 tập thể và 05 cá nhân"), one named unit ("Ban Chỉ
  đạo: 05 cá nhân"), the units of a kind taken together, or each unit of a kind ("mỗi xã,
  phường chọn 02 trường hợp").
- How many: a maximum (the default; "không quá" and plain counts alike) or an exact
  count ("chọn 02 trường hợp"); `max_total` counts collectives and individuals together.
- Percentages: of the nominations filed (the default), or of the participants directly
  taking part ("không quá 10% tập thể, 5% cá nhân đối tượng trực tiếp tham gia phong
  trào"), whose numbers the plan or the office enters.
"""

import math

from units.enums import UnitKind, UnitLevel

from .enums import NomineeKind, PercentBase, QuotaTarget

COLLECTIVE, INDIVIDUAL = NomineeKind.COLLECTIVE, NomineeKind.INDIVIDUAL


def applies_to(quota, unit):
    """Does `quota` count the nominations of `unit` (the unit that files the dossier)?"""
    target = quota.applies_to
    if target == QuotaTarget.ROUND:
        return True
    if target == QuotaTarget.UNIT:
        return quota.unit_id == unit.pk
    return is_of_kind(unit, quota.unit_kind)


# "Mỗi xã, phường": an administrative kind also names the People's Committee of that level,
# the unit that files for a commune.
ADMINISTRATIVE_KINDS = {
    UnitKind.PROVINCE: UnitLevel.PROVINCE,
    UnitKind.DISTRICT: UnitLevel.DISTRICT,
    UnitKind.COMMUNE: UnitLevel.COMMUNE,
    UnitKind.VILLAGE: UnitLevel.VILLAGE,
}


def is_of_kind(unit, kind):
    if unit.kind == kind:
        return True
    level = ADMINISTRATIVE_KINDS.get(kind)
    return level is not None and unit.kind == UnitKind.PEOPLES_COMMITTEE and unit.level == level


def counts_each_unit_apart(quota):
    """True when each unit has its own allowance (per unit, or each unit of a kind)."""
    return quota.per_unit or quota.applies_to == QuotaTarget.EACH_UNIT


def percentage_base(quota, kind, *, filed):
    """The number a percentage of `kind` is taken of: the participants entered for the
    plan when it says so, else the nominations of that kind filed (`filed`)."""
    if quota.pct_base == PercentBase.PARTICIPANTS:
        return quota.base_collective if kind == COLLECTIVE else quota.base_individual
    return filed


def allowance(quota, kind, *, filed=0):
    """The number of `kind` nominations `quota` allows (None: no count of that kind).

    A count and a percentage both apply: the smaller wins. A percentage is rounded down
    (10% of 25 participants is 2)."""
    limits = []
    count = quota.max_collective if kind == COLLECTIVE else quota.max_individual
    if count is not None:
        limits.append(count)
    pct = quota.pct_collective if kind == COLLECTIVE else quota.pct_individual
    if pct is not None:
        base = percentage_base(quota, kind, filed=filed)
        if base is not None:
            limits.append(math.floor(float(pct) * base / 100))
    return min(limits) if limits else None


def verdict(quota, kind, used, *, filed=0):
    """(ok, allowed) for `used` nominations of `kind`; an exact quota needs exactly the
    count, a maximum at most it. `kind=None` checks `max_total` (collective or individual)."""
    allowed = quota.max_total if kind is None else allowance(quota, kind, filed=filed)
    if allowed is None:
        return True, None
    return (used == allowed if quota.exact else used <= allowed), allowed
