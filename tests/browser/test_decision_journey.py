"""Browser journey: after the chairman's approvals of seed 000's round (the demo), the office
drafts the award decision, the chairman issues it as 1/QĐ-UBND, its PDF lists every awardee
with the amounts, the certificates job renders one page each with its progress bar, and a
certificate's verification page and the public award list show the awardees."""

import io
import subprocess
import tempfile

import pytest
from django.core.management import call_command

from campaigns.models import AwardRound
from decisions import services
from decisions.models import Decision
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def approved_round():
    """Seed 000's round as the demo leaves it (the chairman's approvals done), without the
    decision the demo issues, so the office can draft it again through the pages."""
    round_ = AwardRound.objects.get(campaign__key="seed-000-ninh-hai", local_id="tong-ket-2023")
    Decision.objects.all().delete()
    form = round_.forms.get()
    nominations = list(services.eligible_nominations(round_, form))
    assert nominations, "the demo approves some of seed 000's nominations"
    return round_, nominations


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(  # noqa: S603 - a fixed program on our own file
            ["/usr/bin/pdftotext", "-layout", handle.name, "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    return " ".join(out.split())


def pdf_pages(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(  # noqa: S603 - a fixed program on our own file
            ["/usr/bin/pdfinfo", handle.name], capture_output=True, check=True, text=True
        ).stdout
    return int(next(line for line in out.splitlines() if line.startswith("Pages:")).split()[1])


def test_office_drafts_chairman_issues_certificates_and_public_pages(live_server, page, screenshot):
    call_command("load_demo", stdout=io.StringIO())
    round_, nominations = approved_round()
    names = [n.nominee_name for n in nominations]
    kinds = {n.nominee_kind for n in nominations}
    # The issue's done-when: 3 collectives and 5 individuals, the plan's quota filled.
    assert sorted(n.nominee_kind for n in nominations) == ["collective"] * 3 + ["individual"] * 5

    log_in(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/quyet-dinh/")
    page.click("[data-testid=new-decision]")
    page.click(f"a[href='/khen-thuong/dot/{round_.pk}/lap-quyet-dinh/']")
    page.wait_for_load_state("networkidle")
    screenshot(page, "decision-draft-choose")
    page.click("[data-testid=draft-1]")
    page.wait_for_load_state("networkidle")
    decision = Decision.objects.get()
    assert page.url.endswith(f"/quyet-dinh/{decision.pk}/")
    assert "Dự thảo" in page.locator("[data-testid=state]").inner_text()
    screenshot(page, "decision-draft")

    page.context.clear_cookies()
    log_in(page, live_server, "chutich")
    page.goto(f"{live_server.url}/quyet-dinh/{decision.pk}/")
    page.click("[data-testid=action-issue]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=number]").inner_text() == "1/QĐ-UBND"
    screenshot(page, "decision-issued")

    with page.expect_download() as download:
        page.click("[data-testid=pdf]")
    text = pdf_text(open(download.value.path(), "rb").read())
    for name in names:
        assert name in text
    assert "Số: 1/QĐ-UBND" in text
    if "collective" in kinds:
        assert "1.410.000" in text  # 0,6 × 2.340.000 đ, rounded up to 10.000 đ
    if "individual" in kinds:
        assert "710.000" in text  # 0,3 × 2.340.000 đ

    page.click("[data-testid=certificates]")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("[data-testid=batch-download]")
    bar = page.locator("[data-testid=batch] [data-role=bar]").first
    done = f"{len(names)}/{len(names)}"
    assert bar.inner_text() == done
    page.reload()  # the bar survives a reload: it is read from the server
    assert page.locator("[data-testid=batch] [data-role=bar]").first.inner_text() == done
    with page.expect_download() as download:
        page.locator("[data-testid=batch-download]").first.click()
    assert pdf_pages(open(download.value.path(), "rb").read()) == len(names) == 8
    page.locator("#giay-khen").scroll_into_view_if_needed()
    screenshot(page, "decision-certificates")

    code = decision.lines.order_by("order").first().verification_code
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/xac-minh/{code}/")
    assert "Giấy khen hợp lệ." in page.locator("main").inner_text()
    screenshot(page, "decision-verify")
    page.goto(f"{live_server.url}/cong-khai/quyet-dinh/{decision.pk}/")
    public = page.locator("[data-testid=public-name]").all_inner_texts()
    assert sorted(public) == sorted(names)
    screenshot(page, "decision-public-list")

    # Each awardee's history shows the decision (the office looks a commune up, no accents).
    log_in(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/tra-cuu-khen-thuong/?q=xuan+hai")
    rows = page.locator("tbody tr").all_inner_texts()
    assert any("UBND xã Xuân Hải" in row and "1/QĐ-UBND" in row for row in rows), rows
    screenshot(page, "decision-award-history")
