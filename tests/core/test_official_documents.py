"""The official-document base (core.models.OfficialDocument), the document template
layout and the one download helper (core.http.file_response)."""

import datetime
import re
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from campaigns.models import Campaign
from core.documents import NBSP
from core.http import (
    ascii_filename,
    content_disposition,
    document_name,
    file_response,
    name_part,
)
from core.models import OfficialDocument
from reports import services
from reports.models import ConsolidatedReport
from tests.factories.campaigns import make_campaign
from tests.factories.reports import make_obligation, report_campaign

ROOT = Path(settings.BASE_DIR)
BASE_FIELDS = [
    "issuing_body",
    "governing_body_line",
    "issuing_body_line",
    "number",
    "symbol",
    "place",
    "issue_day",
    "issue_month",
    "issue_year",
    "title",
    "signing_prefix",
    "signature_lines",
    "signer_name",
]


@pytest.mark.parametrize("model", [Campaign, ConsolidatedReport])
def test_documents_share_the_base_with_the_same_columns(model):
    assert issubclass(model, OfficialDocument)
    for name in BASE_FIELDS:
        field = model._meta.get_field(name)
        assert field.column == (f"{name}_id" if name == "issuing_body" else name)
        assert type(field) is type(OfficialDocument._meta.get_field(name))


def test_each_document_keeps_its_own_symbol_default():
    assert Campaign._meta.get_field("symbol").default == "KH-UBND"
    assert ConsolidatedReport._meta.get_field("symbol").default == "BC-UBND"


def test_one_number_line_for_pages_and_print(district):
    campaign = make_campaign(district)
    campaign.number, campaign.symbol = "", "KH-UBND"
    assert campaign.number_line == f"Số: {NBSP * 8}/KH-UBND"  # room to write the number
    campaign.number = "12"
    assert campaign.number_line == "Số: 12/KH-UBND"
    assert campaign.header_context()["number_line"] == campaign.number_line


@pytest.fixture
def report(district, office_unit, campaign_office):
    obligation = make_obligation(report_campaign(district))
    now = datetime.datetime(2026, 11, 20, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    return services.compile_consolidated(obligation, 2026, by=campaign_office, now=now)


def test_the_consolidated_report_is_issued_by_the_plans_body(report, district):
    campaign = report.obligation.campaign
    assert report.issuing_body == campaign.issuing_body == district
    assert report.signing_prefix == campaign.signing_prefix
    report.number, report.place = "45", "Ninh Hải"
    report.issue_day, report.issue_month, report.issue_year = 5, 2, 2026
    assert report.number_line == "Số: 45/BC-UBND"
    assert report.date_line == "Ninh Hải, ngày 05 tháng 02 năm 2026"
    closing = report.closing_context()
    assert closing["recipient_lines"] == report.recipient_lines()
    assert closing["recipient_lines"][-1] == "Lưu: VT."
    assert closing["signer_name"] == report.signer_name


def test_document_templates_live_under_documents_per_app():
    """templates/documents/: base.html, includes/ (shared), one folder per app."""
    calls = []
    for path in ROOT.glob("*/documents.py"):
        calls += re.findall(r'render_pdf\(\s*"([^"]+)"', path.read_text(encoding="utf-8"))
    assert sorted(calls) == [
        "documents/campaigns/plan.html",
        "documents/reports/consolidated_report.html",
        "documents/scoring/ranking.html",
    ]
    # every document template named in the code (apps, benches, scripts) exists
    named = set()
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] not in {".venv", "tests"}:
            named |= set(re.findall(r'"(documents/[\w/]+\.html)"', path.read_text("utf-8")))
    assert {n for n in named if not (ROOT / "templates" / n).exists()} == set()
    top = {p.name for p in (ROOT / "templates" / "documents").iterdir()}
    assert top == {
        "base.html",
        "minimal.html",
        "includes",
        "awards",
        "campaigns",
        "reports",
        "scoring",
    }
    assert not (ROOT / "templates" / "reports" / "documents").exists()


