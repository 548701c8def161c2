"""A dossier's state badge, written in Python: the list renders one per row (25 includes a
page before). Same HTML as the include it replaces (tests/awards/test_row_field.py)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from awards.enums import DossierState

register = template.Library()
# Labels looked up in a dict made once: get_state_display() hashes every choice on each call.
STATE_LABELS = dict(DossierState.choices)

BADGE_CLASSES = {
    "draft": "text-bg-secondary",
    "returned": "text-bg-warning",
    "decided": "text-bg-success",
    "refused": "text-bg-danger",
}


@register.simple_tag
def dossier_state_badge(dossier):
    html = format_html(
        '<span class="badge {}">{}</span>',
        BADGE_CLASSES.get(dossier.state, "text-bg-primary"),
        STATE_LABELS.get(dossier.state, dossier.state),
    )
    if dossier.is_late:
        html += format_html(' <span class="badge text-bg-danger">{}</span>', _("Nộp muộn"))
    return mark_safe(f"{html}\n")  # noqa: S308 - format_html escaped every value
