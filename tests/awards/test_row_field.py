"""The nomination row's fields and the dossier state badge, written by template tags, are the
HTML the includes they replace rendered (their templates kept here as the reference; the field's help text
now carries the id its widget's aria-describedby names)."""

import pytest
from django import forms
from django.template import Context, Template

from awards.forms import NominationForm

FIELD_INCLUDE = """{% if field.field.widget.input_type == "checkbox" %}<div class="form-check">{{ field }}<label class="form-check-label" for="{{ field.id_for_label }}">{{ field.label }}</label></div>{% else %}<div class="mb-2"><label class="form-label" for="{{ field.id_for_label }}">{{ field.label }}{% if field.field.required %}<span class="asteriskField">*</span>{% endif %}</label>{{ field }}{% for error in field.errors %}<div class="invalid-feedback d-block">{{ error }}</div>{% endfor %}{% if field.help_text %}<div class="form-text"{% if field.auto_id %} id="{{ field.auto_id }}_helptext"{% endif %}>{{ field.help_text }}</div>{% endif %}</div>{% endif %}
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
            if field.help_text:
                assert f'aria-describedby="{field.auto_id}_helptext"' in got
                assert f'id="{field.auto_id}_helptext"' in got
    assert 'class="invalid-feedback d-block"' in str(
        Template("{% load awards_fields %}{% row_field f %}").render(
            Context({"f": bound["votes_for"]})
        )
    )


STATE_BADGE_INCLUDE = """<span class="badge {% if dossier.state == 'draft' %}text-bg-secondary{% elif dossier.state == 'returned' %}text-bg-warning{% elif dossier.state == 'decided' %}text-bg-success{% elif dossier.state == 'refused' %}text-bg-danger{% else %}text-bg-primary{% endif %}">{{ dossier.get_state_display }}</span>{% if dossier.is_late %} <span class="badge text-bg-danger">{{ _("Nộp muộn") }}</span>{% endif %}
"""


@pytest.mark.parametrize("late", [False, True])
@pytest.mark.parametrize(
    "state",
    [
        "draft",
        "submitted",
        "returned",
        "resubmitted",
        "accepted",
        "refused",
        "appraised",
        "decided",
    ],
)
def test_state_badge_as_the_include_rendered_it(state, late):
    from awards.models import Dossier

    dossier = Dossier(state=state, is_late=late)
    expected = Template(STATE_BADGE_INCLUDE).render(Context({"dossier": dossier}))
    got = Template("{% load awards_badges %}{% dossier_state_badge dossier %}").render(
        Context({"dossier": dossier})
    )
    assert got == expected
    assert dossier.get_state_display() in got
