"""The fields of the dossier edit page as HTML: Tờ trình and Biên bản, the management form,
the nomination rows and their template row, the file form.

A GET writes them from the saved dossier and nominations (`saved_sheet`), without building
a Django form: building and rendering a form per nomination cost the page most of its
time. The markup of each field (label, widget and its attributes, help text) is taken
once per language from the forms themselves, written by the rows' own writer
(awards_fields.RowWriter) with the value left as a slot; the page fills the slots with the
values as the forms would show them (each field's prepare_value() and its widget's
format_value()). A POST sent back with errors shows the bound forms (`bound_sheet`), so
everything typed stays. Both write the same HTML for the same values
(tests/awards/test_dossier_sheet.py renders dossiers both ways and compares)."""

from django import forms
from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
    ManagementForm,
)
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.forms_render import (
    attrs_html,
    option_html,
    option_parts,
    select_html,
    text_html,
    value_html,
)

from .forms import AttachmentForm, DossierForm, NominationFormSet, shared_choices
from .models import Dossier, Nomination
from .templatetags.awards_fields import _INPUTS, RowWriter, nomination_row, nomination_rows

DOSSIER_FIELDS = tuple(DossierForm._meta.fields)
UPLOAD_FIELDS = ("file", "kind", "nomination")
SHARED = ("nominee_unit", "person", "form")  # the rows' choices fetched per page

SLOT = "\x00"  # around a field's name where its value goes (never in a label or an id)
SELECT, TEXTAREA, INPUT = "select", "textarea", "input"


def _slot_kind(bf):
    """How the field's value is written, or None: written whole (a box, a file, Django's)."""
    field, widget = bf.field, bf.field.widget
    if field.localize or field.show_hidden_initial:
        return None
    kind = type(widget)
    if kind is forms.Select:
        return SELECT
    if kind is forms.Textarea:
        return TEXTAREA
    return INPUT if kind in _INPUTS else None


class _Slotted(RowWriter):
    """RowWriter with each value left as a slot: the same markup as RowWriter.widget()
    writes (core.forms_render), the value apart."""

    def widget(self, bf):
        kind = _slot_kind(bf)
        if kind is None:
            return super().widget(bf)
        widget = bf.field.widget
        final = widget.build_attrs(widget.attrs, self.widget_attrs(bf))
        slot = f"{SLOT}{bf.name}{SLOT}"
        if kind == SELECT:
            return select_html(bf.html_name, final, slot)
        name = text_html(bf.html_name)
        if kind == TEXTAREA:
            return f'<textarea name="{name}"{attrs_html(final)}>\n{slot}</textarea>'
        return (
            f'<input type="{text_html(widget.input_type)}" name="{name}"{slot}{attrs_html(final)}>'
        )


def _template(html):
    """`html` as a str.format() template: {i} for the row's index, {name} for a slot."""
    text = html.replace("{", "{{").replace("}", "}}").replace("__prefix__", "{i}")
    parts = text.split(SLOT)
    parts[1::2] = [f"{{{name}}}" for name in parts[1::2]]
    return "".join(parts)


class _Options:
    """The options of a select written once; each field selects its own (as RowWriter
    does: the first option whose value the widget's format_value() lists)."""

    def __init__(self, choices):
        self.first = {}
        self.plain, self.chosen = [], []
        for value, label in choices:
            if isinstance(label, list | tuple):
                raise TypeError("option groups are not written here")
            value = "" if value is None else value
            value_part, label_part = option_parts(value, label)
            self.first.setdefault(str(value), len(self.plain))
            self.plain.append(option_html(value_part, label_part, False))
            self.chosen.append(option_html(value_part, label_part, True))
        self.none = "".join(self.plain)
        self.written = {}

    def html(self, values):
        found = [self.first[v] for v in values if v in self.first]
        if not found:
            return self.none
        index = min(found)
        html = self.written.get(index)
        if html is None:
            html = self.written[index] = "".join(
                [*self.plain[:index], self.chosen[index], *self.plain[index + 1 :]]
            )
        return html


class _Slot:
    """One field's value as its form writes it."""

    __slots__ = ("attname", "format", "initial", "kind", "name", "options", "prepare")

    def __init__(self, bf, kind, attname=None):
        self.name, self.kind, self.attname = bf.name, kind, attname
        self.prepare, self.format = bf.field.prepare_value, bf.field.widget.format_value
        self.initial = bf.initial  # an unbound form's value (a blank row's)
        self.options = _Options(bf.field.widget.choices) if kind == SELECT else None

    def html(self, raw, options=None):
        value = self.format(self.prepare(raw))
        if self.kind == SELECT:
            return (options or self.options).html(value)
        if self.kind == TEXTAREA:
            return text_html(value) if value else ""
        return "" if value is None else f' value="{value_html(value)}"'


def _slots(form, model):
    """{name: _Slot} of the form's fields that have one, each reading `model`'s field."""
    slots = {}
    for bf in form:
        kind = _slot_kind(bf)
        if kind is None:
            continue
        attname = None
        if bf.name in getattr(getattr(form, "_meta", None), "fields", ()):
            attname = model._meta.get_field(bf.name).attname
        slots[bf.name] = _Slot(bf, kind, attname)
    return slots


