"""The roll-up through the levels: what the level above sees of the bodies below it.

A roll-up obligation (`ReportObligation.rolls_up`, e.g. the province's) asks its lower
bodies (districts; since 07/2025, communes) for their figures. A lower body answers with
its own consolidated report, for an obligation linked to the roll-up one
(`ReportObligation.upper_obligation`), sent up through the workflow
(reports.workflows.CONSOLIDATED). The compiled snapshot of a sent report, frozen while it
stands sent, is that body's figures: nothing is typed again, and the units' own
submissions below the body are never read here.

- `side_by_side(obligation, year)`: the upper office's page: rows = the obligation's
  indicators, columns = the lower bodies; each cell the body's compiled figure with its
  denominator and its attainment against the threshold of the body's level; the bodies
  that have not sent. Four queries whatever the number of bodies.
- `rollup_snapshot(obligation, year, now=...)`: the same figures in the snapshot shape of
  reports.compilation, so the upper body's consolidated report, its PDF and its workbook
  are made as a district's are: per indicator the sum, the mean (weighted by the units that
  reported below each body) or the share of "yes", with the denominators stated.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.formats import vn_number
from units.enums import UnitLevel

from .attainment import as_decimal, evaluate, threshold_text
from .compilation import _level_label, _level_order, snapshot_dict
from .enums import Aggregation, Attainment, ConsolidatedState, UnitStatus, ValueKind
from .models import ConsolidatedReport, ReportIndicator
from .selectors import _uom, indicator_thresholds, obligation_units, value_text


@dataclass
class BodyFigure:
    """One lower body's compiled figure of one indicator, as it sent it."""

    value: Decimal | None = None
    text: str = ""
    reported: int = 0
    required: int = 0
    met: int = 0
    aggregation: str = ""
    attainment: str = Attainment.MISSING

    @property
    def denominator_text(self):
        if not self.required:
            return ""
        return _("%(reported)s/%(required)s đơn vị có số liệu") % {
            "reported": self.reported,
            "required": self.required,
        }

    @property
    def attainment_label(self):
        return str(Attainment(self.attainment).label)


@dataclass
class LowerBody:
    unit: object
    report: ConsolidatedReport | None
    status: str
    status_label: str = ""
    level_label: str = ""


@dataclass
class RollupRow:
    indicator: ReportIndicator
    thresholds: str
    cells: list = field(default_factory=list)  # BodyFigure per body, in column order


@dataclass
class SideBySide:
    obligation: object
    year: int
    deadline: object
    bodies: list
    rows: list

    @property
    def sent(self):
        return [b for b in self.bodies if b.status in (UnitStatus.SUBMITTED, UnitStatus.LATE)]

    def by_indicator(self):
        """[(row, [(body, cell)])]: the same figures one indicator at a time (the phone's
        layout)."""
        return [(row, list(zip(self.bodies, row.cells, strict=True))) for row in self.rows]

    @property
    def received(self):
        return [b for b in self.bodies if b.report is not None]

    @property
    def not_sent(self):
        return [b for b in self.bodies if b.status in (UnitStatus.MISSING, UnitStatus.RETURNED)]


# A body's consolidated report is sent up, not submitted: the side-by-side page says so.
SENT_LABELS = {
    UnitStatus.SUBMITTED: _lazy("Đã gửi"),
    UnitStatus.LATE: _lazy("Gửi muộn"),
    UnitStatus.RETURNED: _lazy("Đã trả lại"),
    UnitStatus.MISSING: _lazy("Chưa gửi"),
}


def _status(report, deadline):
    if report is None:
        return UnitStatus.MISSING
    if report.state == ConsolidatedState.RETURNED:
        return UnitStatus.RETURNED
    if deadline is not None and report.sent_at and report.sent_at >= deadline:
        return UnitStatus.LATE
    return UnitStatus.SUBMITTED


def _figure_text(indicator, aggregation, value, reported):
    if value is None:
        return ""
    if aggregation == Aggregation.SHARE:
        return _("có: %(yes)s/%(n)s đơn vị") % {"yes": vn_number(value), "n": reported}
    if indicator.value_kind == ValueKind.PERCENT:
        return f"{vn_number(value, decimals=1)}%"
    return value_text(indicator, value)


