"""The office returns a dossier; the unit sees the bell, reads why, and lands on the dossier."""

import pytest
from django.core import mail

from awards.enums import DossierState
from awards.models import Dossier
from awards.services import return_dossier
from tests.browser.conftest import log_in
from tests.factories.awards import award_campaign, make_dossier
from tests.factories.units import PASSWORD, make_unit, make_user
from units.enums import Role, UnitKind, UnitLevel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Thiếu biên bản họp Hội đồng Thi đua - Khen thưởng xã."


def test_returned_dossier_rings_the_bell(live_server, page, screenshot, settings):
    settings.SITE_URL = live_server.url
    district = make_unit(
        name="UBND huyện Thử", kind=UnitKind.PEOPLES_COMMITTEE, level=UnitLevel.DISTRICT
    )
    commune = make_unit(parent=district, name="UBND xã An Hải")
    office = make_user(
        unit=district, roles=[Role.CAMPAIGN_OFFICE], body=district, username="vanphong_t"
    )
    make_user(unit=commune, roles=[Role.UNIT_STAFF], username="donvi_t", email="donvi@example.vn")
    dossier = make_dossier(award_campaign(district), commune)
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.SUBMITTED)

    return_dossier(dossier, by=office, reason=REASON)  # commits: the task runs in process

    [message] = mail.outbox
    assert f"Lý do: {REASON}" in message.body
    assert f"{live_server.url}/khen-thuong/ho-so/{dossier.pk}/" in message.body

    log_in(page, live_server, "donvi_t", password=PASSWORD)
    assert page.get_by_test_id("bell-count").inner_text() == "1"
    screenshot(page, "notifications-bell")
    page.get_by_test_id("bell").click()
    page.wait_for_load_state("networkidle")
    item = page.get_by_test_id("notification")
    assert "Hồ sơ đề nghị khen thưởng của UBND xã An Hải bị trả lại" in item.inner_text()
    assert REASON in item.inner_text()
    assert "Mới" in item.inner_text()
    screenshot(page, "notifications-list")

    item.get_by_role("button", name="Hồ sơ đề nghị khen thưởng").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/khen-thuong/ho-so/{dossier.pk}/"
    assert REASON in page.locator("body").inner_text()  # the reason on the dossier page too
    assert page.get_by_test_id("bell-count").count() == 0
    screenshot(page, "notifications-opened-dossier")

    page.goto(f"{live_server.url}/thong-bao/cai-dat/")
    assert page.locator("h1").inner_text() == "Cách nhận thông báo"
    screenshot(page, "notifications-preferences")
