"""The nomination row's fields, written by the row_field tag, are the HTML the include
they replace rendered (its template kept here as the reference)."""

import pytest
from django import forms
from django.template import Context, Template

from awards.forms import NominationForm

FIELD_INCLUDE = """{% if field.field.widget.input_type == "checkbox" %}<div class="form-check">{{ field }}<label class="form-check-label" for="{{ field.id_for_label }}">{{ field.label }}</label></div>{% else %}<div class="mb-2"><label class="form-label" for="{{ field.id_for_label }}">{{ field.label }}{% if field.field.required %}<span class="asteriskField">*</span>{% endif %}</label>{{ field }}{% for error in field.errors %}<div class="invalid-feedback d-block">{{ error }}</div>{% endfor %}{% if field.help_text %}<div class="form-text">{{ field.help_text }}</div>{% endif %}</div>{% endif %}
"""


class WithBox(NominationForm):
    remove = forms.BooleanField(label="Bỏ <đề nghị> này", required=False)


@pytest.mark.django_db
def test_every_field_as_the_include_rendered_it():
    data = {"nominee_kind": "individual", "votes_for": "x", "achievement_summary": "<b>Tốt</b>"}
    bound = WithBox({f"nominations-0-{k}": v for k, v in data.items()}, prefix="nominations-0")
    assert not bound.is_valid()  # errors on several fields, shown under them
    for form in (bound, WithBox(prefix="nominations-1")):
        for field in form:
            expected = Template(FIELD_INCLUDE).render(Context({"field": field}))
            got = Template("{% load awards_fields %}{% row_field field %}").render(
                Context({"field": field})
            )
            assert got == expected, field.name
    assert 'class="invalid-feedback d-block"' in str(
        Template("{% load awards_fields %}{% row_field f %}").render(
            Context({"f": bound["votes_for"]})
        )
    )
