"""The approval board's rows and quota counters, written in Python: 50 rows of eight cells
(and a card per counter) cost the template engine a lookup per variable, most of the
page's time. Same HTML as the loops they replace, except that ids are printed as they are
(a template prints 12345 as "12.345" with the thousand separator, which the board's POST
would not read back)."""

from html import escape
from unicodedata import normalize

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

register = template.Library()

_ROW = (
    '<tr data-testid="board-row">\n'
    "      <td>{}</td>\n"
    '      <td><strong>{}</strong><div class="small text-secondary">{}</div>\n'
    "        {}</td>\n"
    '      <td class="small"><a href="{}{:d}{}">{}</a></td>\n'
    '      <td class="small">{}</td>\n'
    '      <td class="small">{}</td>\n'
    '      <td class="small">{}</td>\n'
    '      <td class="small">{}</td>\n'
    '      <td class="small">{}</td></tr>\n    '
)
_CHECKBOX = (
    '<input class="form-check-input" type="checkbox" name="nomination" value="{:d}" '
    'aria-label="{} {}"><input type="hidden" name="page_nomination" value="{:d}">'
)
_DUPLICATE = (
    '<div class="small text-warning-emphasis fw-bold" data-testid="duplicate">'
    '<i class="bi bi-exclamation-triangle"></i> {}</div>'
)
_SENTINEL = 987654321


def _dossier_url_parts():
    """The dossier page's URL around its id, reversed once for the 50 rows."""
    url = reverse("awards:dossier_detail", args=[_SENTINEL])
    before, after = url.split(str(_SENTINEL))
    return before, after


@register.simple_tag
def board_rows(rows, can_decide):
    """The board's table rows (`rows` from ApprovalView: labels and duplicates set). Every
    value goes through `escape` (the standard library's, which Django's own calls, without
    its wrappers: 650 values a page)."""
    if not rows:
        return format_html(
            '<tr><td colspan="8" class="text-secondary small">{}</td></tr>',
            _("Chưa có đề nghị đã thẩm định phù hợp."),
        )
    choose, leader = escape(_("Chọn")), _("lãnh đạo")
    url_before, url_after = (escape(part) for part in _dossier_url_parts())
    parts = []
    for n in rows:
        name = escape(n.nominee_name)
        checkbox = (
            _CHECKBOX.format(n.pk, choose, name, n.pk)
            if can_decide and n.state == "proposed" and n.appraisal == "propose"
            else ""
        )
        kind = f"{n.kind_label}, {leader}" if n.is_leader else n.kind_label
        duplicate = (
            _DUPLICATE.format(
                escape(
                    _("Cũng được đề nghị trong hồ sơ của %(units)s")
                    % {"units": ", ".join(n.duplicates)}
                )
            )
            if n.duplicates
            else ""
        )
        summary = normalize("NFC", n.achievement_summary)
        if len(summary) > 160:  # |truncatechars:160 (which also gives NFC)
            summary = Truncator(summary).chars(160)
        parts.append(
            _ROW.format(
                checkbox,
                name,
                escape(kind),
                duplicate,
                url_before,
                int(n.dossier_id),
                url_after,
                escape(n.unit_name),
                escape(n.form_name),
                escape(summary),
                escape(n.appraisal_label),
                escape(n.appraisal_note or "—"),
                escape(n.state_label),
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


_COUNTER = (
    '<div class="col-6 col-md-4 col-xl-3"><div class="card h-100 shadow-sm {}">\n'
    '    <div class="card-body p-2">\n'
    '      <div class="small text-secondary text-truncate" title="{}">{}</div>\n'
    '      <div class="fw-bold">{}</div>\n'
    '      <div class="fs-4 fw-bold {}">{}</div>\n'
    "      {}\n"
    '      <div class="small">{}</div>\n'
    "      {}\n"
    "    </div></div></div>\n  "
)


@register.simple_tag
def board_counters(counters):
    """The quota counters' cards: approved / limit, waiting, places left, the warning."""
    if not counters:
        return format_html(
            '<div class="col-12 small text-secondary">{}</div>',
            _("Đợt này không quy định số lượng."),
        )
    parts = []
    for c in counters:
        over = c.over
        figure = localize(c.approved)
        if c.limit is not None:
            figure = f"{figure} / {localize(c.limit)}"
        exact = (
            format_html(
                '<div class="small fw-bold">{}</div>',
                _("phải đúng %(limit)s") % {"limit": localize(c.limit)},
            )
            if c.exact
            else ""
        )
        words = _("đã phê duyệt %(approved)s, đang chờ %(pending)s đề nghị") % {
            "approved": localize(c.approved),
            "pending": localize(c.pending),
        }
        if c.limit is not None:
            words += "; " + _("còn %(free)s chỉ tiêu") % {"free": localize(c.free)}
        else:
            words += "; " + _("không giới hạn")
        warning = (
            format_html(
                '<div class="small text-danger fw-bold" data-testid="over-quota">{}</div>',
                _("Số đề nghị vượt chỉ tiêu còn lại."),
            )
            if over
            else ""
        )
        parts.append(
            format_html(
                _COUNTER,
                "border-danger" if over else "",
                c.form.name,
                c.form.name,
                c.label,
                "text-danger" if over else "",
                figure,
                exact,
                words,
                warning,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - format_html escaped every value
