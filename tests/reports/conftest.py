import pytest

from tests.factories.reports import make_obligation, report_campaign


@pytest.fixture
def campaign(district, office_unit, home_affairs_unit, commune_a, commune_b):
    return report_campaign(district)


@pytest.fixture
def obligation(campaign):
    return make_obligation(campaign)


# The Playwright harness (headless Chromium, screenshots) lives with the browser tests.
from tests.browser.conftest import browser, page, screenshot  # noqa: E402, F401
