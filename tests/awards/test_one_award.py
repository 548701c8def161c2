"""One achievement, one award (Luật Điều 5): two dossiers proposing one nominee for one
form of a round are flagged to the office on both, and the second approval is refused."""

import pytest
from django.urls import reverse

from awards.enums import Appraisal, DossierState, NominationState
from awards.models import Dossier
from awards.services import approve_nomination, bulk_decide
from core.services import WorkflowError
from tests.factories.awards import make_dossier, nominate
from tests.factories.units import make_person, make_unit

WARNING = "một thành tích chỉ được khen thưởng một lần"


@pytest.fixture
def shared(campaign, commune_a, commune_b):
    """A village under commune A, and a person, both proposed by A and by B."""
    village = make_unit(parent=commune_a, name="Thôn Chung", kind="village")
    person = make_person(unit=village, full_name="Lê Thị Chung")
    dossier_a = make_dossier(campaign, commune_a, state=DossierState.SUBMITTED)
    dossier_b = make_dossier(campaign, commune_b, state=DossierState.SUBMITTED)
    a = [nominate(dossier_a, unit=village), nominate(dossier_a, person=person)]
    b = [nominate(dossier_b, unit=village), nominate(dossier_b, person=person)]
    return dossier_a, dossier_b, a, b


def test_office_sees_the_warning_on_both_dossiers(client, campaign_office, shared):
    dossier_a, dossier_b, _a, _b = shared
    client.force_login(campaign_office)
    for dossier, other in ((dossier_a, "UBND xã Bình Hải"), (dossier_b, "UBND xã An Hải")):
        html = client.get(reverse("awards:dossier_detail", args=[dossier.pk])).content.decode()
        assert html.count('data-testid="duplicate"') == 2
        assert f"trong hồ sơ của {other}: {WARNING}" in html


def test_unit_staff_do_not_see_other_units_dossiers(client, unit_staff_a, shared):
    dossier_a, *_ = shared
    client.force_login(unit_staff_a)
    html = client.get(reverse("awards:dossier_detail", args=[dossier_a.pk])).content.decode()
    assert "UBND xã Bình Hải" not in html


def test_no_warning_against_a_draft_or_another_form(client, campaign_office, shared):
    dossier_a, dossier_b, _a, _b = shared
    Dossier.objects.filter(pk=dossier_b.pk).update(state=DossierState.DRAFT)
    client.force_login(campaign_office)
    html = client.get(reverse("awards:dossier_detail", args=[dossier_a.pk])).content.decode()
    assert 'data-testid="duplicate"' not in html


def test_second_approval_is_refused(approver, shared):
    dossier_a, dossier_b, a, b = shared
    Dossier.objects.filter(pk__in=[dossier_a.pk, dossier_b.pk]).update(state=DossierState.APPRAISED)
    for n in (*a, *b):
        n.appraisal = Appraisal.PROPOSE
        n.save()

    approve_nomination(a[0], by=approver)
    approve_nomination(b[1], by=approver)
    with pytest.raises(
        WorkflowError, match="Thôn Chung đã được đề nghị trong hồ sơ của UBND xã An Hải"
    ):
        approve_nomination(b[0], by=approver)
    done, refused = bulk_decide([a[1]], "approve", by=approver)
    assert done == [] and "trong hồ sơ của UBND xã Bình Hải" in refused[0][1]
    b[0].refresh_from_db()
    assert b[0].state == NominationState.PROPOSED