class _Prototype:
    """What every page of one language shares: templates and slots."""

    def __init__(self):
        writer = _Slotted()
        formset = NominationFormSet(instance=Dossier())
        row = formset.empty_form
        for name in SHARED:  # no choices read: the page brings them
            row.fields[name].share(())
        self.formset = formset
        self.row_slots = _slots(row, Nomination)
        self.row_blank = _template(writer.row(row))
        row.instance.pk = -1  # a saved row: with its remove box
        self.row_saved = _template(writer.row(row))
        row.instance.pk = None
        management = ManagementForm(
            auto_id=formset.auto_id,
            prefix=formset.prefix,
            initial={
                TOTAL_FORM_COUNT: f"{SLOT}total{SLOT}",
                INITIAL_FORM_COUNT: f"{SLOT}initial{SLOT}",
                MIN_NUM_FORM_COUNT: formset.min_num,
                MAX_NUM_FORM_COUNT: formset.max_num,
            },
            renderer=formset.renderer,
        )
        self.management = _template(str(management))

        dossier_form = DossierForm()
        self.dossier_slots = _slots(dossier_form, Dossier)
        self.dossier_fields = {
            name: _template(_Slotted().field(dossier_form[name])) for name in DOSSIER_FIELDS
        }

        upload = AttachmentForm()
        self.upload_fields = {
            name: RowWriter().field(upload[name]) for name in ("file", "kind")
        }  # the same on every page
        self.nomination_field = _template(_Slotted().field(upload["nomination"]))
        self.nomination_slot = _slots(upload, Nomination)["nomination"]


_PROTOTYPES = {}


def _prototype():
    language = get_language()
    prototype = _PROTOTYPES.get(language)
    if prototype is None:
        prototype = _PROTOTYPES[language] = _Prototype()
    return prototype


def saved_sheet(dossier, nominations, choices):
    """The page's fields for the saved `dossier` and its `nominations` (in the rows' order),
    `choices` the rows' shared choices (forms.nomination_choices): the HTML the unbound
    forms write (bound_sheet of DossierForm(instance=dossier), NominationFormSet(
    instance=dossier) with those choices, AttachmentForm(nominations=nominations))."""
    p = _prototype()
    options = {name: _Options(choices[name][1]) for name in SHARED}
    sheet = {}
    for name, template in p.dossier_fields.items():
        slot = p.dossier_slots.get(name)
        values = {name: slot.html(getattr(dossier, slot.attname))} if slot else {}
        sheet[name] = mark_safe(template.format(**values))  # noqa: S308 - values escaped
    slots = p.row_slots.values()
    rows = []
    for index, nomination in enumerate(nominations):
        values = {}
        for slot in slots:
            if slot.attname is not None:
                raw = getattr(nomination, slot.attname)
            else:
                raw = nomination.pk if slot.name == "id" else dossier.pk
            values[slot.name] = slot.html(raw, options.get(slot.name))
        rows.append(p.row_saved.format(i=index, **values))
    blank = {
        slot.name: slot.html(
            dossier.pk if slot.name == "dossier" else slot.initial, options.get(slot.name)
        )
        for slot in slots
    }
    saved = len(rows)
    total = _total_form_count(p.formset, saved)
    rows += [p.row_blank.format(i=index, **blank) for index in range(saved, total)]
    sheet["rows"] = mark_safe("".join(rows))  # noqa: S308 - every value escaped by its slot
    sheet["empty_row"] = mark_safe(p.row_blank.format(i="__prefix__", **blank))  # noqa: S308
    sheet["management"] = mark_safe(p.management.format(total=total, initial=saved))  # noqa: S308
    sheet.update((name, mark_safe(html)) for name, html in p.upload_fields.items())  # noqa: S308
    nomination_options = _Options(shared_choices(nominations, lambda n: n.nominee_name)[1])
    slot = p.nomination_slot
    sheet["nomination"] = mark_safe(  # noqa: S308 - every value escaped by its slot
        p.nomination_field.format(nomination=slot.html(slot.initial, nomination_options))
    )
    return sheet


def _total_form_count(formset, initial_forms):
    """BaseFormSet.total_form_count() of an unbound formset of `initial_forms` rows."""
    total = max(initial_forms, formset.min_num) + formset.extra
    if initial_forms > formset.max_num >= 0:
        return initial_forms
    if total > formset.max_num >= 0:
        return formset.max_num
    return total


def bound_sheet(form, formset, upload):
    """The page's fields as the forms write them (a POST sent back with its errors)."""
    sheet = {name: mark_safe(RowWriter().field(form[name])) for name in DOSSIER_FIELDS}  # noqa: S308
    sheet.update(
        (name, mark_safe(RowWriter().field(upload[name])))  # noqa: S308 - RowWriter escapes
        for name in UPLOAD_FIELDS
    )
    sheet["rows"] = nomination_rows(formset)
    sheet["empty_row"] = nomination_row(formset.empty_form)
    sheet["management"] = formset.management_form
    return sheet
