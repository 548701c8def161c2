"""Every page of writing a plan, as the campaign office uses it, at 1366 px and at 390 px:
axe-core finds no critical or serious violation and no page is wider than the screen
(issue 13: "0 critical and 0 serious violations on the plan pages"). The draft is a copy
of the demo's scored plan with an appendix, so every part editor has rows to label."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from campaigns.forms import PARTS
from campaigns.models import Appendix, Campaign, Section
from campaigns.services import copy_campaign
from tests.browser.conftest import CHROMIUM, log_in
from tests.browser.test_accessibility import AXE, VIEWPORTS, _violations
from units.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _draft(office):
    scored = (
        Campaign.objects.filter(
            criterion_set__points__isnull=False, issuing_body__name__contains="Ninh Hải"
        )
        .distinct()
        .order_by("pk")
        .first()
    )
    assert scored is not None, "the demo has a scored plan of UBND huyện Ninh Hải"
    draft = copy_campaign(scored, by=office, year=2027)
    if not draft.appendix_set.exists():
        Appendix.objects.create(
            campaign=draft,
            order=1,
            label="Phụ lục I",
            title="BẢNG CHẤM ĐIỂM",
            blocks=[
                {"type": "paragraph", "runs": [{"text": "Điểm chuẩn 100."}]},
                {
                    "type": "table",
                    "header_rows": 1,
                    "rows": [
                        [
                            {"runs": [{"text": "Tiêu chí", "bold": True}]},
                            {"runs": [{"text": "Điểm"}]},
                        ],
                        [{"runs": [{"text": "Cổng thông tin"}]}, {"runs": [{"text": "10"}]}],
                    ],
                },
            ],
        )
    return draft


def _plan_pages(draft, published):
    pages = [
        ("tao-moi", reverse("campaigns:campaign_create")),
        ("nhap-json", reverse("campaigns:campaign_import")),
        ("nhap-van-ban", reverse("campaigns:campaign_import_document")),
        ("du-thao", reverse("campaigns:campaign_detail", args=[draft.pk])),
        ("sua", reverse("campaigns:campaign_update", args=[draft.pk])),
    ]
    pages += [
        (f"phan-{part}", reverse("campaigns:campaign_parts", args=[draft.pk, part]))
        for part in PARTS
    ]
    section = Section.objects.filter(campaign=draft).order_by("order", "pk").first()
    pages.append(("doan-van", reverse("campaigns:section_paragraphs", args=[draft.pk, section.pk])))
    pages += [
        ("da-ban-hanh", reverse("campaigns:campaign_detail", args=[published.pk])),
        ("danh-sach-dang-ky", reverse("campaigns:registration_list", args=[published.pk])),
        ("cong-khai", reverse("campaigns:campaign_public", args=[published.key])),
    ]
    return pages


def test_plan_pages_have_no_serious_accessibility_violation(live_server, browser):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: scripts/setup.sh runs npm ci (package-lock.json)")
    assert Path(CHROMIUM).exists()
    call_command("load_demo", stdout=io.StringIO())
    office = User.objects.get(username="vanphong")
    draft = _draft(office)
    published = Campaign.objects.get(key="seed-000-ninh-hai")
    pages = _plan_pages(draft, published)
    assert len(pages) == 5 + len(PARTS) + 4
    axe_source = AXE.read_text()
    problems = []
    for label, (width, height) in VIEWPORTS.items():
        context = browser.new_context(
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            viewport={"width": width, "height": height},
            bypass_csp=True,
        )
        page = context.new_page()
        page.set_default_timeout(20000)
        log_in(page, live_server, "vanphong")
        for name, path in pages:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, (name, path, response.status)
            page.evaluate(axe_source)
            for violation in _violations(page):
                problems.append(f"{label} {name}: {violation}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 1:
                problems.append(f"{label} {name}: page wider than the screen by {overflow}px")
        context.close()
    assert problems == [], "\n".join(problems)
