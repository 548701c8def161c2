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
  trào"), whose numbers the plan or the office enters; collectives not entered are
  counted from the registrations (the units that registered to take part).
- Together: `counted_together(quota, filer, unit)` says whether the nominations filed by
  `filer` take places from the same allowance as `unit`'s: everyone's for a round-wide
  quota, the named unit's, the units of the kind, or `unit`'s alone when each unit counts
  apart. The awards checks count approvals with it, so the unit's page, the submission
  check, the approval board and approval itself read the same rules.
"""

import math

from django.utils.translation import gettext as _

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


def counted_together(quota, filer, unit):
    """Do the nominations filed by `filer` use the places `quota` gives `unit`?
    (`unit` is one the quota applies to; both need only pk, kind and level.)"""
    if counts_each_unit_apart(quota):
        return filer.pk == unit.pk
    if quota.applies_to == QuotaTarget.UNIT:
        return filer.pk == quota.unit_id
    if quota.applies_to == QuotaTarget.UNIT_KIND:
        return is_of_kind(filer, quota.unit_kind)
    return True


def percentage_base(quota, kind, *, filed, registered=None):
    """The number a percentage of `kind` is taken of: the participants directly taking
    part when the plan says so (entered; collectives not entered are the `registered`
    units), else the nominations of that kind filed (`filed`)."""
    if quota.pct_base == PercentBase.PARTICIPANTS:
        if kind == COLLECTIVE:
            return quota.base_collective if quota.base_collective is not None else registered
        return quota.base_individual
    return filed


def allowance(quota, kind, *, filed=0, registered=None):
    """The number of `kind` nominations `quota` allows (None: no count of that kind).

    A count and a percentage both apply: the smaller wins. A percentage is rounded down
    (10% of 25 participants is 2)."""
    if kind not in (COLLECTIVE, INDIVIDUAL):
        return None
    limits = []
    count = quota.max_collective if kind == COLLECTIVE else quota.max_individual
    if count is not None:
        limits.append(count)
    pct = quota.pct_collective if kind == COLLECTIVE else quota.pct_individual
    if pct is not None:
        base = percentage_base(quota, kind, filed=filed, registered=registered)
        if base is not None:
            limits.append(math.floor(float(pct) * base / 100))
    return min(limits) if limits else None


def verdict(quota, kind, used, *, filed=0, registered=None):
    """(ok, allowed) for `used` nominations of `kind`; an exact quota needs exactly the
    count, a maximum at most it. `kind=None` checks `max_total` (collective or individual)."""
    allowed = (
        quota.max_total
        if kind is None
        else allowance(quota, kind, filed=filed, registered=registered)
    )
    if allowed is None:
        return True, None
    return (used == allowed if quota.exact else used <= allowed), allowed


def whom(quota):
    """Whose places a quota counts, in words ("cả đợt", "Ban Chỉ đạo", "mỗi đơn vị loại
    «Xã, phường, thị trấn, đặc khu»")."""
    kind = UnitKind(quota.unit_kind).label if quota.unit_kind in UnitKind.values else ""
    if counts_each_unit_apart(quota):
        if kind and quota.applies_to == QuotaTarget.EACH_UNIT:
            return _("mỗi đơn vị loại «%(kind)s»") % {"kind": kind}
        return _("mỗi đơn vị")
    if quota.applies_to == QuotaTarget.UNIT and quota.unit_id:
        return quota.unit.name
    if quota.applies_to == QuotaTarget.UNIT_KIND:
        return _("các đơn vị loại «%(kind)s», tính chung") % {"kind": kind}
    return _("cả đợt")
