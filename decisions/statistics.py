"""Award figures read from issued decisions: the awards that stand, counted per form and
nominee kind with their amounts.

An award stands when its line belongs to an issued decision (or one later amended) and no
later decision revoked or replaced it; the lines of a revoking decision are the awards it
takes back, never awards. An amending decision's lines stand in place of the old ones (the
old decision's lines are marked replaced when it is issued, decisions.workflows).

- `campaign_award_results(campaign, year)`: what a campaign's consolidated report prints
  (reports.compilation stores it in the report's snapshot): the issued decisions of the
  campaign's rounds for `year` and the counts and amounts per form and kind. Two queries.
- `annual_statistics(bodies, year)`: the yearly award statistics an office sends up
  (issue 14, item 6), per issuing body, form level, form and kind. Two queries.
"""

from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _

from campaigns.enums import NomineeKind
from units.enums import UnitLevel

from .enums import DecisionKind, DecisionState, FormType
from .models import Decision, DecisionLine

ISSUED_STATES = (DecisionState.ISSUED, DecisionState.AMENDED, DecisionState.REVOKED)
KINDS = (NomineeKind.COLLECTIVE, NomineeKind.INDIVIDUAL, NomineeKind.HOUSEHOLD)


def standing_lines():
    """The decision lines that are awards today (see the module docstring)."""
    return (
        DecisionLine.objects.filter(
            revoked_by__isnull=True,
            decision__state__in=[DecisionState.ISSUED, DecisionState.AMENDED],
        )
        .exclude(decision__kind=DecisionKind.REVOKE)
        .exclude(decision__issued_on__isnull=True)
    )


def _year_filter(year, prefix=""):
    """Decisions of `year`: their round's year, or the issue year when the round has none."""
    return Q(**{f"{prefix}round__year": year}) | Q(
        **{f"{prefix}round__year__isnull": True, f"{prefix}issued_on__year": year}
    )


def _empty_counts():
    return {kind: 0 for kind in KINDS} | {"amount": None}


def _add(counts, kind, number, amount):
    """Add `number` awards of `kind` and their `amount` (None: no cash) to `counts`."""
    counts[kind] = counts.get(kind, 0) + number
    if amount is not None:
        counts["amount"] = (counts["amount"] or 0) + int(amount)


def _merge(into, counts):
    for kind in KINDS:
        into[kind] += counts[kind]
    if counts["amount"] is not None:
        into["amount"] = (into["amount"] or 0) + counts["amount"]


def campaign_award_results(campaign, year):
    """The award results of `campaign` for `year`, as plain data (JSON) for a snapshot:
    {"decisions": [...], "forms": [...], "total": {...}, "kinds": [...]}; None when no
    decision was issued yet."""
    decisions = list(
        Decision.objects.filter(round__campaign=campaign, state__in=ISSUED_STATES)
        .filter(_year_filter(year))
        .select_related("form", "target")
        .order_by("issued_on", "sequence", "pk")
    )
    if not decisions:
        return None
    per_decision = defaultdict(_empty_counts)
    for decision_id, kind, number, amount in (
        standing_lines()
        .filter(decision__in=[d.pk for d in decisions])
        .values_list("decision_id", "nominee_kind")
        .annotate(number=Count("pk"), amount=Sum("amount"))
        .order_by()
    ):
        _add(per_decision[decision_id], kind, number, amount)
    forms, total = {}, _empty_counts()
    rows = []
    for decision in decisions:
        counts = per_decision[decision.pk]
        what = decision.form.name
        if decision.kind != DecisionKind.AWARD and decision.target is not None:
            what = _("%(verb)s Quyết định số %(number)s ngày %(date)s") % {
                "verb": _("Hủy bỏ") if decision.kind == DecisionKind.REVOKE else _("Sửa đổi"),
                "number": decision.target.number_text,
                "date": decision.target.date_text,
            }
        rows.append(
            {
                "number": decision.number_text,
                "date": decision.date_text,
                "issuer": decision.authority_title,
                "what": what,
                "state": str(decision.get_state_display()),
                **counts,
            }
        )
        _merge(forms.setdefault(decision.form.name, _empty_counts()), counts)
        _merge(total, counts)
    return {
        "decisions": rows,
        "forms": [
            {"form": name, **counts}
            for name, counts in forms.items()
            if any(counts[kind] for kind in KINDS)
        ],
        "total": total,
        "kinds": [kind for kind in KINDS if kind != NomineeKind.HOUSEHOLD or total[kind]],
    }


# --- the yearly statistics --------------------------------------------------------------

# The day the award was first decided: an amendment's lines go back to the decision it
# amends (three amendments deep; a fourth in a row would count in its target's year).
AWARDED_ON = Coalesce(
    "decision__target__target__target__issued_on",
    "decision__target__target__issued_on",
    "decision__target__issued_on",
    "decision__issued_on",
)


def _within(paths, field):
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def statistics_years(paths):
    """The years in which the bodies at `paths` issued award decisions, newest first."""
    return sorted(
        set(
            Decision.objects.filter(_within(paths, "issuing_body__path"))
            .filter(state__in=ISSUED_STATES, kind=DecisionKind.AWARD)
            .annotate(year=ExtractYear("issued_on"))
            .values_list("year", flat=True)
            .distinct()
        ),
        reverse=True,
    )


