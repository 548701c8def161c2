import pytest

from tests.factories.reports import make_obligation, report_campaign


@pytest.fixture
def campaign(district, office_unit, home_affairs_unit, commune_a, commune_b):
    return report_campaign(district)


@pytest.fixture
def obligation(campaign):
    return make_obligation(campaign)
