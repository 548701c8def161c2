"""The dossier form's nomination rows, written in Python (awards_fields.nomination_rows),
are the HTML the row include renders with Django's widgets (RowWriter.widget switched
off): saved rows, the template row, and rows sent back with errors, everything typed kept
(values with markup escaped)."""

from unittest import mock

import pytest
from django.template import Context, Template

from awards.forms import NominationFormSet, limit_nomination_choices
from awards.templatetags.awards_fields import RowWriter
from tests.factories.awards import nominate

INCLUDE = (
    "{% for f in formset %}{% include 'awards/includes/nomination_row.html' %}{% endfor %}"
    "|{% with f=formset.empty_form %}{% include 'awards/includes/nomination_row.html' %}"
    "{% endwith %}"
)
TAGS = (
    "{% load awards_fields %}{% nomination_rows formset %}|{% nomination_row formset.empty_form %}"
)


def both(formset):
    """(the rows written by the tags, the rows of the include with Django's widgets)."""
    context = {"formset": formset}
    got = Template(TAGS).render(Context(context))
    with mock.patch.object(RowWriter, "widget", return_value=None):  # Django renders them
        expected = Template(INCLUDE).render(Context(context))
    return got, expected


@pytest.fixture
def rows(dossier_a, commune_a, people_a):
    return [
        nominate(dossier_a, unit=commune_a),
        nominate(dossier_a, person=people_a[0], achievement_report="<b>Báo cáo</b> & số liệu"),
        nominate(dossier_a, person=people_a[1], votes=None),
    ]


def test_saved_rows_and_the_template_row(dossier_a, rows):
    formset = NominationFormSet(instance=dossier_a)
    limit_nomination_choices(formset, dossier_a)
    got, expected = both(formset)
    assert got == expected
    assert got.count('data-testid="nomination-row"') == len(rows) + 2  # + extra + template
    assert " selected>" in got and "&lt;b&gt;Báo cáo&lt;/b&gt; &amp; số liệu" in got
    assert "nominations-__prefix__-nominee_unit" in got


def test_rows_sent_back_with_errors_keep_what_was_typed(dossier_a, rows, people_a):
    first = rows[0]
    data = {
        "nominations-TOTAL_FORMS": "4",
        "nominations-INITIAL_FORMS": "1",
        "nominations-MIN_NUM_FORMS": "0",
        "nominations-MAX_NUM_FORMS": "1000",
        "nominations-0-id": first.pk,
        "nominations-0-dossier": dossier_a.pk,
        "nominations-0-nominee_kind": "collective",
        "nominations-0-nominee_unit": "999999",  # not offered
        "nominations-0-form": first.form_id,
        "nominations-0-votes_for": "x",
        "nominations-0-achievement_summary": '"Tốt" <i>lắm</i>',
        "nominations-0-DELETE": "on",
        "nominations-1-nominee_kind": "household",
        "nominations-1-household_head": "",
        "nominations-1-household_address": "Thôn 1",
        "nominations-1-form": first.form_id,
        "nominations-1-achievement_summary": "Hộ tiêu biểu",
        "nominations-2-nominee_kind": "individual",
        "nominations-2-person": people_a[0].pk,
        "nominations-2-form": "",
        "nominations-2-votes_for": "5",
        "nominations-2-achievement_summary": "",
        "nominations-3-nominee_kind": "",
    }
    formset = NominationFormSet(data, instance=dossier_a)
    limit_nomination_choices(formset, dossier_a)
    assert not formset.is_valid()
    got, expected = both(formset)
    assert got == expected
    assert 'aria-invalid="true"' in got and 'class="invalid-feedback d-block"' in got
    assert "&quot;Tốt&quot; &lt;i&gt;lắm&lt;/i&gt;" in got and 'value="Thôn 1"' in got
    assert (
        'name="nominations-0-DELETE" class="form-check-input" id="id_nominations-0-DELETE" checked'
        in got
    )