def _body_figure(indicator, item, threshold):
    """The body's figure from its snapshot's `item`, judged against `threshold`
    (comparator, low, high) of the body's level. A share of "yes" is met when every unit
    that reported said yes."""
    if item is None:
        return BodyFigure(aggregation=indicator.aggregation_for())
    value = as_decimal(item.get("figure"))
    aggregation = item.get("aggregation") or indicator.aggregation_for()
    reported, required = item.get("reported", 0), item.get("required", 0)
    if value is None:
        attainment = Attainment.MISSING
    elif aggregation == Aggregation.SHARE:
        attainment = Attainment.MET if reported and value == reported else Attainment.NOT_MET
    else:
        attainment = evaluate(*threshold, value)
    return BodyFigure(
        value=value,
        text=_figure_text(indicator, aggregation, value, reported),
        reported=reported,
        required=required,
        met=item.get("met", 0),
        aggregation=aggregation,
        attainment=attainment,
    )


def _read(obligation, year):
    """(indicators, bodies, their reports, lower indicator -> upper indicator): four
    queries."""
    indicators = list(obligation.indicators.all())
    units = list(obligation_units(obligation).only("pk", "code", "name", "level", "path"))
    reports = {}
    for report in (
        ConsolidatedReport.objects.filter(
            obligation__upper_obligation=obligation,
            year=year,
            state__in=[ConsolidatedState.SENT, ConsolidatedState.RETURNED],
            issuing_body_id__in=[u.pk for u in units],
        )
        .only(
            "pk", "issuing_body_id", "state", "sent_at", "sent_snapshot", "title", "obligation_id"
        )
        .order_by("sent_at", "pk")
    ):
        kept = reports.get(report.issuing_body_id)
        # One report per body: a sent one over a returned one, else the latest.
        if kept is None or report.state == ConsolidatedState.SENT or kept.state != "sent":
            reports[report.issuing_body_id] = report
    mapping = dict(
        ReportIndicator.objects.filter(upper_indicator__obligation=obligation).values_list(
            "pk", "upper_indicator_id"
        )
    )
    return indicators, units, reports, mapping


def _thresholds(indicators, levels):
    result = {}
    for indicator in indicators:
        for level in levels:
            comparator, low, high = indicator.threshold_for(level)
            result[indicator.pk, level] = (
                (comparator, as_decimal(low), as_decimal(high)),
                threshold_text(comparator, low, high, _uom(indicator)),
            )
    return result


def _items_by_upper(report, mapping):
    """{upper indicator pk: the item of the report's snapshot that answers it}."""
    if report is None or report.state != ConsolidatedState.SENT:
        return {}
    items = {}
    for item in (report.sent_snapshot or {}).get("figures", {}).get("indicators", []):
        upper = mapping.get(item.get("id"))
        if upper is not None and upper not in items:
            items[upper] = item
    return items


def side_by_side(obligation, year):
    """The lower bodies' figures side by side (see the module docstring)."""
    indicators, units, reports, mapping = _read(obligation, year)
    deadline = obligation.deadline_for(year)
    status_labels = {status: str(label) for status, label in SENT_LABELS.items()}
    level_labels = {level: str(label) for level, label in UnitLevel.choices}
    bodies = []
    for unit in units:
        report = reports.get(unit.pk)
        status = _status(report, deadline)
        bodies.append(
            LowerBody(
                unit,
                report,
                status,
                status_label=status_labels[status],
                level_label=level_labels.get(unit.level, ""),
            )
        )
    thresholds = _thresholds(indicators, {u.level for u in units})
    items = [_items_by_upper(body.report, mapping) for body in bodies]
    rows = []
    for indicator in indicators:
        row = RollupRow(indicator, indicator_thresholds(indicator))
        for body, mine in zip(bodies, items, strict=True):
            threshold = thresholds[indicator.pk, body.unit.level][0]
            row.cells.append(_body_figure(indicator, mine.get(indicator.pk), threshold))
        rows.append(row)
    return SideBySide(obligation, year, deadline, bodies, rows)


# --- the upper body's compiled snapshot ---------------------------------------------------


