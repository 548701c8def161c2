"""Points, totals and ranks of a scored plan, computed from the evaluators' entries.

A criterion's formula turns what was measured into points, never above its own maximum:

- typed: the points are typed (0 … maximum);
- share: measured ÷ the criterion's target (`value`) × points ("tỷ lệ … × 10 điểm");
- per_item: verified items × points per item, out of a sample (`sample_size`);
- bands: the band the measure falls in ("88–90%: 2 điểm; 90–95%: 3 điểm"), from inclusive,
  to exclusive (none: and above).

Bonus criteria (`is_bonus`) add to the bonus, each capped by its own maximum. Ranking is
by total; a tie goes to the criteria in their tie-break order (more points first), and
last to the council's vote. Units still equal share the rank.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from campaigns.enums import ScoreFormula

CENT = Decimal("0.01")
ZERO = Decimal(0)


def _dec(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def band_points(bands, measured):
    for band in bands or []:
        low, high = _dec(band.get("from")), _dec(band.get("to"))
        if (low is None or measured >= low) and (high is None or measured < high):
            return _dec(band.get("points")) or ZERO
    return ZERO


def criterion_points(criterion, measured):
    """Points for `measured` (None: nothing entered yet)."""
    measured = _dec(measured)
    if measured is None or not criterion.is_scored:
        return None
    cap = criterion.points
    formula = criterion.formula
    if formula == ScoreFormula.SHARE:
        target = criterion.value
        points = measured / target * cap if target else ZERO
    elif formula == ScoreFormula.PER_ITEM:
        points = measured * (criterion.points_per_item or ZERO)
    elif formula == ScoreFormula.BANDS:
        points = band_points(criterion.bands, measured)
    else:
        points = measured
    return min(max(points, ZERO), cap).quantize(CENT, rounding=ROUND_HALF_UP)


def value_problem(criterion, measured):
    """Why `measured` cannot be entered for `criterion` ('' when it can)."""
    if measured < 0:
        return _("Kết quả không được âm.")
    if criterion.formula == ScoreFormula.TYPED and measured > criterion.points:
        return _("Điểm chấm không quá %(points)s.") % {"points": _plain(criterion.points)}
    if (
        criterion.formula == ScoreFormula.PER_ITEM
        and criterion.sample_size
        and measured > criterion.sample_size
    ):
        return _("Số trường hợp đạt không quá cỡ mẫu %(n)s.") % {"n": criterion.sample_size}
    return ""


def _plain(number):
    text = f"{number.normalize():f}" if isinstance(number, Decimal) else str(number)
    return text.replace(".", ",")


@dataclass
class Row:
    unit: object
    points: dict = field(default_factory=dict)  # criterion pk -> Decimal | None
    base: Decimal = ZERO
    bonus: Decimal = ZERO
    votes: int | None = None
    rank: int = 0
    decided_by: str = ""  # the tie-break that put it below the unit just above, in words

    @property
    def total(self):
        return self.base + self.bonus


def rows_for(units, criteria, measured, votes=None):
    """One Row per unit: `measured` is {(unit pk, criterion pk): value}; `votes` {unit pk: n}."""
    votes = votes or {}
    rows = []
    for unit in units:
        row = Row(unit, votes=votes.get(unit.pk))
        for criterion in criteria:
            points = criterion_points(criterion, measured.get((unit.pk, criterion.pk)))
            row.points[criterion.pk] = points
            if points is None:
                continue
            if criterion.is_bonus:
                row.bonus += points
            else:
                row.base += points
        rows.append(row)
    return rows


def tie_breaks(criteria):
    return sorted((c for c in criteria if c.tie_break), key=lambda c: (c.tie_break, c.order))


def rank(rows, criteria):
    """Sort `rows` best first and set each one's rank and, below a unit with the same total,
    the tie-break that decided (or '' when still equal: same rank)."""
    order = tie_breaks(criteria)

    def key(row):
        return (
            -row.total,
            *(-(row.points.get(c.pk) or ZERO) for c in order),
            -(row.votes or 0),
        )

    rows.sort(key=lambda r: (key(r), r.unit.name, r.unit.pk))
    for index, row in enumerate(rows):
        if index == 0:
            row.rank = 1
            continue
        above = rows[index - 1]
        if key(above) == key(row):
            row.rank, row.decided_by = above.rank, ""
            continue
        row.rank = index + 1
        if above.total != row.total:
            continue
        for number, criterion in enumerate(order, start=1):
            if (above.points.get(criterion.pk) or ZERO) != (row.points.get(criterion.pk) or ZERO):
                row.decided_by = _("tiêu chí xét thứ %(n)s: %(text)s") % {
                    "n": number,
                    "text": criterion.indicator or criterion.text,
                }
                break
        else:
            row.decided_by = _("bỏ phiếu")
    return rows
