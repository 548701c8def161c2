import pytest

from awards.enums import Appraisal, DossierState, NominationState
from awards.models import Dossier, Nomination
from tests.factories.awards import award_campaign, make_dossier, nominate, round_of
from tests.factories.units import make_person, make_unit


@pytest.fixture
def campaign(district):
    return award_campaign(district, quota={"max_collective": 3, "max_individual": 5})


@pytest.fixture
def award_round(campaign):
    return round_of(campaign)


@pytest.fixture
def award_form(award_round):
    return award_round.forms.get()


def approved_nominations(
    campaign, commune, *, collectives=2, individuals=3, prefix="Nguyễn Văn Bình"
):
    """A decided dossier of `commune` with its nominations approved (set directly: the
    approval itself is the awards app's and tested there)."""
    dossier = Dossier.objects.filter(
        round=round_of(campaign), unit=commune
    ).first() or make_dossier(
        campaign, commune, letter_number="05/TTr-UBND", state=DossierState.DECIDED
    )
    rows = []
    for i in range(collectives):
        unit = make_unit(parent=commune, name=f"Thôn Mỹ Tân {i + 1}", kind="village")
        rows.append(nominate(dossier, unit=unit, order=i))
    for i in range(individuals):
        person = make_person(unit=commune, full_name=f"{prefix} {i + 1}", position="Chuyên viên")
        rows.append(nominate(dossier, person=person, order=10 + i))
    Nomination.objects.filter(pk__in=[n.pk for n in rows]).update(
        state=NominationState.APPROVED, appraisal=Appraisal.PROPOSE
    )
    return rows


@pytest.fixture
def nominations(campaign, commune_a):
    return approved_nominations(campaign, commune_a)
