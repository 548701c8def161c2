"""The dashboard's value cells, written in Python: a page of rows × every indicator is
the one part of the page whose cost grows with its size, and the template engine spends
some ten variable lookups and escapes per cell. Every text is escaped (html.escape, as
Django's own escape does); a cell seen once on the page is reused."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reports.enums import Attainment

register = template.Library()

MISSING = '<td><span class="report-cell report-missing" title="{missing}">—<br><small>{threshold}</small></span></td>'
VALUE = (
    '<td><span class="report-cell report-{attainment}" title="{threshold_label}: {threshold}">'
    "<strong>{value}</strong><br><small>{said} · {threshold}</small></span></td>"
)


@register.simple_tag(takes_context=True)
def report_cells(context, row):
    """One <td> per indicator: the value against its threshold, coloured and said in
    words (met, not met, no figure). The labels are translated once per page."""
    seen = context.render_context.setdefault("report_cells", {})
    if "labels" not in seen:
        seen["labels"] = {
            "missing": escape(_("Chưa có số liệu")),
            Attainment.MET: escape(_("Đạt")),
            Attainment.NOT_MET: escape(_("Không đạt")),
            "threshold_label": escape(_("Ngưỡng")),
        }
    labels = seen["labels"]
    html = []
    for cell in row.cells:
        key = (cell.attainment, cell.threshold, cell.value_text)
        text = seen.get(key)
        if text is None:
            if cell.attainment == Attainment.MISSING:
                text = MISSING.format(missing=labels["missing"], threshold=escape(cell.threshold))
            else:
                text = VALUE.format(
                    attainment=escape(cell.attainment),
                    threshold_label=labels["threshold_label"],
                    threshold=escape(cell.threshold),
                    value=escape(cell.value_text),
                    said=labels.get(cell.attainment, ""),
                )
            seen[key] = text
        html.append(text)
    return mark_safe("".join(html))  # noqa: S308 (every part escaped above)
