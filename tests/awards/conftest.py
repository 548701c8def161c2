import pytest

from tests.factories.awards import award_campaign, make_dossier
from tests.factories.units import make_person


@pytest.fixture
def campaign(district):
    return award_campaign(district, quota={"max_collective": 3, "max_individual": 5})


@pytest.fixture
def dossier_a(campaign, commune_a):
    return make_dossier(campaign, commune_a)


@pytest.fixture
def people_a(commune_a):
    return [make_person(unit=commune_a, full_name=f"Cán bộ A{i}") for i in range(6)]
