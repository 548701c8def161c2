"""Who a unit may nominate: itself, its sub-units and their people; never its parent, a
sibling or the issuing body (form choices and server alike)."""

import datetime
import re

import pytest
from django.urls import reverse

from awards.checks import dossier_problems
from awards.enums import Appraisal, DossierState, NominationState
from awards.models import Dossier, Nomination
from awards.services import transition_dossier
from core.services import WorkflowError
from tests.factories.awards import award_campaign, make_dossier, nominate, round_of
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


def _options(html, name):
    """[(value, label)] of the select `name` in the page."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


@pytest.fixture
def village(commune_a):
    return make_unit(parent=commune_a, name="Thôn Đông", kind="village")


def test_form_offers_only_the_units_subtree_and_its_people(
    client, dossier_a, unit_staff_a, village, commune_b, district, person_a, person_b
):
    village_person = make_person(unit=village, full_name="Lê Văn Thôn")
    client.force_login(unit_staff_a)

    response = client.get(reverse("awards:dossier_update", args=[dossier_a.pk]))

    html = response.content.decode()
    # The page writes the rows without building forms: the choices are read from the HTML.
    units = [label for value, label in _options(html, "nominations-0-nominee_unit") if value]
    people = [value for value, label in _options(html, "nominations-0-person") if value]
    assert [u.strip("— ") for u in units] == ["UBND xã An Hải", "Thôn Đông"]
    assert sorted(people) == sorted([str(person_a.pk), str(village_person.pk)])
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


# --- "Already awarded": the nomination check reads the award history --------------------
AWARDED = "Đã được tặng «Giấy khen của Chủ tịch UBND huyện» cho thành tích năm 2026"
ISSUED_AT = datetime.datetime(2026, 12, 15, 10, tzinfo=datetime.UTC)


def _awarded_elsewhere(district, person, campaign_office, approver):
    """An issued decision of another plan of the same year giving `person` the same form."""
    from decisions import services as decisions

    other = award_campaign(district)
    dossier = make_dossier(other, person.unit, state=DossierState.DECIDED)
    nomination = nominate(dossier, person=person)
    Nomination.objects.filter(pk=nomination.pk).update(
        state=NominationState.APPROVED, appraisal=Appraisal.PROPOSE
    )
    round_ = round_of(other)
    decision = decisions.draft_decision(round_, round_.forms.get(), by=campaign_office)
    decisions.issue_decision(decision, by=approver, now=ISSUED_AT)
    decision.refresh_from_db()
    return decision


def test_an_issued_decision_refuses_the_same_form_for_the_same_year(
    dossier_a, person_a, district, unit_staff_a, campaign_office, approver
):
    decision = _awarded_elsewhere(district, person_a, campaign_office, approver)
    nominate(dossier_a, person=person_a)

    problems = dossier_problems(dossier_a)

    assert problems == [
        f"Nguyễn Thị Ánh: {AWARDED} theo Quyết định số {decision.number_text} ngày "
        "15/12/2026 của Chủ tịch Ủy ban nhân dân huyện Thử: một thành tích chỉ được khen "
        "thưởng một lần."
    ]
    with pytest.raises(WorkflowError, match="theo Quyết định số 1/QĐ-UBND ngày 15/12/2026"):
        transition_dossier(dossier_a, "submit", by=unit_staff_a)
    # The decision's own nomination is not "already awarded" by it.
    assert dossier_problems(decision.lines.get().nomination.dossier) == []


def test_approval_refuses_a_nominee_awarded_since_submission(
    dossier_a, person_a, district, campaign_office, approver
):
    from awards.services import approve_nomination

    nomination = nominate(dossier_a, person=person_a)
    Dossier.objects.filter(pk=dossier_a.pk).update(state=DossierState.APPRAISED)
    Nomination.objects.filter(pk=nomination.pk).update(appraisal=Appraisal.PROPOSE)
    _awarded_elsewhere(district, person_a, campaign_office, approver)

    with pytest.raises(WorkflowError, match="Đã được tặng"):
        approve_nomination(Nomination.objects.get(pk=nomination.pk), by=approver)
    assert Nomination.objects.get(pk=nomination.pk).state == NominationState.PROPOSED


def test_a_revoked_award_does_not_count(dossier_a, person_a, district, campaign_office, approver):
    from decisions import services as decisions
    from decisions.enums import DecisionKind

    decision = _awarded_elsewhere(district, person_a, campaign_office, approver)
    revocation = decisions.draft_correction(
        decision, DecisionKind.REVOKE, by=campaign_office, reason="Khen nhầm người"
    )
    decisions.issue_decision(revocation, by=approver, now=ISSUED_AT)
    nominate(dossier_a, person=person_a)

    assert dossier_problems(dossier_a) == []


@pytest.mark.parametrize(
    ("form_name", "decided", "year", "counts"),
    [
        # The spreadsheet's wording of the same form, with the place; the year given.
        ("Giấy khen của Chủ tịch Ủy ban nhân dân huyện Thử", (2027, 1, 10), 2026, True),
        # No year: the decision's year.
        ("Giấy khen của chủ tịch UBND huyện", (2026, 12, 20), None, True),
        ("Giấy khen của Chủ tịch UBND huyện", (2026, 1, 10), 2025, False),
        ("Bằng khen của Chủ tịch UBND tỉnh", (2026, 12, 20), None, False),
    ],
)
def test_an_imported_past_award_counts_for_the_same_form_and_year(
    dossier_a, commune_a, campaign_office, form_name, decided, year, counts
):
    from decisions.models import PastAward

    PastAward.objects.create(
        nominee_kind="collective",
        nominee_unit=commune_a,
        name=commune_a.name,
        form_name=form_name,
        decision_number="125/QĐ-UBND",
        decision_date=datetime.date(*decided),
        achievement_year=year,
        issuer="UBND huyện Thử",
        scope=commune_a.parent,
        imported_by=campaign_office,
    )
    nominate(dossier_a, unit=commune_a)

    problems = dossier_problems(dossier_a)

    if counts:
        day = datetime.date(*decided).strftime("%d/%m/%Y")
        assert problems == [
            f"UBND xã An Hải: Đã được tặng «{form_name}» cho thành tích năm 2026 theo Quyết "
            f"định số 125/QĐ-UBND ngày {day} của UBND huyện Thử: một thành tích chỉ được "
            "khen thưởng một lần."
        ]
    else:
        assert problems == []


def test_a_form_the_round_does_not_offer(client, dossier_a, people_a, campaign_office):
    """The dossier page reads whether the round offers each nomination's form with the
    nominations (awards.views._nominations); the submission check from the round's forms:
    both name the form the round does not offer, and a round naming no form offers all."""
    offered, other = dossier_a.round.forms.get(), dossier_a.round.forms.get()
    other.pk, other.local_id, other.name = None, "bang-khen", "Bằng khen của Chủ tịch UBND tỉnh"
    other.save()
    nominate(dossier_a, person=people_a[0], form=offered)
    nominate(dossier_a, person=people_a[1], form=other)
    Dossier.objects.filter(pk=dossier_a.pk).update(state=DossierState.SUBMITTED)
    client.force_login(campaign_office)
    url = reverse("awards:dossier_detail", args=[dossier_a.pk])
    problem = "Đợt này không xét hình thức «Bằng khen của Chủ tịch UBND tỉnh»."
    html = client.get(url).content.decode()
    assert html.count(problem) == 1
    assert any(problem in p for p in dossier_problems(dossier_a))

    dossier_a.round.forms.clear()
    html = client.get(url).content.decode()
    assert "Đợt này không xét hình thức" not in html
    assert not any("Đợt này không xét hình thức" in p for p in dossier_problems(dossier_a))
