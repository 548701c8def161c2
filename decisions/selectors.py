"""Scope-aware reads of award decisions and their lists."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from core.text import accent_fold
from units.rules import is_admin

from . import cash
from .enums import DecisionKind, DecisionState
from .models import Decision, DecisionLine, PastAward
from .rules import READERS


def decisions_visible_to(user):
    """The office, appraiser and approver of the issuing body (and above), the admin."""
    qs = Decision.objects.select_related("issuing_body", "round__campaign", "form", "target")
    if is_admin(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    paths = user.scope_paths(*READERS)
    if not paths:
        return qs.none()
    condition = Q()
    for path in paths:
        condition |= Q(issuing_body__path__startswith=path)
    return qs.filter(condition)


def decision_list(user, *, state="", search=""):
    qs = decisions_visible_to(user).annotate(line_count=Count("lines"))
    if state in DecisionState.values:
        qs = qs.filter(state=state)
    for word in search.split():
        qs = qs.filter(Q(number=word) | Q(title__icontains=word))
    return qs.order_by("-issued_on", "-pk")


def decision_lines(decision):
    """The list in print order, with revoking decisions, in one query."""
    return list(
        decision.lines.select_related("revoked_by", "person", "nominee_unit").order_by(
            "order", "pk"
        )
    )


def list_sections(decision, rows=None):
    """[(heading, [lines])] for the printed list: I. Tập thể, II. Hộ gia đình, then Cá
    nhân, each numbered from 1; empty sections left out."""
    rows = decision_lines(decision) if rows is None else rows
    sections = []
    numerals = iter(["I", "II", "III"])
    for kind, heading in (
        ("collective", "TẬP THỂ"),
        ("household", "HỘ GIA ĐÌNH"),
        ("individual", "CÁ NHÂN"),
    ):
        members = [line for line in rows if line.nominee_kind == kind]
        if members:
            sections.append((f"{next(numerals)}. {heading}", kind, members))
    return sections


def cash_preview(decision, rows):
    """Amounts per line: frozen on an issued decision, else from today's table."""
    if decision.state != DecisionState.DRAFT:
        return {line.pk: line.amount for line in rows}, decision.base_salary
    base = cash.base_salary(timezone.localdate())
    table = cash.coefficients(decision.form_type)
    return {line.pk: cash.amount_for(table.get(line.nominee_kind), base) for line in rows}, base


def totals(rows, amounts):
    counts = {"collective": 0, "household": 0, "individual": 0}
    for line in rows:
        counts[line.nominee_kind] = counts.get(line.nominee_kind, 0) + 1
    values = [amounts.get(line.pk) for line in rows]
    total = sum(v for v in values if v) if any(values) else None
    return counts, total


def awards_of(*, person=None, unit=None):
    """Lines of issued (or later corrected) decisions naming `person` or collective `unit`."""
    qs = DecisionLine.objects.filter(
        decision__state__in=[DecisionState.ISSUED, DecisionState.AMENDED, DecisionState.REVOKED]
    )
    if person is not None:
        qs = qs.filter(person=person)
    if unit is not None:
        qs = qs.filter(nominee_unit=unit)
    return qs.select_related("decision__form", "decision__issuing_body", "revoked_by")


def issued_total(decision):
    return decision.lines.aggregate(total=Sum("amount"))["total"]


@dataclass(frozen=True)
class StandingAward:
    """An award that stands: a line of an issued decision not revoked, or a past award."""

    person_id: int | None
    unit_id: int | None
    form_name: str
    year: int | None  # the achievement's year
    number: str
    day: datetime.date | None
    issuer: str
    nomination_id: int | None = None


def form_key(name):
    """A form's name compared without accents, case or the UBND abbreviation, so that
    «Giấy khen của Chủ tịch UBND huyện» in an old spreadsheet is the plan's «Giấy khen
    của Chủ tịch Ủy ban nhân dân huyện»."""
    words = accent_fold(name).replace("ubnd", "uy ban nhan dan").split()
    return " ".join(word.strip(".,;:") for word in words)


def same_form(name, other):
    """The same form, one name possibly naming the place (… huyện / … huyện Ninh Hải)."""
    a, b = form_key(name), form_key(other)
    return bool(a and b) and (a == b or a.startswith(b + " ") or b.startswith(a + " "))


def standing_awards(*, person_ids=(), unit_ids=()):
    """The awards that stand for these people and collectives: lines of issued (or amended)
    decisions not revoked, and past awards imported from the office's spreadsheets. Two
    queries, whatever the number of nominees."""
    person_ids, unit_ids = set(person_ids) - {None}, set(unit_ids) - {None}
    if not person_ids and not unit_ids:
        return []
    nominee = Q(person_id__in=person_ids) | Q(nominee_unit_id__in=unit_ids)
    lines = (
        DecisionLine.objects.filter(nominee, revoked_by__isnull=True)
        .filter(decision__state__in=[DecisionState.ISSUED, DecisionState.AMENDED])
        .exclude(decision__kind=DecisionKind.REVOKE)  # its lines are the awards it takes back
        .select_related("decision__form", "decision__round__campaign")
        .order_by("decision__issued_on", "pk")
    )
    awards = []
    for line in lines:
        decision = line.decision
        year = decision.round.year or decision.round.campaign.year
        awards.append(
            StandingAward(
                person_id=line.person_id,
                unit_id=line.nominee_unit_id,
                form_name=decision.form.name,
                year=year or (decision.issued_on.year if decision.issued_on else None),
                number=decision.number_text,
                day=decision.issued_on,
                issuer=decision.authority_title,
                nomination_id=line.nomination_id,
            )
        )
    for past in PastAward.objects.filter(nominee).order_by("decision_date", "pk"):
        awards.append(
            StandingAward(
                person_id=past.person_id,
                unit_id=past.nominee_unit_id,
                form_name=past.form_name,
                year=past.period_year,
                number=past.decision_number,
                day=past.decision_date,
                issuer=past.issuer,
            )
        )
    return awards
