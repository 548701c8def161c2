import io

import pytest
from django.core.management import call_command

from campaigns.models import Campaign
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_creates_publishes_and_downloads_a_plan(live_server, page, screenshot, tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    log_in(page, live_server, "vanphong")

    page.goto(f"{live_server.url}/ke-hoach/tao-moi/")
    page.select_option("select[name=issuing_body]", label="UBND huyện Ninh Hải")
    page.fill("textarea[name=issuing_body_line]", "ỦY BAN NHÂN DÂN\nHUYỆN NINH HẢI")
    page.fill("textarea[name=title]", "Phát động phong trào thi đua Cải cách hành chính năm 2027")
    page.fill("input[name=place]", "Ninh Hải")
    page.fill("input[name=number]", "15")
    page.fill("input[name=issue_day]", "5")
    page.fill("input[name=issue_month]", "1")
    page.fill("input[name=issue_year]", "2027")
    # The form starts from the office's last plan (signed KT.); this one the chairman signs.
    page.select_option("select[name=signing_prefix]", "")
    page.fill("textarea[name=signature_lines]", "CHỦ TỊCH")
    page.fill("input[name=signer_name]", "Trần Minh Thái")
    screenshot(page, "campaign-create-form")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    campaign = Campaign.objects.get(
        title="Phát động phong trào thi đua Cải cách hành chính năm 2027"
    )
    assert page.url == f"{live_server.url}/ke-hoach/{campaign.pk}/"
    assert "Dự thảo" in page.locator("body").inner_text()

    # An empty plan is not published: its first section is written in place.
    page.check("[data-testid=confirm-publish]")
    page.click("[data-testid=action-publish]")
    page.wait_for_load_state("networkidle")
    assert "còn thiếu ít nhất một mục nội dung" in page.locator("body").inner_text()
    page.goto(f"{live_server.url}/ke-hoach/{campaign.pk}/phan/muc/")
    page.fill("input[name=section_set-0-numbering], textarea[name=section_set-0-numbering]", "I.")
    page.fill(
        "textarea[name=section_set-0-heading], input[name=section_set-0-heading]",
        "MỤC ĐÍCH, YÊU CẦU",
    )
    page.select_option("select[name=section_set-0-role]", "purpose")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/ke-hoach/{campaign.pk}/")
    page.check("[data-testid=confirm-publish]")
    page.click("[data-testid=action-publish]")
    page.wait_for_load_state("networkidle")
    assert "Đã ban hành" in page.locator("body").inner_text()
    screenshot(page, "campaign-published")

    with page.expect_download() as info:
        page.click("[data-testid=download-pdf]")
    path = tmp_path / "ke-hoach.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
    campaign.refresh_from_db()
    assert campaign.state == "published"
