"""One field of a nomination row (label, widget, errors, help), written in Python: the row
template renders a dozen of them per nominee, and an include per field cost the dossier
form most of its time. Same HTML as the include it replaces (tests/awards/test_row_field.py,
tests/awards/test_nomination_rows.py)."""

from django import forms, template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.forms_render import input_html, option_html, option_parts, select_html, textarea_html

register = template.Library()

REQUIRED = mark_safe('<span class="asteriskField">*</span>')


@register.simple_tag
def row_field(field):
    """Label, widget, errors and help of one field; the plain widgets written here
    (RowWriter.widget), the others by Django."""
    return mark_safe(RowWriter().field(field))  # noqa: S308 - every value escaped


def _django_row_field(field):
    """row_field with the widget rendered by Django (the widgets RowWriter does not write)."""
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


# The nomination rows of the dossier form, written whole: the same HTML as
# awards/includes/nomination_row.html with row_field (tests/awards/test_nomination_rows.py
# renders both and compares). Each row's fields share their labels, help texts and the
# choices of their selects, escaped once per formset instead of once per row.

ROW_LAYOUT = (
    ("col-md-3", "", "nominee_kind"),
    ("col-md-9", "collective", "nominee_unit"),
    ("col-md-9", "individual", "person"),
    ("col-md-4", "household", "household_head"),
    ("col-md-5", "household", "household_address"),
    ("col-md-8", "", "form"),
    ("col-md-4", "", "votes_for"),
    ("col-12", "", "achievement_summary"),
    ("col-md-7", "", "achievement_report"),
    ("col-md-5", "", "report_file"),
)

# Widgets written here as Django's templates write them (core.forms_render), by exact class:
# a subclass may render otherwise and goes through Django.
_INPUTS = (
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.HiddenInput,
    forms.DateInput,
)
_FILES = (forms.FileInput, forms.ClearableFileInput)


class RowWriter:
    """Writes the rows of one formset; what every row shares is kept per field name."""

    def __init__(self):
        self._static = {}
        self._options = {}

    def _label(self, field):
        static = self._static.get(field.name)
        if static is None:
            help_text = field.help_text
            static = self._static[field.name] = (
                conditional_escape(field.label),
                conditional_escape(help_text) if help_text else "",
            )
        return static

    def _select_options(self, name, choices):
        cached = self._options.get(name)
        if cached is not None and (cached[0] is choices or cached[0] == choices):
            return cached[1]
        options = []
        for value, label in choices:
            if isinstance(label, list | tuple):
                return None  # option groups: Django writes them
            value = "" if value is None else value
            options.append((str(value), *option_parts(value, label)))
        self._options[name] = (choices, options)
        return options

    @staticmethod
    def widget_attrs(bf):
        """The attributes BoundField.as_widget() adds to the widget's own."""
        widget = bf.field.widget
        attrs = bf.build_widget_attrs({}, widget)
        if bf.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", bf.auto_id)
        return attrs

    def widget(self, bf):
        """The widget's HTML as BoundField.as_widget() renders it, or None (Django's turn)."""
        field = bf.field
        widget = field.widget
        kind = type(widget)
        if field.localize or field.show_hidden_initial:
            return None
        attrs = self.widget_attrs(bf)
        value = bf.value()
        name = bf.html_name
        if kind is forms.Select:
            options = self._select_options(bf.name, widget.choices)
            if options is None:
                return None
            chosen = widget.format_value(value)
            parts, has_selected = [], False
            for value_str, value_html, label_html in options:
                selected = not has_selected and value_str in chosen
                has_selected |= selected
                parts.append(option_html(value_html, label_html, selected))
            return select_html(name, widget.build_attrs(widget.attrs, attrs), "".join(parts))
        if kind is forms.CheckboxInput:
            if widget.check_test(value):
                attrs = {**attrs, "checked": True}
            final = widget.build_attrs(widget.attrs, attrs)
            return input_html(widget.input_type, name, widget.format_value(value), final)
        if kind is forms.Textarea:
            final = widget.build_attrs(widget.attrs, attrs)
            return textarea_html(name, widget.format_value(value), final)
        if kind in _INPUTS:
            final = widget.build_attrs(widget.attrs, attrs)
            return input_html(widget.input_type, name, widget.format_value(value), final)
        if kind in _FILES and not (kind is forms.ClearableFileInput and widget.is_initial(value)):
            final = widget.build_attrs(widget.attrs, attrs)
            return input_html(widget.input_type, name, None, final)
        return None

    def field(self, bf):
        """row_field(bf), with the widget and the shared parts written here."""
        html = self.widget(bf)
        if html is None:
            return _django_row_field(bf)
        label, help_text = self._label(bf)
        for_id = conditional_escape(bf.id_for_label)
        if getattr(bf.field.widget, "input_type", None) == "checkbox":
            return (
                f'<div class="form-check">{html}<label class="form-check-label" '
                f'for="{for_id}">{label}</label></div>\n'
            )
        required = REQUIRED if bf.field.required else ""
        parts = [
            f'<div class="mb-2"><label class="form-label" for="{for_id}">{label}{required}'
            f"</label>{html}"
        ]
        parts += [
            format_html('<div class="invalid-feedback d-block">{}</div>', e) for e in bf.errors
        ]
        if help_text:
            helptext_id = f' id="{conditional_escape(bf.auto_id)}_helptext"' if bf.auto_id else ""
            parts.append(f'<div class="form-text"{helptext_id}>{help_text}</div>')
        return "".join(parts) + "</div>\n"

    def row(self, form):
        hidden = "".join(self.field_widget_or_str(bf) for bf in form.hidden_fields())
        parts = [
            '<fieldset class="border rounded p-2 mb-2 bg-white" data-testid="nomination-row" '
            f'data-row>\n  {hidden}\n  <div class="row g-2">\n'
        ]
        for column, kinds, name in ROW_LAYOUT:
            data = f' data-kinds="{kinds}"' if kinds else ""
            parts.append(f'    <div class="{column}"{data}>{self.field(form[name])}</div>\n')
        parts.append("  </div>\n  ")
        errors = form.non_field_errors()
        if errors:
            parts.append(f'<div class="text-danger small">{conditional_escape(errors)}</div>')
        parts.append('\n  <div class="d-flex justify-content-end align-items-center gap-2">\n    ')
        if form.instance.pk:
            parts.append(f'<div class="me-auto" data-delete-box>{self.field(form["DELETE"])}</div>')
        parts.append(
            '\n    <button type="button" class="btn btn-sm btn-outline-secondary" '
            'data-remove-row hidden><i class="bi bi-x-lg"></i> '
            f"{conditional_escape(_('Bỏ dòng này'))}</button>\n  </div>\n</fieldset>\n"
        )
        return "".join(parts)

    def field_widget_or_str(self, bf):
        html = self.widget(bf)
        return conditional_escape(bf) if html is None else html


@register.simple_tag
def nomination_rows(formset):
    """Every row of the formset, then (with `empty`) the template row, one writer for all."""
    writer = RowWriter()
    return mark_safe("".join(writer.row(form) for form in formset))  # noqa: S308 - escaped


@register.simple_tag
def nomination_row(form):
    return mark_safe(RowWriter().row(form))  # noqa: S308 - every value escaped
