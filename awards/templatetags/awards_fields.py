"""One field of a nomination row (label, widget, errors, help), written in Python: the row
template renders a dozen of them per nominee, and an include per field cost the dossier
form most of its time. Same HTML as the include it replaces (tests/awards/test_forms.py)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

REQUIRED = mark_safe('<span class="asteriskField">*</span>')


@register.simple_tag
def row_field(field):
    if getattr(field.field.widget, "input_type", None) == "checkbox":
        html = format_html(
            '<div class="form-check">{}<label class="form-check-label" for="{}">{}</label></div>',
            field,
            field.id_for_label,
            field.label,
        )
        return mark_safe(f"{html}\n")  # noqa: S308 - format_html escaped every value
    parts = [
        format_html(
            '<div class="mb-2"><label class="form-label" for="{}">{}{}</label>{}',
            field.id_for_label,
            field.label,
            REQUIRED if field.field.required else "",
            field,
        )
    ]
    parts += [
        format_html('<div class="invalid-feedback d-block">{}</div>', e) for e in field.errors
    ]
    if field.help_text:
        # The id the widget's aria-describedby names (Django sets it for a help text).
        helptext_id = format_html(' id="{}_helptext"', field.auto_id) if field.auto_id else ""
        parts.append(format_html('<div class="form-text"{}>{}</div>', helptext_id, field.help_text))
    return mark_safe("".join(parts) + "</div>\n")  # noqa: S308 - format_html escaped them
