"""The Python-written widgets are byte for byte what Django's widget templates render."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.forms_render import WidgetRenderer


class Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": 'a "b" <c> & d'}))
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 0, "step": 1}))
    decimal = forms.DecimalField()
    day = forms.DateField(widget=forms.DateInput(format="%d/%m/%Y"))
    email = forms.EmailField(required=False)
    hidden = forms.CharField(widget=forms.HiddenInput)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    checked = forms.BooleanField(required=False)
    unchecked = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=[("", "---------"), ("a", "A & B"), ("b", _("Bản"))])
    groups = forms.ChoiceField(
        choices=[("Nhóm <1>", [("1", "Một"), ("2", "Hai")]), ("3", "Ba"), (4, 4000)]
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", "Z")])
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "disabled": True}))
    empty_note = forms.CharField(widget=forms.Textarea, required=False)
    upload = forms.FileField(widget=forms.FileInput, required=False)
    clearable = forms.FileField(required=False)
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    off = forms.CharField(widget=forms.TextInput(attrs={"readonly": False, "autofocus": True}))


DATA = {
    "text": "<script>alert('x')</script> & \"q\"",
    "number": "12000",
    "decimal": "1234.5",
    "day": "02/12/2026",
    "hidden": "h&",
    "password": "p<",
    "checked": "on",
    "choice": "a",
    "groups": "2",
    "many": ["x", "z"],
    "note": "Dòng 1\n<b>Dòng 2</b>",
    "radio": "b",
    "off": "",
}


@pytest.mark.parametrize("bound", [True, False])
def test_every_widget_renders_as_the_templates_do(bound, monkeypatch):
    initial = {"day": datetime.date(2026, 12, 2), "text": mark_safe("<em>an toàn</em>")}
    form = Everything(DATA if bound else None, initial=initial)
    fast, templates = WidgetRenderer(), DjangoTemplates()
    by_templates = []
    original = DjangoTemplates.render

    def spy(self, template_name, context, request=None):
        if self is fast:
            by_templates.append(template_name.rsplit("/", 1)[-1])
        return original(self, template_name, context, request=request)

    monkeypatch.setattr(DjangoTemplates, "render", spy)
    for field in form:
        expected = field.as_widget(attrs={"class": "form-control"})
        field.form.renderer = fast
        got = field.as_widget(attrs={"class": "form-control"})
        field.form.renderer = templates
        assert got == expected, field.name
        assert got == field.form[field.name].as_widget(attrs={"class": "form-control"})
    # Only the widgets it does not write itself went through the templates.
    assert by_templates == ["clearable_file_input.html", "radio.html"]


def test_the_project_renders_forms_with_it(settings):
    from django.forms.renderers import get_default_renderer

    get_default_renderer.cache_clear()
    try:
        assert isinstance(get_default_renderer(), WidgetRenderer)
    finally:
        get_default_renderer.cache_clear()
