"""Filing a dossier in headless Chromium, on a desktop (1366 px) and a phone (390x844):
donvi1 (UBND xã Tri Hải) adds rows without saving, files 2 collectives and 3 individuals
with an achievement report each plus two files at once, in one save."""

import io

import pytest
from django.core.management import call_command

from awards.models import Dossier
from campaigns.models import AwardRound
from tests.browser.conftest import log_in
from units.models import Person, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = {"mimeType": "application/pdf"}


def pdf(name, n):
    return {"name": name, "buffer": f"%PDF-1.7\n{n}".encode(), **PDF}


def test_unit_files_a_dossier_in_one_save(live_server, browser, screenshot):
    call_command("load_demo", "--no-work", stdout=io.StringIO())
    round_ = AwardRound.objects.get(campaign__key="seed-000-ninh-hai")
    tri_hai = Unit.objects.get(code="NT-NH-TRH")
    village = Unit.objects.create(
        code="NT-NH-TRH-KP",
        name="Thôn Khánh Phước",
        kind="village",
        level="commune",
        parent=tri_hai,
    )
    people = list(Person.objects.filter(unit=tri_hai).order_by("code"))[:3]
    form_id = str(round_.forms.order_by("order", "pk").first().pk)

    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    log_in(page, live_server, "donvi1")
    page.goto(f"{live_server.url}/khen-thuong/")
    page.get_by_test_id(f"start-{round_.pk}").click()
    page.wait_for_load_state("networkidle")
    dossier = Dossier.objects.get(round=round_, unit=tri_hai)
    assert page.url.endswith(f"/khen-thuong/ho-so/{dossier.pk}/sua/")

    page.get_by_label("Số Tờ trình").fill("15/TTr-UBND")
    page.get_by_label("Ngày Tờ trình").fill("20/11/2026")
    page.get_by_label("Người ký Tờ trình").fill("Nguyễn Văn An")
    page.get_by_label("Ngày họp Hội đồng").fill("18/11/2026")
    page.get_by_label("Tổng số thành viên Hội đồng").fill("7")
    page.get_by_label("Số thành viên có mặt").fill("7")

    rows = page.locator("[data-row]")
    assert rows.count() == 1
    for _ in range(4):
        page.get_by_role("button", name="Thêm người, tập thể được đề nghị").click()
    assert rows.count() == 5
    # A row added by mistake goes away without a save.
    page.get_by_role("button", name="Thêm người, tập thể được đề nghị").click()
    rows.nth(5).get_by_role("button", name="Bỏ dòng này").click()
    assert rows.count() == 5

    nominees = [("collective", tri_hai.pk), ("collective", village.pk)] + [
        ("individual", p.pk) for p in people
    ]
    for i, (kind, pk) in enumerate(nominees):
        row = rows.nth(i)
        row.locator('select[name$="-nominee_kind"]').select_option(kind)
        field = "nominee_unit" if kind == "collective" else "person"
        other = "person" if kind == "collective" else "nominee_unit"
        assert row.locator(f'select[name$="-{other}"]').is_hidden()
        assert row.locator('input[name$="-household_head"]').is_hidden()
        row.locator(f'select[name$="-{field}"]').select_option(str(pk))
        row.locator('select[name$="-form"]').select_option(form_id)
        row.locator('input[name$="-votes_for"]').fill("7")
        row.locator('textarea[name$="-achievement_summary"]').fill(
            f"Thành tích chuyển đổi số tiêu biểu số {i + 1}."
        )
        row.locator('input[name$="-report_file"]').set_input_files(pdf(f"bao-cao-{i + 1}.pdf", i))
    page.get_by_label("Loại tài liệu").select_option("minutes")
    page.locator('input[name="file"]').set_input_files(
        [pdf("bien-ban-hop.pdf", 10), pdf("to-trinh.pdf", 11)]
    )
    screenshot(page, "awards-1-desktop-filled")
    page.get_by_role("button", name="Lưu hồ sơ", exact=True).click()
    page.wait_for_load_state("networkidle")

    body = page.locator("body").inner_text()
    assert "Đã lưu hồ sơ." in body
    assert dossier.nominations.count() == 5
    assert dossier.attachments.count() == 7
    assert dossier.attachments.filter(kind="achievement", nomination__isnull=False).count() == 5
    assert "Đủ các thành phần đợt khen thưởng yêu cầu." in body
    screenshot(page, "awards-2-desktop-saved")
    context.close()

    # On a phone, the checks panel sits above the submit buttons.
    phone = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = phone.new_page()
    page.set_default_timeout(15000)
    log_in(page, live_server, "donvi1")
    page.goto(f"{live_server.url}/khen-thuong/ho-so/{dossier.pk}/sua/")
    checks = page.locator("[data-testid=checks]").locator("visible=true")
    assert checks.count() == 1
    submit = page.get_by_test_id("save-and-submit")
    assert checks.bounding_box()["y"] < submit.bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "awards-3-phone-form")
    submit.click()
    page.wait_for_load_state("networkidle")
    dossier.refresh_from_db()
    assert dossier.state == "submitted"
    screenshot(page, "awards-4-phone-submitted")
    phone.close()