def _combine(indicator, aggregation, figures):
    """The figure over every unit below the bodies that reported, and its words."""
    figures = [f for f in figures if f.value is not None]
    if not figures:
        return None, ""
    units = sum(f.reported for f in figures)
    suffix = "%" if indicator.value_kind == ValueKind.PERCENT else ""
    if aggregation == Aggregation.SHARE:
        yes = sum(f.value for f in figures)
        return yes, _("có: %(yes)s/%(n)s đơn vị") % {"yes": vn_number(yes), "n": units}
    if aggregation == Aggregation.MEAN:
        weight = sum(f.reported for f in figures)
        if weight:
            mean = sum(f.value * f.reported for f in figures) / weight
        else:
            mean = sum(f.value for f in figures) / len(figures)
        return round(mean, 2), _("bình quân %(value)s") % {
            "value": f"{vn_number(mean, decimals=1)}{suffix}"
        }
    total = sum(f.value for f in figures)
    return total, _("tổng %(value)s") % {"value": f"{vn_number(total)}{suffix}"}


def _level_entry(indicator, aggregation, level, threshold, figures):
    with_figure = [f for f in figures if f.value is not None]
    number, words = _combine(indicator, aggregation, with_figure)
    return {
        "level": level,
        "level_label": _level_label(level),
        "threshold": threshold,
        "required": len(figures),
        "reported": len(with_figure),
        "met": sum(1 for f in with_figure if f.attainment == Attainment.MET),
        "figure": None if number is None else str(number),
        "figure_text": words,
        "units_reported": sum(f.reported for f in with_figure),
        "units_required": sum(f.required for f in with_figure),
    }


def _narrative(bodies):
    """The lower bodies' written synthesis as they sent it, per part of the synthesis
    (results, limitations, lessons, direction, proposals), as "- Body: what it wrote"."""
    from .services import SYNTHESIS  # noqa: PLC0415 - services import the compilation

    texts = {key: [] for key, _heading, _words in SYNTHESIS}
    for body in bodies:
        if body.report is None or body.report.state != ConsolidatedState.SENT:
            continue
        for key, _heading, text in (body.report.sent_snapshot or {}).get("sections", []):
            if key in texts and (text or "").strip():
                texts[key].append([body.unit.name, " ".join(text.split())])
    return [
        {"id": None, "title": str(heading), "items": texts[key]}
        for key, heading, _words in SYNTHESIS
    ]


def rollup_snapshot(obligation, year, *, now=None):
    """The upper body's compiled snapshot from the lower bodies' sent reports (see the
    module docstring): participation of the bodies, figures per indicator and level, the
    annex row of each body, the bodies' written synthesis."""
    now = now or timezone.now()
    board = side_by_side(obligation, year)
    levels = sorted({b.unit.level for b in board.bodies}, key=_level_order)
    thresholds = _thresholds([row.indicator for row in board.rows], levels)
    indicators = []
    for row in board.rows:
        indicator = row.indicator
        aggregation = indicator.aggregation_for()
        per_level = [
            _level_entry(
                indicator,
                aggregation,
                level,
                thresholds[indicator.pk, level][1],
                [c for b, c in zip(board.bodies, row.cells, strict=True) if b.unit.level == level],
            )
            for level in levels
        ]
        everything = _level_entry(indicator, aggregation, "", "", row.cells)
        indicators.append(
            {
                "id": indicator.pk,
                "label": indicator.label,
                "aggregation": aggregation,
                **{k: everything[k] for k in ("required", "reported", "figure", "figure_text")},
                "met": sum(level["met"] for level in per_level),
                "units_reported": everything["units_reported"],
                "units_required": everything["units_required"],
                "levels": per_level,
            }
        )
    annex = [
        (
            body.unit,
            body.status,
            [_annex_text(row.cells[i]) for row in board.rows],
            [row.cells[i].attainment for row in board.rows],
        )
        for i, body in enumerate(board.bodies)
    ]
    # The awards are the upper body's own decisions in its campaign, as for any body.
    return snapshot_dict(
        obligation, year, now, annex, indicators, _narrative(board.bodies), rollup=True
    )


def _annex_text(cell):
    """ "61,5% (3/13)": the body's figure and how many of its units reported it."""
    if cell.value is None:
        return ""
    return f"{cell.text} ({cell.reported}/{cell.required})"


def lower_reports_changed_since(obligation, year, moment):
    """A lower body sent or had its report returned after `moment` (the snapshot's time)."""
    return ConsolidatedReport.objects.filter(
        obligation__upper_obligation=obligation, year=year, state_changed_at__gt=moment
    ).exists()
