"""The dossier list's rows and rounds, written by awards_list's tags, are the HTML the template
loops they replace rendered (the loops kept here as the reference), except that ids are
written as digits: the loops printed round 1234 as "1.234" (the thousands separator)."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone

from awards.models import Dossier
from campaigns.models import AwardRound, Campaign
from units.models import Unit

ROWS_LOOP = """  {% load i18n awards_badges %}{% for dossier in dossiers %}
  <tr><td><a href="{% url 'awards:dossier_detail' dossier.pk %}">{{ dossier.unit }}</a></td><td class="small">{{ dossier.round.label }}</td><td data-label="{% translate "Số đề nghị" %}">{{ dossier.nomination_count }}</td><td>{% dossier_state_badge dossier %}</td><td class="small" data-label="{% translate "Nộp lúc" %}">{{ dossier.submitted_at|date:"H:i d/m/Y"|default:"—" }}</td></tr>
  {% empty %}
  <tr><td colspan="5" class="text-center text-secondary py-4">{% translate "Không có hồ sơ nào phù hợp." %}</td></tr>
  {% endfor %}
"""
ROWS_TAG = "  {% load awards_list %}{% dossier_rows dossiers %}\n"

LINKS_LOOP = """{% for r in approval_rounds %}<a href="{% url 'awards:approval' r.pk %}">{{ r.label }}</a>{% if not forloop.last %} · {% endif %}{% endfor %}"""
OPTIONS_LOOP = """{% for r in approval_rounds %}<option value="{{ r.pk }}"{% if chosen == r.pk|stringformat:"d" %} selected{% endif %}>{{ r.label }}</option>{% endfor %}"""

OPEN_LOOP = """{% load i18n deadlines %}{% for r in open_rounds %}<li class="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2">
  <div><strong>{{ r.label }}</strong><div class="small text-secondary">{{ r.campaign.title|truncatechars:90 }}{% if r.deadline %} · {% translate "Hạn nộp:" %} {{ r.deadline|deadline_words }}{% endif %}</div></div>
  <form method="post" action="{% url 'awards:dossier_create' r.pk %}">{% csrf_token %}<button class="btn btn-sm btn-danger" type="submit" data-testid="start-{{ r.pk }}">{% translate "Mở hồ sơ" %}</button></form>
</li>{% endfor %}"""


def render(source, **context):
    return Template(source).render(Context(context))


def dossier(pk, state, late, submitted, count, unit_name, label):
    d = Dossier(pk=pk, state=state, is_late=late, submitted_at=submitted)
    d.unit = Unit(pk=pk + 1, name=unit_name)
    d.round = AwardRound(pk=pk + 2, label=label)
    d.nomination_count = count
    return d


def rounds():
    return [
        AwardRound(pk=7, label="Đợt 1 <tổng kết>"),
        AwardRound(pk=12, label="Đợt «chuyên đề» & 2"),
        AwardRound(pk=999, label="Đợt 3"),
    ]


@pytest.mark.parametrize("empty", [False, True])
def test_rows_as_the_loop_rendered_them(empty):
    vn = datetime.timezone(datetime.timedelta(hours=7))
    dossiers = [
        dossier(5, "submitted", False, None, 0, "UBND xã Tri Hải", "Đợt 1"),
        dossier(
            17,
            "returned",
            True,
            datetime.datetime(2026, 1, 2, 20, 5, tzinfo=datetime.UTC),  # 03:05 on the 3rd
            1234,
            'Trường "A" <b>&</b>',
            "Đợt <2>",
        ),
        dossier(
            998, "decided", False, datetime.datetime(2027, 12, 31, 23, 59, tzinfo=vn), 7, "x", "y"
        ),
    ]
    shown = [] if empty else dossiers
    expected = render(ROWS_LOOP, dossiers=shown)
    got = render(ROWS_TAG, dossiers=shown)
    assert got == expected
    if not empty:
        assert "03:05 03/01/2026" in got
        assert '<td data-label="Số đề nghị">1.234</td>' in got
        assert "&lt;b&gt;&amp;&lt;/b&gt;" in got


@pytest.mark.parametrize("chosen", ["", "12", "1.2"])
def test_round_links_and_options_as_the_loops_rendered_them(chosen):
    pairs = [(r.pk, r.label) for r in rounds()]
    assert render(
        "{% load awards_list %}{% approval_round_links rounds %}", rounds=pairs
    ) == render(LINKS_LOOP, approval_rounds=rounds())
    assert render(
        "{% load awards_list %}{% round_options rounds chosen %}", rounds=pairs, chosen=chosen
    ) == render(OPTIONS_LOOP, approval_rounds=rounds(), chosen=chosen)


def test_open_rounds_as_the_loop_rendered_them():
    campaign = Campaign(title="Phong trào thi đua " + "rất dài <và> có & ký tự " * 6)
    open_rounds = rounds()
    for r in open_rounds:
        r.campaign = campaign
    open_rounds[0].deadline = timezone.make_aware(datetime.datetime(2027, 1, 30))
    open_rounds[1].deadline = timezone.make_aware(datetime.datetime(2027, 1, 30, 17))
    for token in ("abc123", ""):
        expected = render(OPEN_LOOP, open_rounds=open_rounds, csrf_token=token)
        got = render(
            "{% load awards_list %}{% open_round_items rounds %}",
            rounds=open_rounds,
            csrf_token=token,
        )
        assert got == expected
    assert "hết ngày 29/01/2027" in got


def test_ids_are_written_as_digits():
    pairs = [(1234, "Đợt 1")]
    assert 'value="1234" selected' in render(
        "{% load awards_list %}{% round_options rounds chosen %}", rounds=pairs, chosen="1234"
    )
    assert "/1234/" in render(
        "{% load awards_list %}{% approval_round_links rounds %}", rounds=pairs
    )
    big = AwardRound(pk=1234, label="Đợt 1")
    big.campaign = Campaign(title="Kế hoạch")
    assert 'data-testid="start-1234"' in render(
        "{% load awards_list %}{% open_round_items rounds %}", rounds=[big], csrf_token="t"
    )
    assert ">1.234<" not in render(
        "{% load awards_list %}{% dossier_rows dossiers %}",
        dossiers=[dossier(1234, "submitted", False, None, 3, "A", "B")],
    )


@pytest.mark.django_db
def test_the_list_reads_its_rows_whole(client, campaign, commune_a, commune_b, campaign_office):
    """The page's rows, read in one query of their own: unit, round, count of proposals,
    newest first; the office sees the submitted dossiers, not the drafts."""
    from django.urls import reverse

    from awards.enums import DossierState
    from tests.factories.awards import make_dossier, nominate

    submitted = make_dossier(campaign, commune_a, state=DossierState.SUBMITTED)
    for _ in range(3):
        nominate(submitted, unit=commune_a)
    make_dossier(campaign, commune_b)  # a draft
    client.force_login(campaign_office)
    response = client.get(reverse("awards:dossier_list"))
    [row] = response.context["dossiers"]
    assert (row.pk, row.unit.name, row.round.label, row.nomination_count) == (
        submitted.pk,
        commune_a.name,
        submitted.round.label,
        3,
    )
    assert row.letter_number == submitted.letter_number  # the rest loads when asked
    assert f'<td data-label="Số đề nghị">3</td><td>{_badge(row)}</td>' in response.content.decode()
    assert client.get(reverse("awards:dossier_list"), {"q": "không có"}).context["dossiers"] == []


def _badge(dossier):
    from awards.templatetags.awards_badges import dossier_state_badge

    return dossier_state_badge(dossier)


@pytest.mark.django_db
@pytest.mark.parametrize("resolved_max", [500, 0])
def test_the_list_searches_unit_names_without_accents(
    client, campaign, commune_a, commune_b, campaign_office, resolved_max, monkeypatch
):
    """The matching units as a list of ids, and (resolved_max 0) as a subquery."""
    from django.urls import reverse

    from awards import selectors

    monkeypatch.setattr(selectors, "RESOLVED_MAX", resolved_max)

    from awards.enums import DossierState
    from tests.factories.awards import make_dossier

    found = make_dossier(campaign, commune_a, state=DossierState.SUBMITTED)
    make_dossier(campaign, commune_b, state=DossierState.SUBMITTED)
    client.force_login(campaign_office)
    for search in ("an hai", "AN HẢI", "xã an"):
        listed = client.get(reverse("awards:dossier_list"), {"q": search}).context["dossiers"]
        assert [d.pk for d in listed] == [found.pk], search
