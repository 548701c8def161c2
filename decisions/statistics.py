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
from django.utils.translation import gettext as _

from campaigns.enums import NomineeKind

from .enums import DecisionKind, DecisionState
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
