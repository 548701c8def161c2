"""Scope-aware reads of award decisions and their lists."""

from django.db.models import Count, Q, Sum
from django.utils import timezone

from units.rules import is_admin

from . import cash
from .enums import DecisionState
from .models import Decision, DecisionLine
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
