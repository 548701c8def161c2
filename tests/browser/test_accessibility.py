"""Every main page, as each demo account sees it, at 1366 px and at 390 px: axe-core
(from package-lock.json, injected by the test) finds no critical or serious violation,
and no page is wider than the screen."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from awards.rules import can_propose_upward
from campaigns.models import Campaign
from reports.models import ReportObligation
from tests.browser.conftest import CHROMIUM, SCREENSHOTS, log_in
from units.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
BLOCKING = {"critical", "serious"}
# Pages kept as screenshots (artifacts/screenshots) for a person to look at.
SHOTS = {"thong-ke-khen-thuong", "bao-cao-tong-hop-van-ban", "de-nghi-cap-tren"}


def _first(queryset):
    obj = queryset.order_by("pk").first()
    return obj


def _pages(username):
    """(name, path) of the pages this account works on, from the demo data."""
    user = User.objects.get(username=username)
    pages = [
        ("bang-dieu-khien", reverse("core:dashboard")),
        ("ke-hoach", reverse("campaigns:campaign_list")),
        ("ho-so", reverse("awards:dossier_list")),
        ("bao-cao", reverse("reports:report_list")),
    ]
    from awards.selectors import dossiers_visible_to
    from campaigns.selectors import campaigns_visible_to
    from reports.selectors import obligations_managed_by, submissions_visible_to

    campaign = _first(campaigns_visible_to(user).filter(key="seed-000-ninh-hai"))
    if campaign is not None:
        pages.append(
            ("ke-hoach-chi-tiet", reverse("campaigns:campaign_detail", args=[campaign.pk]))
        )
    dossier = _first(dossiers_visible_to(user))
    if dossier is not None:
        pages.append(("ho-so-chi-tiet", reverse("awards:dossier_detail", args=[dossier.pk])))
        pages.append(("ho-so-lich-su", reverse("awards:dossier_history", args=[dossier.pk])))
        if user.has_perm("awards.change_dossier", dossier):
            pages.append(("ho-so-sua", reverse("awards:dossier_update", args=[dossier.pk])))
    submission = _first(submissions_visible_to(user))
    if submission is not None:
        pages.append(("bao-cao-don-vi", reverse("reports:submission_detail", args=[submission.pk])))
        if user.has_perm("reports.change_reportsubmission", submission):
            pages.append(
                ("bao-cao-don-vi-sua", reverse("reports:submission_update", args=[submission.pk]))
            )
    obligation = _first(obligations_managed_by(user))
    if obligation is not None:
        pages.append(("bao-cao-tong-hop", reverse("reports:dashboard", args=[obligation.pk])))
    rollup = _first(obligations_managed_by(user).filter(rolls_up=True))
    if rollup is not None:
        pages.append(("bao-cao-cap-duoi", reverse("reports:rollup", args=[rollup.pk])))
    from scoring.selectors import scored_campaigns_for

    scored = _first(scored_campaigns_for(user))
    if scored is not None:
        if user.has_perm("scoring.enter_scores", scored):
            pages.append(("cham-diem", reverse("scoring:grid", args=[scored.pk])))
        pages.append(("xep-hang", reverse("scoring:ranking", args=[scored.pk])))
    if user.has_role("campaign_office", "appraiser", "approver", "admin"):
        url = reverse("decisions:annual_statistics")
        pages.append(("thong-ke-khen-thuong", f"{url}?nam=2023"))
    from reports.models import ConsolidatedReport

    report = _first(ConsolidatedReport.objects.filter(obligation__in=obligations_managed_by(user)))
    if report is not None:
        pages.append(
            ("bao-cao-tong-hop-van-ban", reverse("reports:consolidated_update", args=[report.pk]))
        )
    if username == "chutich":
        round_ = _first(Campaign.objects.get(key="seed-000-ninh-hai").awardround_set.all())
        pages.append(("phe-duyet", reverse("awards:approval", args=[round_.pk])))
    final = Campaign.objects.get(key="seed-001-dak-song").awardround_set.get(
        local_id="tong-ket-2025"
    )
    # The rule, not has_perm: a superuser holds every permission, but sending a body's
    # proposals up is its own office's or chairman's act (the page is 404 to others).
    if can_propose_upward(user, final):  # proposals to the province
        pages.append(("phe-duyet-tong-ket", reverse("awards:approval", args=[final.pk])))
        pages.append(("de-nghi-cap-tren", reverse("awards:propose_upward", args=[final.pk])))
    return pages


def _violations(page):
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
            }));
        }"""
    )
    return [v for v in found if v["impact"] in BLOCKING]


@pytest.mark.parametrize(
    "username",
    [
        "donvi1",
        "vanphong",
        "thamdinh",
        "chutich",
        "quantri",
        "vanphong_dsong",
        "vanphong_daknong",
        "vanphong_ninhthuan",
    ],
)
def test_pages_have_no_serious_accessibility_violation(live_server, browser, username):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: scripts/setup.sh runs npm ci (package-lock.json)")
    call_command("load_demo", stdout=io.StringIO())
    assert Path(CHROMIUM).exists()
    axe_source = AXE.read_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for label, (width, height) in VIEWPORTS.items():
        # The strict Content-Security-Policy forbids inline scripts: the checker is
        # evaluated through the DevTools protocol, which the policy does not govern.
        context = browser.new_context(
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            viewport={"width": width, "height": height},
            bypass_csp=True,
        )
        page = context.new_page()
        page.set_default_timeout(20000)
        log_in(page, live_server, username)
        for name, path in _pages(username):
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, (username, path, response.status)
            page.evaluate(axe_source)
            for violation in _violations(page):
                problems.append(f"{label} {name}: {violation}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 1:
                problems.append(f"{label} {name}: page wider than the screen by {overflow}px")
            if name in SHOTS:
                page.screenshot(
                    path=str(SCREENSHOTS / f"{username}-{label}-{name}.png"), full_page=True
                )
        context.close()
    assert problems == [], "\n".join(problems)


def test_demo_has_the_objects_these_pages_need(db):
    # Keeps the page list honest: without these the test above would check less.
    call_command("load_demo", stdout=io.StringIO())
    assert Campaign.objects.filter(key="seed-000-ninh-hai").exists()
    assert ReportObligation.objects.exists()
    office = User.objects.get(username="vanphong")
    from scoring.selectors import scored_campaigns_for

    assert scored_campaigns_for(office).exists()
    province = User.objects.get(username="vanphong_ninhthuan")
    from reports.selectors import obligations_managed_by

    assert obligations_managed_by(province).filter(rolls_up=True).exists()
