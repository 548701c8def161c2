"""The dossier page's nomination rows (the appraiser's opinions among them), written in
Python: each row's dozen variables, labels and translations cost the template engine more
than the rest of the page's body. Same HTML as the loop they replace
(tests/awards/test_detail_rows.py renders both and compares)."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from awards.enums import Appraisal, NominationState
from campaigns.enums import NomineeKind

register = template.Library()

_ROW = (
    '\n      <tr><td><strong>{name}</strong> <span class="small text-secondary">{kind}</span>'
    '<div class="small">{summary}</div></td>\n'
    '        <td class="small">{form}</td><td class="small">{votes}</td>\n'
    '        <td class="small">{appraisal}</td>\n'
    '        <td class="small">{state}</td></tr>\n      '
)
_SELECT = (
    '<select name="appraisal_{pk}" class="form-select form-select-sm{invalid}" '
    'aria-label="{opinion}"><option value="">—</option>{options}</select>'
    '<input name="note_{pk}" class="form-control form-control-sm mt-1" value="{note}" '
    'placeholder="{note_label}" aria-label="{note_label}">{missing}'
)


def _labels(choices):
    """{value: label} of a field's choices, translated once for the rows."""
    return {value: str(label) for value, label in choices}


@register.simple_tag
def detail_rows(nominee_checks, dossier, can_appraise, appraisal_choices):
    """The rows of the dossier page's table of nominations (`nominee_checks` from
    awards.checks.nominee_checks, each nomination with its `rejection_reason`); with
    `can_appraise`, a select of `appraisal_choices` and a note per row (a row's
    `missing_opinion`, set when finishing was refused, marks it)."""
    if not nominee_checks:
        return mark_safe(  # noqa: S308 - a translated constant, escaped
            f'<tr><td colspan="5" class="text-secondary">{esc(_("Chưa có đề nghị."))}</td></tr>'
        )
    kinds, states = _labels(NomineeKind.choices), _labels(NominationState.choices)
    opinions = _labels(Appraisal.choices)
    leader = ", " + esc(_("lãnh đạo"))
    passed = f' <span class="text-success">{esc(_("đạt"))}</span>'
    failed = f' <span class="text-danger">{esc(_("không đạt"))}</span>'
    reason_label = esc(_("Lý do"))
    members = dossier.council_members
    members = "…" if members is None else esc(localize(members))
    if can_appraise:
        opinion, note_label = esc(_("Ý kiến thẩm định")), esc(_("Ghi chú"))
        missing = f'<div class="invalid-feedback d-block">{esc(_("Chọn ý kiến thẩm định."))}</div>'
        choices = [(value, esc(value), esc(label)) for value, label in appraisal_choices]
    parts = []
    for check in nominee_checks:
        n = check.nomination
        kind = esc(kinds.get(n.nominee_kind, n.nominee_kind))
        if n.is_leader:
            kind += leader
        if n.votes_for is None:
            votes = "—"
        else:
            votes = f"{esc(localize(n.votes_for))}/{members}"
            share = n.vote_share()
            if share is not None:
                votes += f" ({esc(floatformat(share, '1g'))}%)"
            if check.council is True:
                votes += passed
            elif check.council is False:
                votes += failed
        if can_appraise:
            invalid = getattr(check, "missing_opinion", False)
            options = "".join(
                f'<option value="{value_html}"{" selected" if n.appraisal == value else ""}>'
                f"{label_html}</option>"
                for value, value_html, label_html in choices
            )
            appraisal = _SELECT.format(
                pk=n.pk,
                invalid=" is-invalid" if invalid else "",
                opinion=opinion,
                options=options,
                note=esc(n.appraisal_note),
                note_label=note_label,
                missing=missing if invalid else "",
            )
        else:
            appraisal = esc(opinions.get(n.appraisal, n.appraisal))
            if n.appraisal_note:
                appraisal += f"<br><em>{esc(n.appraisal_note)}</em>"
        state = esc(states.get(n.state, n.state))
        reason = getattr(n, "rejection_reason", "")
        if reason:
            state += (
                f'<div class="text-danger" data-testid="rejection-reason">{reason_label}: '
                f"{esc(reason)}</div>"
            )
        parts.append(
            _ROW.format(
                name=esc(n.nominee_name),
                kind=kind,
                summary=esc(n.achievement_summary),
                form=esc(n.form.name),
                votes=votes,
                appraisal=appraisal,
                state=state,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped
