"""The dossier edit page's fields written from the saved values (awards.sheet.saved_sheet,
the GET: no form built) are the HTML the unbound forms write (bound_sheet), byte for byte:
collectives, individuals, a household, values with markup and braces, a nominee or a form
no longer among the choices, an empty dossier; and the page's reads (nominee_options,
page_nominations) give what the ORM's joined reads give."""

import datetime

import pytest
from django.urls import reverse

from awards import selectors
from awards.forms import (
    AttachmentForm,
    DossierForm,
    NominationFormSet,
    limit_nomination_choices,
    nomination_choices,
    nominee_choices,
)
from awards.models import Attachment, Dossier, Nomination
from awards.sheet import bound_sheet, saved_sheet
from campaigns.models import AwardForm
from tests.factories.awards import nominate
from tests.factories.units import make_person, make_unit


def both(dossier):
    """(saved_sheet, bound_sheet of the unbound forms) of the dossier as saved."""
    dossier = Dossier.objects.select_related("unit", "round").get(pk=dossier.pk)
    options = selectors.nominee_options(dossier)
    nominations = selectors.page_nominations(dossier, *options)
    choices, _forms = nomination_choices(dossier, options)
    saved = saved_sheet(dossier, nominations, choices)
    formset = NominationFormSet(instance=dossier)
    limit_nomination_choices(formset, dossier)
    bound = bound_sheet(
        DossierForm(instance=dossier), formset, AttachmentForm(nominations=nominations)
    )
    bound["management"] = str(bound["management"])
    return saved, bound


@pytest.fixture
def full(dossier_a, commune_a, people_a):
    village = make_unit(parent=commune_a, name="Thôn <Đông> & {Tây}", kind="village")
    Dossier.objects.filter(pk=dossier_a.pk).update(
        letter_number='12/"TTr" {0} __prefix__',
        letter_date=datetime.date(2026, 3, 4),
        council_members=9,
        council_present=0,
        letter_signer="<b>Nguyễn</b>",
    )
    rows = [
        nominate(dossier_a, unit=commune_a),
        nominate(dossier_a, unit=village, votes=None, achievement_summary="{i} {name} %s"),
        nominate(dossier_a, person=people_a[0], achievement_report="<b>Báo cáo</b> & số liệu"),
        nominate(dossier_a, person=people_a[1], votes=0, achievement_report=""),
        Nomination.objects.create(
            dossier=dossier_a,
            form=dossier_a.round.forms.get(),
            nominee_kind="household",
            household_head='Hộ "Lê" <Văn>',
            household_address="Thôn 1 & __prefix__ {x}",
            achievement_summary="Hộ tiêu biểu\ndòng hai",
            votes_for=3,
        ),
    ]
    Attachment.objects.create(
        dossier=dossier_a,
        nomination=rows[4],
        kind="achievement",
        file="x/a.pdf",
        original_name="Báo cáo.pdf",
        size=10,
        content_type="application/pdf",
        sha256="0" * 64,
    )
    return rows


def test_a_saved_dossier_as_the_forms_write_it(dossier_a, full):
    saved, bound = both(dossier_a)
    assert saved.keys() == bound.keys()
    for name in saved:
        assert saved[name] == bound[name], name
    assert saved["rows"].count('data-testid="nomination-row"') == len(full) + 1
    assert "{i} {name} %s" in saved["rows"] and "&lt;b&gt;Báo cáo&lt;/b&gt;" in saved["rows"]
    assert "Thôn 1 &amp; __prefix__ {x}" in saved["rows"]
    assert 'value="12/&quot;TTr&quot; {0} __prefix__"' in saved["letter_number"]


def test_nominees_and_forms_no_longer_offered(dossier_a, commune_a, commune_b, district):
    """A person since retired or moved, a unit outside the subtree, a form the round no
    longer offers: the rows show them unselected as the forms do, the checks get them."""
    retired = make_person(unit=commune_a, full_name="Người nghỉ", is_active=False)
    moved = make_person(unit=commune_b, full_name="Người chuyển")
    form = dossier_a.round.forms.get()
    other = AwardForm.objects.create(
        campaign=form.campaign,
        local_id="khac",
        name="Hình thức khác",
        authority=form.authority,
        order=9,
    )
    nominate(dossier_a, person=retired)
    nominate(dossier_a, person=moved, form=other)
    nominate(dossier_a, unit=commune_b)
    nominate(dossier_a, unit=district)
    saved, bound = both(dossier_a)
    assert saved == bound
    dossier = Dossier.objects.select_related("unit", "round").get(pk=dossier_a.pk)
    got = selectors.page_nominations(dossier, *selectors.nominee_options(dossier))
    expected = list(dossier.nominations.select_related("form", "person__unit", "nominee_unit"))
    assert [
        (n.pk, n.form, n.person, n.person and n.person.unit, n.nominee_unit, n.dossier) for n in got
    ] == [
        (n.pk, n.form, n.person, n.person and n.person.unit, n.nominee_unit, n.dossier)
        for n in expected
    ]
    assert got[1].person.unit.name == "UBND xã Bình Hải" and got[1].form.name == "Hình thức khác"


def test_an_empty_dossier(dossier_a):
    saved, bound = both(dossier_a)
    assert saved == bound
    assert saved["rows"].count('data-testid="nomination-row"') == 1


def test_the_page_reads_as_the_orm(dossier_a, full, commune_a, people_a):
    make_person(unit=commune_a, full_name="Không còn", is_active=False)
    dossier = Dossier.objects.select_related("unit", "round").get(pk=dossier_a.pk)
    units, people, forms = nominee_choices(dossier)
    assert units == list(commune_a.__class__.objects.subtree_of(commune_a).order_by("path"))
    assert people == list(
        people_a[0]
        .__class__.objects.filter(unit__path__startswith=commune_a.path, is_active=True)
        .order_by("full_name", "pk")
    )
    assert [p.unit.name for p in people] == ["UBND xã An Hải"] * len(people_a)
    assert forms == list(dossier.round.forms.order_by("order", "pk"))


def test_the_page_is_the_forms_page(client, monkeypatch, dossier_a, full, unit_staff_a):
    """The GET writes the page the forms wrote: the same template given bound_sheet."""
    from awards import views

    client.force_login(unit_staff_a)
    url = reverse("awards:dossier_update", args=[dossier_a.pk])
    got = client.get(url).content.decode()

    def forms_sheet(dossier, nominations, choices):
        formset = NominationFormSet(instance=dossier)
        limit_nomination_choices(formset, dossier)
        return bound_sheet(
            DossierForm(instance=dossier), formset, AttachmentForm(nominations=nominations)
        )

    monkeypatch.setattr(views, "saved_sheet", forms_sheet)
    expected = client.get(url).content.decode()

    def strip(html):  # the CSRF token is masked anew on every page
        first, *rest = html.split('name="csrfmiddlewaretoken" value="')
        return first + "".join(part.split('"', 1)[1] for part in rest)

    assert "Thôn 1 &amp; __prefix__ {x}" in got
    assert strip(got) == strip(expected)