def _level_order(level):
    order = [UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE, UnitLevel.VILLAGE]
    return order.index(level) if level in order else len(order)


def annual_statistics(paths, year):
    """The award statistics of `year` for the issuing bodies at `paths` (see the module
    docstring), as plain data the page, its table and the Excel file print:
    {"year", "kinds", "bodies": [{"name", "level", "decisions", "rows": [{"form", "level",
    "form_type", **counts}], "total"}], "levels": [{"level", "form_type", **counts}],
    "total", "decisions"}; counts are {kind: n, f"{kind}_amount": đồng or None, "amount"}."""
    levels = dict(UnitLevel.choices)
    form_types = dict(FormType.choices)
    decisions = dict(
        Decision.objects.filter(_within(paths, "issuing_body__path"))
        .filter(state__in=ISSUED_STATES, kind=DecisionKind.AWARD, issued_on__year=year)
        .values_list("issuing_body_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    grouped = (
        standing_lines()
        .filter(_within(paths, "decision__issuing_body__path"))
        .annotate(awarded_on=AWARDED_ON)
        .filter(awarded_on__year=year)
        .values_list(
            "decision__issuing_body_id",
            "decision__issuing_body__name",
            "decision__issuing_body__level",
            "decision__issuing_body__path",
            "decision__form__name",
            "decision__form_type",
            "nominee_kind",
        )
        .annotate(number=Count("pk"), amount=Sum("amount"))
        .order_by()
    )
    bodies, per_level, total = {}, {}, _stat_counts()
    for body_id, name, level, path, form, form_type, kind, number, amount in grouped:
        body = bodies.setdefault(
            body_id,
            {
                "id": body_id,
                "name": name,
                "path": path,
                "level": str(levels.get(level, "")),
                "level_key": level,
                "decisions": decisions.get(body_id, 0),
                "forms": {},
                "total": _stat_counts(),
            },
        )
        row = body["forms"].setdefault(
            form,
            {
                "form": form,
                "level": body["level"],
                "form_type": str(form_types.get(form_type, "")),
                **_stat_counts(),
            },
        )
        key = (level, form_type)
        level_row = per_level.setdefault(
            key,
            {
                "level": body["level"],
                "form_type": str(form_types.get(form_type, "")),
                **_stat_counts(),
            },
        )
        for counts in (row, level_row, body["total"], total):
            _stat_add(counts, kind, number, amount)
    ordered = sorted(bodies.values(), key=lambda b: (_level_order(b["level_key"]), b["path"]))
    return {
        "year": year,
        "kinds": [k for k in KINDS if k != NomineeKind.HOUSEHOLD or total[k]],
        "bodies": [
            {
                "id": b["id"],
                "name": b["name"],
                "level": b["level"],
                "decisions": b["decisions"],
                "rows": sorted(b["forms"].values(), key=lambda r: r["form"]),
                "total": b["total"],
            }
            for b in ordered
        ],
        "levels": [
            per_level[key] for key in sorted(per_level, key=lambda k: (_level_order(k[0]), k[1]))
        ],
        "total": total,
        "decisions": sum(decisions.values()),
    }


def _stat_counts():
    counts = {"amount": None, "number": 0}
    for kind in KINDS:
        counts[kind] = 0
        counts[f"{kind}_amount"] = None
    return counts


def _stat_add(counts, kind, number, amount):
    counts[kind] += number
    counts["number"] += number
    if amount is not None:
        counts[f"{kind}_amount"] = (counts[f"{kind}_amount"] or 0) + int(amount)
        counts["amount"] = (counts["amount"] or 0) + int(amount)


def _money(amount):
    return f"{int(amount):,}".replace(",", ".") if amount else "—"


def table_rows(stats):
    """The statistics as the page prints them: [(row kind, number, label, level, form type,
    [cells])], cells as text (counts, then amounts in đồng with Vietnamese grouping) in the
    order of the Excel columns; row kinds: "body", "form", "total", "heading", "level",
    "grand"."""

    def cells(row):
        out = []
        for kind in stats["kinds"]:
            out += [str(row[kind]), _money(row[f"{kind}_amount"])]
        return out + [str(row["number"]), _money(row["amount"])]

    rows = []
    for body in stats["bodies"]:
        label = _("%(body)s (%(n)s quyết định)") % {"body": body["name"], "n": body["decisions"]}
        rows.append(("body", "", label, body["level"], "", []))
        for number, row in enumerate(body["rows"], start=1):
            rows.append(("form", number, row["form"], row["level"], row["form_type"], cells(row)))
        rows.append(("total", "", _("Cộng"), "", "", cells(body["total"])))
    if stats["bodies"]:
        rows.append(("heading", "", _("Tổng hợp theo cấp và loại hình thức"), "", "", []))
        for number, row in enumerate(stats["levels"], start=1):
            rows.append(("level", number, row["form_type"], row["level"], "", cells(row)))
        rows.append(("grand", "", _("Tổng cộng"), "", "", cells(stats["total"])))
    return rows
