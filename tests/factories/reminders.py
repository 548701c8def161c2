"""Many open obligations at once, for the reminder sweep's kill test, query counts and
bench: a district with `units` communes, one staff account with an address in each, and
`reports` one-off report obligations of a published plan due on `last_day`, none
submitted: units × reports open obligations. Rows are made in bulk (a few queries)."""

import itertools

from core.reminders import end_of_day
from reports.models import ReportObligation
from tests.factories.reports import make_obligation, report_campaign
from units.enums import Role, UnitKind, UnitLevel
from units.models import RoleGrant, Unit, User, path_segment

_seq = itertools.count(1)


def open_reports(*, units, reports, last_day, office=True):
    """Returns (body, [obligations], [units], [staff users])."""
    key = f"nhac-{next(_seq)}-{id(object())}"
    body = Unit.objects.create(
        code=key,
        name=f"UBND huyện Nhắc {key}",
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.DISTRICT,
    )
    communes = Unit.objects.bulk_create(
        Unit(
            code=f"{key}-{i:05d}",
            name=f"UBND xã Nhắc Số {i:05d}",
            kind=UnitKind.PEOPLES_COMMITTEE,
            level=UnitLevel.COMMUNE,
            parent=body,
        )
        for i in range(units)
    )
    for unit in communes:  # Unit.save() derives the path; bulk_create does not
        unit.path = body.path + path_segment(unit.pk)
        unit.depth = body.depth + 1
        unit.search_text = unit.name.lower()
    Unit.objects.bulk_update(communes, ["path", "depth", "search_text"], batch_size=2000)
    staff = User.objects.bulk_create(
        User(
            username=f"{key}-{i:05d}",
            password="!",  # unusable: nobody logs in as them
            full_name=f"Cán bộ xã Nhắc Số {i:05d}",
            email=f"{key}-{i:05d}@example.vn",
            unit=unit,
        )
        for i, unit in enumerate(communes)
    )
    RoleGrant.objects.bulk_create(
        RoleGrant(user=user, role=Role.UNIT_STAFF, body=unit)
        for user, unit in zip(staff, communes, strict=True)
    )
    if office:
        clerk = User.objects.create(
            username=f"{key}-vp", password="!", email=f"{key}-vp@example.vn", unit=body
        )
        RoleGrant.objects.create(user=clerk, role=Role.CAMPAIGN_OFFICE, body=body)
    campaign = report_campaign(body, due_at=end_of_day(last_day).isoformat())
    first = make_obligation(campaign)
    ReportObligation.objects.filter(pk=first.pk).update(due_at=end_of_day(last_day))
    first.refresh_from_db()
    fields = {
        f.attname: getattr(first, f.attname)
        for f in ReportObligation._meta.concrete_fields
        if not f.primary_key
    }
    clones = [
        ReportObligation(**{**fields, "milestone_id": None, "title": f"{first.title} (số {n})"})
        for n in range(2, reports + 1)
    ]
    obligations = [first, *ReportObligation.objects.bulk_create(clones, batch_size=2000)]
    return body, obligations, communes, staff
