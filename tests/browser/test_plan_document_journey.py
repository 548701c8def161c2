import io

import pytest
from django.core.management import call_command

from bench import plan_import_quality as quality
from campaigns.models import Campaign
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_drafts_a_plan_from_its_word_file_confirms_and_publishes(
    live_server, page, screenshot, tmp_path
):
    call_command("load_demo", stdout=io.StringIO())
    path = tmp_path / "ke-hoach-ninh-hai.docx"
    path.write_bytes(quality.seed_to_docx(quality.seed_text(quality.SEED_JSON[0])))
    log_in(page, live_server, "vanphong")
    demo_plans = set(Campaign.objects.values_list("pk", flat=True))

    page.goto(f"{live_server.url}/ke-hoach/")
    page.click("text=Tạo từ văn bản Word/PDF")
    page.set_input_files("input[name=file]", str(path))
    screenshot(page, "plan-document-upload")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")

    campaign = Campaign.objects.exclude(pk__in=demo_plans).get()  # the one drafted now
    assert page.url == f"{live_server.url}/ke-hoach/{campaign.pk}/"
    card = page.locator("[data-testid=recognised]")
    assert "cần xác nhận" in card.inner_text()
    assert "Không quá 03 tập thể và 05 cá nhân" in card.inner_text()
    screenshot(page, "plan-document-draft")
    # The office gives the plan its number and date before it goes out.
    page.goto(f"{live_server.url}/ke-hoach/{campaign.pk}/sua/")
    page.fill("input[name=number]", "25")
    page.fill("input[name=issue_day]", "5")
    page.fill("input[name=issue_month]", "4")
    page.fill("input[name=issue_year]", "2027")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.check("[data-testid=confirm-publish]")
    page.click("[data-testid=action-publish]")
    page.wait_for_load_state("networkidle")
    assert "chưa được xác nhận" in page.locator("body").inner_text()

    page.click("[data-testid=confirm-recognised]")
    page.wait_for_load_state("networkidle")
    page.check("[data-testid=confirm-publish]")
    page.click("[data-testid=action-publish]")
    page.wait_for_load_state("networkidle")
    campaign.refresh_from_db()
    assert campaign.state == "published"
    screenshot(page, "plan-document-published")
