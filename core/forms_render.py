"""The form renderer: Django's templates, with the plain widgets written in Python.

Django renders every widget through templates (input.html including attrs.html, a select
including one select_option.html per option): a form row of ten fields costs dozens of
template renders, and a formset of rows (the dossier's nominations) costs most of its page.
`WidgetRenderer` writes the plain widgets (inputs, checkboxes, selects and their options,
textareas) itself, byte for byte as Django's templates do (tests/core/test_forms_render.py
compares them), and hands every other template (clearable file input, radio lists, form
and field layouts, a project's override) to Django's renderer unchanged.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
        "file",
    )
}
SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"
TEXTAREA = f"{WIDGETS}textarea.html"


def _text(value):
    """`{{ value }}` in a template: escaped unless already safe."""
    if not isinstance(value, str | Promise | SafeData):
        from django.utils.formats import localize  # noqa: PLC0415

        value = localize(value)
    return conditional_escape(value)


def _formatted(value):
    """`{{ value|stringformat:'s' }}`: the string of the value, escaped unless safe."""
    if isinstance(value, SafeData):
        return conditional_escape(value)
    return conditional_escape(f"{value}")


def _attrs(attrs):
    """django/forms/widgets/attrs.html"""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}")
        if value is not True:
            parts.append(f'="{_formatted(value)}"')
    return "".join(parts)


def _input(widget):
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _option(option):
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>"
    )


def _select(widget):
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION:
                return None
            # The included option template ends with a newline (only the whole is stripped).
            parts.append(f"\n  {_option(option)}\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget):
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def text_html(value):
    """`{{ value }}` as the widget templates write it (escaped unless already safe)."""
    return _text(value)


def value_html(value):
    """`{{ value|stringformat:'s' }}` as the widget templates write an attribute's value."""
    return _formatted(value)


def attrs_html(attrs):
    """A widget's attributes as django/forms/widgets/attrs.html writes them."""
    return _attrs(attrs)


def input_html(input_type, name, value, attrs):
    """An <input> as django/forms/widgets/input.html writes it (`value`: the widget's
    format_value())."""
    return _input({"type": input_type, "name": name, "value": value, "attrs": attrs})


def textarea_html(name, value, attrs):
    """A <textarea> as django/forms/widgets/textarea.html writes it."""
    return _textarea({"name": name, "value": value, "attrs": attrs})


def option_parts(value, label):
    """An option's value and label as select_option.html escapes them, to write many
    selects of the same choices (option_html) without escaping them again."""
    return _formatted(value), _text(label)


def option_html(value_html, label_html, selected):
    """One option of a select, as _select writes it (with the include's newlines)."""
    return (
        f'\n  <option value="{value_html}"{" selected" if selected else ""}>{label_html}</option>\n'
    )


def select_html(name, attrs, options_html):
    """A <select> of options already written (option_html), without optgroups."""
    return f'<select name="{_text(name)}"{_attrs(attrs)}>{options_html}\n</select>'


class WidgetRenderer(DjangoTemplates):
    """Django's default renderer, with the plain widgets rendered without templates."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        html = None
        if widget is not None and widget.get("template_name") == template_name:
            if template_name in INPUTS:
                html = _input(widget)
            elif template_name == TEXTAREA:
                html = _textarea(widget)
            elif template_name == SELECT:
                html = _select(widget)
        if html is None:
            return super().render(template_name, context, request=request)
        return mark_safe(html)  # noqa: S308 - every value went through conditional_escape()
