"""The dashboard's unit table, written in Python: a page of rows × every indicator is
the one part of the page whose cost grows with its size, and the template engine spends
some ten variable lookups and escapes per cell, a URL reversal and a date format per
row. Every text is escaped (html.escape, as Django's own escape does); a cell seen once
on the page is reused."""

from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reports.enums import Attainment, UnitStatus

register = template.Library()

# Each value cell names its indicator (data-label): on a phone the table reads as a card
# per unit (.table-stack in app.css), each figure after its indicator's name.
MISSING = (
    '<td class="report-value" data-label="{label}">'
    '<span class="report-cell report-missing" title="{missing}">'
    "—<br><small>{threshold}</small></span></td>"
)
VALUE = (
    '<td class="report-value" data-label="{label}">'
    '<span class="report-cell report-{attainment}" title="{threshold_label}: {threshold}">'
    "<strong>{value}</strong><br><small>{said} · {threshold}</small></span></td>"
)


def _labels(context):
    """The cells' labels and the texts seen on the page (per render: the active language's)."""
    seen = context.render_context.setdefault("report_cells", {})
    if "labels" not in seen:
        seen["labels"] = {
            "missing": escape(_("Chưa có số liệu")),
            Attainment.MET: escape(_("Đạt")),
            Attainment.NOT_MET: escape(_("Không đạt")),
            "threshold_label": escape(_("Ngưỡng")),
            "at": escape(_("Nộp lúc")),
        }
    return seen


def _cells(seen, row):
    labels = seen["labels"]
    html = []
    for cell in row.cells:
        # The same figure of the same indicator against the same threshold reads the same:
        # its text is worked out once per page.
        key = (cell.attainment, cell.threshold, cell.indicator.id, cell.value)
        text = seen.get(key)
        if text is None:
            label = escape(cell.indicator.label)
            if cell.attainment == Attainment.MISSING:
                text = MISSING.format(
                    label=label, missing=labels["missing"], threshold=escape(cell.threshold)
                )
            else:
                text = VALUE.format(
                    label=label,
                    attainment=escape(cell.attainment),
                    threshold_label=labels["threshold_label"],
                    threshold=escape(cell.threshold),
                    value=escape(cell.value_text),
                    said=labels.get(cell.attainment, ""),
                )
            seen[key] = text
        html.append(text)
    return "".join(html)


@register.simple_tag(takes_context=True)
def report_cells(context, row):
    """One <td> per indicator: the value against its threshold, coloured and said in
    words (met, not met, no figure). The labels are translated once per page."""
    return mark_safe(_cells(_labels(context), row))  # noqa: S308 (every part escaped)


BADGES = {
    UnitStatus.SUBMITTED: "text-bg-success",
    UnitStatus.LATE: "text-bg-warning",
    UnitStatus.RETURNED: "text-bg-info",
}
REMIND = (
    '<td class="stack-check"><input class="form-check-input" type="checkbox" name="unit" value="{pk}"'
    ' form="remind-form" aria-label="{label}" data-testid="remind-unit"></td>'
)
ROW = (
    '<tr data-testid="unit-row">{remind}<td class="report-unit">{unit}'
    '<div class="small text-secondary">{level}</div></td>'
    '<td><span class="badge {badge}">{status}</span></td>'
    '<td class="small text-nowrap" data-label="{at_label}">{at}</td>{cells}</tr>'
)
URL_MARK = 2147483647  # a report id no URL prefix holds: replaced by each row's


@register.simple_tag(takes_context=True)
def unit_table_rows(context, rows, remind):
    """The dashboard's unit rows (reports.selectors.unit_rows): the box to remind a unit
    that has not submitted (with `remind`), the unit with the link to its report, its
    level, status, when it submitted, then its value cells (report_cells). The link's
    URL is reversed once per page."""
    before, after = reverse("reports:submission_detail", args=[URL_MARK]).split(str(URL_MARK))
    choose = _("Chọn %(unit)s để nhắc nhở")
    seen = _labels(context)
    zone = timezone.get_current_timezone()
    html = []
    for row in rows:
        unit, submission, status = row.unit, row.submission, row.status
        name = escape(unit.name)
        box = ""
        if remind:
            box = '<td class="stack-check"></td>'
            if status in (UnitStatus.MISSING, UnitStatus.RETURNED):
                box = REMIND.format(pk=unit.pk, label=choose % {"unit": name})
        at = "—"
        if submission is not None and status != UnitStatus.MISSING:
            name = f'<a href="{before}{submission.pk}{after}">{name}</a>'
            if submission.submitted_at:
                at = submission.submitted_at.astimezone(zone).strftime("%H:%M %d/%m/%Y")
        html.append(
            ROW.format(
                remind=box,
                unit=name,
                level=escape(row.level_label),
                badge=BADGES.get(status, "text-bg-danger"),
                status=escape(row.status_label),
                at=at,
                at_label=seen["labels"]["at"],
                cells=_cells(seen, row),
            )
        )
    return mark_safe("".join(html))  # noqa: S308 (every part escaped above)
