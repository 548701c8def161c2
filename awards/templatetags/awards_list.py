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
from django.utils.html import format_html, format_html_join
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
    return format_html_join(
        "",
        '\n  <tr><td><a href="{}">{}</a></td><td class="small">{}</td><td>{}</td>'
        '<td>{}</td><td class="small">{}</td></tr>\n  ',
        (
            (
                detail(d.pk),
                d.unit.name,
                d.round.label,
                localize(d.nomination_count),
                dossier_state_badge(d),
                _moment(d.submitted_at),
            )
            for d in dossiers
        ),
    )


@register.simple_tag
def approval_round_links(rounds):
    """The approval board of each round, [(pk, label)], separated by ' · '."""
    board = url_for("awards:approval")
    return mark_safe(  # noqa: S308 - format_html escaped every value
        " · ".join(format_html('<a href="{}">{}</a>', board(pk), label) for pk, label in rounds)
    )


@register.simple_tag
def round_options(rounds, chosen):
    """The round filter's options, [(pk, label)]; `chosen` (the query's round) selected."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((pk, mark_safe(" selected") if chosen == str(pk) else "", label) for pk, label in rounds),
    )


@register.simple_tag(takes_context=True)
def open_round_items(context, rounds):
    """The rounds the user's unit may open (or reopen) its dossier in, with their button."""
    start = url_for("awards:dossier_create")
    token = CsrfTokenNode().render(context)  # {% csrf_token %}, once for every form
    return format_html_join(
        "",
        '<li class="list-group-item d-flex flex-wrap justify-content-between align-items-center'
        ' gap-2">\n  <div><strong>{}</strong><div class="small text-secondary">{}{}</div></div>\n'
        '  <form method="post" action="{}">{}<button class="btn btn-sm btn-danger"'
        ' type="submit" data-testid="start-{}">{}</button></form>\n</li>',
        (
            (
                r.label,
                Truncator(r.campaign.title).chars(90),
                format_html(" · {} {}", _("Hạn nộp:"), deadline_words(r.deadline))
                if r.deadline
                else "",
                start(r.pk),
                token,
                r.pk,
                _("Mở hồ sơ"),
            )
            for r in rounds
        ),
    )
