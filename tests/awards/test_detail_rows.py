"""The dossier page's nomination rows written in Python (awards_detail.detail_rows) are
the HTML of the template loop they replace, kept here: read-only and with the appraiser's
opinions, rows refused for a missing opinion, every kind of nominee, votes passing and
failing the council, a rejected proposal's reason, markup typed in notes and names."""

import pytest
from django.template import Context, Template

from awards.enums import Appraisal, NominationState
from awards.models import Nomination
from awards.views import _checks_context, _nominations
from tests.factories.awards import nominate

LOOP = (
    "{% load i18n l10n %}"
    "{% for check in nominee_checks %}{% with n=check.nomination %}"
    "\n"
    '      <tr><td><strong>{{ n.nominee_name }}</strong> <span class="small text-secondary">{{ n.get_nominee_kind_display }}{% if n.is_leader %}, {% translate "lãnh đạo" %}{% endif %}</span><div class="small">{{ n.achievement_summary }}</div></td>'
    "\n"
    '        <td class="small">{{ n.form.name }}</td><td class="small">{% if n.votes_for is None %}—{% else %}{{ n.votes_for }}/{{ dossier.council_members|default_if_none:"…" }}{% with share=n.vote_share %}{% if share is not None %} ({{ share|floatformat:"1g" }}%){% endif %}{% endwith %}{% if check.council is True %} <span class="text-success">{% translate "đạt" %}</span>{% elif check.council is False %} <span class="text-danger">{% translate "không đạt" %}</span>{% endif %}{% endif %}</td>'
    "\n"
    '        <td class="small">{% if can_appraise %}<select name="appraisal_{{ n.pk|unlocalize }}" class="form-select form-select-sm{% if check.missing_opinion %} is-invalid{% endif %}" aria-label="{% translate \'Ý kiến thẩm định\' %}"><option value="">—</option>{% for v, l in appraisal_choices %}<option value="{{ v }}"{% if n.appraisal == v %} selected{% endif %}>{{ l }}</option>{% endfor %}</select><input name="note_{{ n.pk|unlocalize }}" class="form-control form-control-sm mt-1" value="{{ n.appraisal_note }}" placeholder="{% translate \'Ghi chú\' %}" aria-label="{% translate \'Ghi chú\' %}">{% if check.missing_opinion %}<div class="invalid-feedback d-block">{% translate "Chọn ý kiến thẩm định." %}</div>{% endif %}{% else %}{{ n.get_appraisal_display }}{% if n.appraisal_note %}<br><em>{{ n.appraisal_note }}</em>{% endif %}{% endif %}</td>'
    "\n"
    '        <td class="small">{{ n.get_state_display }}{% if n.rejection_reason %}<div class="text-danger" data-testid="rejection-reason">{% translate "Lý do" %}: {{ n.rejection_reason }}</div>{% endif %}</td></tr>{% endwith %}'
    "\n"
    '      {% empty %}<tr><td colspan="5" class="text-secondary">{% translate "Chưa có đề nghị." %}</td></tr>{% endfor %}'
)
TAG = (
    "{% load awards_detail %}"
    "{% detail_rows nominee_checks dossier can_appraise appraisal_choices %}"
)


def both(context):
    context = {"appraisal_choices": [c for c in Appraisal.choices if c[0]], **context}
    return Template(TAG).render(Context(context)), Template(LOOP).render(Context(context))


@pytest.fixture
def nominee_checks(dossier_a, commune_a, people_a):
    nominate(dossier_a, unit=commune_a, achievement_summary="<b>Tập thể</b> & cộng đồng")
    nominate(dossier_a, person=people_a[0], leader=True, appraisal_note="Ghi <i>chú</i>")
    nominate(dossier_a, person=people_a[1], votes=None, appraisal=Appraisal.PROPOSE)
    nominate(dossier_a, person=people_a[2], votes=1, appraisal=Appraisal.NOT_PROPOSE)
    Nomination.objects.create(
        dossier=dossier_a,
        form=dossier_a.round.forms.get(),
        nominee_kind="household",
        household_head="Nguyễn Văn <An>",
        household_address="Thôn 1",
        achievement_summary="Hộ gia đình tiêu biểu",
        votes_for=3,
        state=NominationState.REJECTED,
    )
    nominations = _nominations(dossier_a)
    context = _checks_context(dossier_a, nominations=nominations, attachments=[])
    for nomination in nominations:
        if nomination.state == NominationState.REJECTED:
            nomination.rejection_reason = "Chưa đủ <tiêu chuẩn> & số năm"
    return context["nominee_checks"]


@pytest.mark.parametrize("can_appraise", [False, True])
def test_rows_read_only_and_with_opinions(dossier_a, nominee_checks, can_appraise):
    councils = {check.council for check in nominee_checks}
    assert {True, False, None} <= councils
    got, expected = both(
        {"nominee_checks": nominee_checks, "dossier": dossier_a, "can_appraise": can_appraise}
    )
    assert got == expected
    assert got.count("<tr>") == len(nominee_checks)
    assert "&lt;b&gt;Tập thể&lt;/b&gt;" in got and "Nguyễn Văn &lt;An&gt;" in got
    assert ("selected" in got) is can_appraise


def test_rows_refused_for_a_missing_opinion(dossier_a, nominee_checks):
    for check in nominee_checks[:2]:
        check.missing_opinion = True
        check.nomination.appraisal_note = "đã nhập <b>"
    got, expected = both(
        {"nominee_checks": nominee_checks, "dossier": dossier_a, "can_appraise": True}
    )
    assert got == expected
    assert got.count("is-invalid") == 2


def test_without_council_members_and_without_rows(dossier_a, nominee_checks):
    dossier_a.council_members = None
    for nomination in (c.nomination for c in nominee_checks):
        nomination.dossier = dossier_a
    got, expected = both(
        {"nominee_checks": nominee_checks, "dossier": dossier_a, "can_appraise": False}
    )
    assert got == expected and "/…" in got
    got, expected = both({"nominee_checks": [], "dossier": dossier_a, "can_appraise": True})
    assert got == expected and "Chưa có đề nghị." in got