# --- downloads ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ke-hoach-15-kh-ubnd.pdf", 'attachment; filename="ke-hoach-15-kh-ubnd.pdf"'),
        (
            "Báo cáo xã Đắk Song.pdf",
            'attachment; filename="Bao-cao-xa-Dak-Song.pdf"; '
            "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20x%C3%A3%20%C4%90%E1%BA%AFk%20Song.pdf",
        ),
        (
            'a"b\r\nSet-Cookie: x.pdf',
            'attachment; filename="a-bSet-Cookie-x.pdf"; '
            "filename*=UTF-8''a%22bSet-Cookie%3A%20x.pdf",
        ),
        (
            "../../etc/passwd",
            "attachment; filename=\"etc-passwd\"; filename*=UTF-8''..-..-etc-passwd",
        ),
    ],
)
def test_content_disposition_has_an_ascii_name_and_the_exact_one(name, expected):
    header = content_disposition(name)
    assert header == expected
    assert "\r" not in header and "\n" not in header


def test_ascii_filename_is_never_empty():
    assert ascii_filename("Ảnh.png") == "Anh.png"
    assert ascii_filename("???.pdf") == "tep.pdf"
    assert ascii_filename("") == "tep"


def test_name_part_is_a_lower_case_ascii_slug_cut_at_a_dash():
    label = "Khen thưởng tổng kết phong trào thi đua (năm 2024 và năm 2025)"
    assert name_part(label) == "khen-thuong-tong-ket-phong-trao-thi-dua-nam-2024-va-nam-2025"
    assert name_part("Đắk Nông", 80) == "dak-nong"
    assert name_part(label, 20) == "khen-thuong-tong-ket"
    assert name_part("???") == ""


def test_document_name_is_the_number_the_title_and_the_year():
    plan = SimpleNamespace(
        number="",
        symbol="KH-UBND",
        title="Phát động phong trào thi đua “Chuyển đổi số” trên địa bàn huyện Đắk Song",
        year=2024,
    )
    assert document_name("ke-hoach", plan) == (
        "ke-hoach-phat-dong-phong-trao-thi-dua-chuyen-doi-so-tren-dia-ban-huyen-dak-song-2024"
    )
    plan.number, plan.title = "15", "Phát động thi đua năm 2024"
    assert document_name("ke-hoach", plan) == "ke-hoach-15-kh-ubnd-phat-dong-thi-dua-nam-2024"
    plan.year = None
    assert document_name("ke-hoach", plan) == "ke-hoach-15-kh-ubnd-phat-dong-thi-dua-nam-2024"


def test_file_response_for_bytes_and_for_a_stored_file():
    response = file_response(b"%PDF-1.7", "Kế hoạch.pdf", "application/pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="Ke-hoach.pdf";')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response.content == b"%PDF-1.7"

    streamed = file_response(ContentFile(b"abc", name="x"), "Biên bản.docx", "application/x")
    assert streamed.streaming
    assert streamed["Content-Disposition"].startswith('attachment; filename="Bien-ban.docx";')
    assert b"".join(streamed.streaming_content) == b"abc"


def test_every_download_view_goes_through_the_helper(client, report, campaign_office, admin_user):
    campaign = report.obligation.campaign
    client.force_login(campaign_office)
    urls = [
        reverse("campaigns:campaign_export", args=[campaign.pk]),
        reverse("reports:consolidated_download", args=[report.pk, "xlsx"]),
        reverse("reports:dashboard_export", args=[report.obligation.pk, "trang-thai"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment; filename="), url
        assert response["X-Content-Type-Options"] == "nosniff", url
    # the plan's JSON by its number, title and year, not by its key
    assert client.get(urls[0])["Content-Disposition"] == (
        f'attachment; filename="ke-hoach-12-kh-ubnd-{name_part(campaign.title)}-2026.json"'
    )
    assert campaign.key not in client.get(urls[0])["Content-Disposition"]
    client.force_login(admin_user)
    response = client.get(reverse("units:import_template", args=["units", "csv"]))
    assert response["X-Content-Type-Options"] == "nosniff"
    # no view builds a Content-Disposition by hand any more
    hand_made = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("*/*.py")
        if "Content-Disposition" in path.read_text(encoding="utf-8")
        and path.parent.name not in {".venv", "tests"}
    ]
    assert hand_made == ["core/http.py"]
