"""Who a unit may nominate: itself, its sub-units and their people; never its parent, a
sibling or the issuing body (form choices and server alike)."""

import pytest
from django.urls import reverse

from awards.checks import dossier_problems
from awards.enums import DossierState
from awards.models import Dossier
from awards.services import transition_dossier
from core.services import WorkflowError
from tests.factories.awards import nominate
from tests.factories.units import make_person, make_unit

OUTSIDE = "Chỉ đề nghị được đơn vị mình và các đơn vị trực thuộc"


def row_data(dossier, rows):
    data = {
        "nominations-TOTAL_FORMS": str(len(rows)),
        "nominations-INITIAL_FORMS": "0",
        "nominations-MIN_NUM_FORMS": "0",
        "nominations-MAX_NUM_FORMS": "1000",
        "kind": "other",
    }
    form_id = dossier.round.forms.get().pk
    for i, row in enumerate(rows):
        p = f"nominations-{i}-"
        data.update(
            {
                p + "nominee_kind": row["kind"],
                p + "nominee_unit": row.get("unit", ""),
                p + "person": row.get("person", ""),
                p + "form": form_id,
                p + "achievement_summary": "Thành tích đã gõ",
            }
        )
    return data


@pytest.fixture
def village(commune_a):
    return make_unit(parent=commune_a, name="Thôn Đông", kind="village")


def test_form_offers_only_the_units_subtree_and_its_people(
    client, dossier_a, unit_staff_a, village, commune_b, district, person_a, person_b
):
    village_person = make_person(unit=village, full_name="Lê Văn Thôn")
    client.force_login(unit_staff_a)

    response = client.get(reverse("awards:dossier_update", args=[dossier_a.pk]))

    form = response.context["formset"].forms[0]
    units = [label for value, label in form.fields["nominee_unit"].choices if value]
    people = [value for value, label in form.fields["person"].choices if value]
    assert [u.strip("— ") for u in units] == ["UBND xã An Hải", "Thôn Đông"]
    assert sorted(people) == sorted([str(person_a.pk), str(village_person.pk)])
    html = response.content.decode()
    assert "UBND xã Bình Hải" not in html and "UBND huyện Thử" not in html


@pytest.mark.parametrize("target", ["commune_b", "district"])
def test_server_refuses_a_sibling_or_the_issuing_body(
    request, client, dossier_a, unit_staff_a, target
):
    unit = request.getfixturevalue(target)
    client.force_login(unit_staff_a)

    response = client.post(
        reverse("awards:dossier_update", args=[dossier_a.pk]),
        row_data(dossier_a, [{"kind": "collective", "unit": unit.pk}]),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert OUTSIDE in html and "Thành tích đã gõ" in html
    assert dossier_a.nominations.count() == 0


def test_server_refuses_a_person_of_another_unit(client, dossier_a, unit_staff_a, person_b):
    client.force_login(unit_staff_a)
    response = client.post(
        reverse("awards:dossier_update", args=[dossier_a.pk]),
        row_data(dossier_a, [{"kind": "individual", "person": person_b.pk}]),
    )
    assert response.status_code == 400
    assert "Chỉ đề nghị được cá nhân của đơn vị mình" in response.content.decode()


def test_own_unit_and_sub_unit_are_accepted(client, dossier_a, unit_staff_a, commune_a, village):
    client.force_login(unit_staff_a)
    response = client.post(
        reverse("awards:dossier_update", args=[dossier_a.pk]),
        row_data(
            dossier_a,
            [
                {"kind": "collective", "unit": commune_a.pk},
                {"kind": "collective", "unit": village.pk},
            ],
        ),
    )
    assert response.status_code == 302
    assert dossier_a.nominations.count() == 2


def test_submission_refuses_a_sibling_saved_by_another_path(
    dossier_a, commune_b, district, unit_staff_a
):
    nominate(dossier_a, unit=commune_b)
    nominate(dossier_a, unit=district)

    problems = dossier_problems(dossier_a)
    assert sum("Tập thể không thuộc đơn vị trình" in p for p in problems) == 2
    with pytest.raises(WorkflowError, match="không thuộc đơn vị trình"):
        transition_dossier(dossier_a, "submit", by=unit_staff_a)
    assert Dossier.objects.get(pk=dossier_a.pk).state == DossierState.DRAFT


def test_checks_panel_does_not_say_eligible_for_a_sibling(
    client, dossier_a, unit_staff_a, commune_b
):
    nominate(dossier_a, unit=commune_b)
    client.force_login(unit_staff_a)
    html = client.get(reverse("awards:dossier_detail", args=[dossier_a.pk])).content.decode()
    assert 'UBND xã Bình Hải: <span class="text-danger">Tập thể không thuộc đơn vị trình' in html
