"""The dossier list's repeated parts written in Python, once per row: the table's rows, the
approval board's links and the round filter's options (40 rounds a body's plan may hold),
the rounds a unit may open a dossier in. The same HTML as the template loops they replace
(tests/awards/test_list_tags.py keeps those loops and compares), but a page of 25 rows and
40 rounds no longer resolves some thousand template variables and reverses 65 URLs.

Ids are written as digits (str), never through the thousands separator the templates apply
to numbers ({{ r.pk }} printed 1.234 for round 1234, which the filter then ignored)."""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from core.reminders import deadline_words

from .awards_badges import dossier_state_badge

register = template.Library()

_PK = 918273645  # an id no URL holds: reversed once, then replaced by each row's id


def url_for(name):
    """pk -> the URL `name` reverses to with that one integer argument, reversed once."""
    before, after = reverse(name, args=[_PK]).split(str(_PK))
    return lambda pk: f"{before}{pk}{after}"


def _moment(value):
    """{{ value|date:"H:i d/m/Y"|default:"—" }}: local time, '—' when empty."""
    if value is None:
        return "—"
    t = localtime(value)
    return f"{t.hour:02d}:{t.minute:02d} {t.day:02d}/{t.month:02d}/{t.year:04d}"


@register.simple_tag
def dossier_rows(dossiers):
    """The table's rows (unit, round, proposals, state, submitted at), or the empty row."""
    if not dossiers:
        return format_html(
            '\n  <tr><td colspan="5" class="text-center text-secondary py-4">{}</td></tr>\n  ',
            _("Không có hồ sơ nào phù hợp."),
        )
    detail = url_for("awards:dossier_detail")
    badges = {}  # one badge per state and lateness, written once
    # The column names again on each cell, shown before it on a phone (.table-stack).
    counted, moment = escape(_("Số đề nghị")), escape(_("Nộp lúc"))
    rows = []
    for d in dossiers:
        badge = badges.get((d.state, d.is_late))
        if badge is None:
            badge = badges[d.state, d.is_late] = dossier_state_badge(d)
        count = d.nomination_count
        rows.append(
            f'\n  <tr><td><a href="{escape(detail(d.pk))}">{escape(d.unit.name)}</a></td>'
            f'<td class="small">{escape(d.round.label)}</td>'
            f'<td data-label="{counted}">'
            f"{count if 0 <= count < 1000 else escape(localize(count))}</td>"
            f'<td>{badge}</td><td class="small" data-label="{moment}">'
            f"{_moment(d.submitted_at)}</td></tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every text escaped above


@register.simple_tag
def approval_round_links(rounds):
    """The approval board of each round, [(pk, label)], separated by ' · '."""
    board = url_for("awards:approval")
    return mark_safe(  # noqa: S308 - every text escaped here
        " · ".join(f'<a href="{escape(board(pk))}">{escape(label)}</a>' for pk, label in rounds)
    )


@register.simple_tag
def round_options(rounds, chosen):
    """The round filter's options, [(pk, label)]; `chosen` (the query's round) selected."""
    return mark_safe(  # noqa: S308 - every text escaped here
        "".join(
            f'<option value="{pk}"{" selected" if chosen == str(pk) else ""}>{escape(label)}</option>'
            for pk, label in rounds
        )
    )


@register.simple_tag(takes_context=True)
def open_round_items(context, rounds):
    """The rounds the user's unit may open (or reopen) its dossier in, with their button."""
    start = url_for("awards:dossier_create")
    token = CsrfTokenNode().render(context)  # {% csrf_token %}, once for every form
    due, open_ = escape(_("Hạn nộp:")), escape(_("Mở hồ sơ"))
    items = []
    for r in rounds:
        deadline = f" · {due} {escape(deadline_words(r.deadline))}" if r.deadline else ""
        items.append(
            '<li class="list-group-item d-flex flex-wrap justify-content-between'
            ' align-items-center gap-2">\n'
            f"  <div><strong>{escape(r.label)}</strong>"
            f'<div class="small text-secondary">{escape(Truncator(r.campaign.title).chars(90))}'
            f"{deadline}</div></div>\n"
            f'  <form method="post" action="{escape(start(r.pk))}">{token}'
            f'<button class="btn btn-sm btn-danger" type="submit" data-testid="start-{r.pk}">'
            f"{open_}</button></form>\n</li>"
        )
    return mark_safe("".join(items))  # noqa: S308 - every text escaped here
