import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from core.models import TransitionLog
from reports import services
from reports.documents import consolidated_xlsx, render_consolidated_report_pdf
from reports.enums import SubmissionState
from tests.factories.reports import FULL, RATE, SIGNED, WEBSITE, make_submission

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AT = datetime.datetime(2026, 11, 10, 9, 30, tzinfo=VN)
NOW = datetime.datetime(2026, 11, 20, 8, 0, tzinfo=VN)


@pytest.fixture
def filed(obligation, commune_a, office_unit):
    make_submission(
        obligation, commune_a, state=SubmissionState.SUBMITTED, submitted_at=AT, values=FULL
    )
    late = make_submission(
        obligation,
        office_unit,
        state=SubmissionState.SUBMITTED,
        submitted_at=AT,
        is_late=True,
        values={RATE: 62, SIGNED: 100, WEBSITE: 0},
    )
    late.answers.filter(section__order=3).update(text="Thiếu kinh phí đầu tư hạ tầng.")
    return obligation


@pytest.fixture
def report(filed, campaign_office):
    return services.compile_consolidated(filed, 2026, by=campaign_office, now=NOW)


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(
        " ".join(page.extract_text().split()) for page in reader.pages
    )


def test_compiled_from_the_submissions(report, campaign):
    assert report.title == (
        "Kết quả thực hiện phong trào thi đua thử số " + campaign.title.rsplit(" ", 1)[-1]
    )
    assert (report.issuing_body_line, report.symbol, report.signer_name) == (
        "ỦY BAN NHÂN DÂN\nHUYỆN THỬ",
        "BC-UBND",
        "Nguyễn Văn A",
    )
    sections = [(s.heading, s.body, s.shows_attainment) for s in report.sections.all()]
    assert sections[0] == (
        "",
        f"Thực hiện Kế hoạch của UBND huyện Thử {campaign.title[:1].lower()}{campaign.title[1:]}, "
        "kết quả thực hiện năm 2026 được tổng hợp từ báo cáo của các đơn vị như sau:",
        False,
    )
    assert sections[1] == (
        "I. TÌNH HÌNH GỬI BÁO CÁO VÀ KẾT QUẢ CÁC CHỈ TIÊU, TIÊU CHÍ",
        "Tính đến ngày 20 tháng 11 năm 2026, có 2/4 đơn vị gửi báo cáo (1 đơn vị đúng hạn, "
        "1 đơn vị nộp muộn). Đơn vị chưa gửi báo cáo: Phòng Nội vụ, UBND xã Bình Hải. "
        "Đơn vị nộp muộn: Phòng Văn hóa và Thông tin.",
        True,
    )
    assert [heading for heading, _body, _shows in sections[2:]] == [
        "II. CÔNG TÁC TRIỂN KHAI, TỔ CHỨC THỰC HIỆN",
        "III. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG THI ĐUA",
        "IV. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    assert sections[4][1] == (
        "- Phòng Văn hóa và Thông tin: Thiếu kinh phí đầu tư hạ tầng.\n"
        "- UBND xã An Hải: Đơn vị đã triển khai đầy đủ."
    )


def test_compile_is_once_per_year_and_office_only(report, filed, campaign_office, other_office):
    assert services.compile_consolidated(filed, 2026, by=campaign_office) == report
    with pytest.raises(PermissionDenied):
        services.compile_consolidated(filed, 2026, by=other_office)


def test_recompile_replaces_the_edited_narrative_and_is_logged(report, campaign_office):
    report.sections.filter(order=1).update(body="Đã sửa.")
    services.recompile_consolidated(report, by=campaign_office, now=NOW)
    assert report.sections.get(order=1).body.startswith("Thực hiện Kế hoạch")
    assert [log.action for log in TransitionLog.objects.for_object(report)] == [
        "compile",
        "recompile",
    ]


def test_pdf_in_the_decree_30_layout_with_the_attainment_table(report):
    report.number = "45"
    report.issue_day, report.issue_month, report.issue_year = 5, 12, 2026
    report.save()
    pages, text = pdf_text(render_consolidated_report_pdf(report))
    assert pages == 2
    for expected in [
        "ỦY BAN NHÂN DÂN HUYỆN THỬ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 45/BC-UBND",
        "Thử, ngày 05 tháng 12 năm 2026",
        "BÁO CÁO Kết quả thực hiện phong trào thi đua thử số",
        "có 2/4 đơn vị gửi báo cáo",
        "≥ 50% (cấp xã); ≥ 75% (cấp huyện)",
        "Trang thông tin điện tử công khai đầy đủ Có 1 1 2 50%",
        "- UBND xã An Hải: Đơn vị đã triển khai đầy đủ.",
        "Nơi nhận: - Lưu: VT.",
        "CHỦ TỊCH",
        "Nguyễn Văn A",
    ]:
        assert expected in text, expected
    # The table follows section I, before section II.
    assert text.index("Tỷ lệ đạt") < text.index("II. CÔNG TÁC TRIỂN KHAI")


def test_excel_holds_the_table_and_every_unit(report):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(consolidated_xlsx(report)))
    table = workbook["Kết quả chỉ tiêu"]
    assert [c.value for c in table[4]] == [
        "STT",
        "Chỉ tiêu, tiêu chí",
        "Ngưỡng",
        "Đạt",
        "Không đạt",
        "Chưa có số liệu",
        "Tỷ lệ đạt",
    ]
    assert [c.value for c in table[5]] == [
        1,
        RATE,
        "≥ 50% (cấp xã); ≥ 75% (cấp huyện)",
        1,
        1,
        2,
        "50%",
    ]
    units = workbook["Đơn vị"]
    assert [units.cell(row=r, column=2).value for r in range(2, 6)] == [
        "Phòng Văn hóa và Thông tin",
        "Phòng Nội vụ",
        "UBND xã An Hải",
        "UBND xã Bình Hải",
    ]
    assert units.cell(row=4, column=4).value == "62% (≥ 50%)"


def test_office_edits_and_downloads(client, report, campaign_office, other_office):
    client.force_login(campaign_office)
    url = reverse("reports:consolidated_update", args=[report.pk])
    page = client.get(url)
    formset = page.context["formset"]
    data = {
        "governing_body_line": "",
        "issuing_body_line": "ỦY BAN NHÂN DÂN\nHUYỆN THỬ",
        "number": "45",
        "symbol": "BC-UBND",
        "place": "Thử",
        "issue_day": "5",
        "issue_month": "13",
        "issue_year": "2026",
        "title": report.title,
        "recipients": "UBND tỉnh (b/c);\nLưu: VT.",
        "signature_lines": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "signer_name": "Lê Văn B",
        "sections-TOTAL_FORMS": str(len(formset.forms)),
        "sections-INITIAL_FORMS": str(formset.initial_form_count()),
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
    }
    for i, form in enumerate(formset.forms):
        instance = form.instance
        data.update(
            {
                f"sections-{i}-id": instance.pk or "",
                f"sections-{i}-report": report.pk,
                f"sections-{i}-order": instance.order,
                f"sections-{i}-heading": instance.heading,
                f"sections-{i}-body": instance.body,
            }
        )
        if instance.shows_attainment:
            data[f"sections-{i}-shows_attainment"] = "on"
    data["sections-1-body"] = "Có 2/4 đơn vị gửi báo cáo."
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"issue_month": ["Tháng phải từ 1 đến 12."]}
    data["issue_month"] = "12"
    response = client.post(url, data)
    assert response["Location"] == url
    report.refresh_from_db()
    assert (report.number, report.signer_name, report.sections.get(order=2).body) == (
        "45",
        "Lê Văn B",
        "Có 2/4 đơn vị gửi báo cáo.",
    )

    pdf = client.get(reverse("reports:consolidated_download", args=[report.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].endswith('-2026.pdf"')
    _pages, text = pdf_text(pdf.content)
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text and "Có 2/4 đơn vị gửi báo cáo." in text
    xlsx = client.get(reverse("reports:consolidated_download", args=[report.pk, "xlsx"]))
    assert xlsx.content[:2] == b"PK"

    client.force_login(other_office)
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("reports:consolidated_download", args=[report.pk, "pdf"])).status_code
        == 404
    )


def test_compile_view_makes_one_and_redirects(client, filed, campaign_office):
    client.force_login(campaign_office)
    response = client.post(
        reverse("reports:consolidated_compile", args=[filed.pk]), {"year": "2026"}
    )
    report = filed.consolidated_reports.get()
    assert response["Location"] == reverse("reports:consolidated_update", args=[report.pk])


def test_render_report_command(report, tmp_path):
    pdf, xlsx = tmp_path / "bao-cao.pdf", tmp_path / "bao-cao.xlsx"
    out = io.StringIO()
    call_command("render_report", str(report.pk), "--output", str(pdf), stdout=out)
    call_command("render_report", str(report.pk), "--output", str(xlsx), stdout=io.StringIO())
    assert out.getvalue() == f"Đã in báo cáo tổng hợp #{report.pk} ra {pdf}\n"
    pages, text = pdf_text(pdf.read_bytes())
    assert (pages, "BÁO CÁO" in text) == (2, True)
    assert xlsx.read_bytes()[:2] == b"PK"
    with pytest.raises(CommandError, match="Không có báo cáo tổng hợp 999999."):
        call_command("render_report", "999999", "--output", str(pdf))
    with pytest.raises(CommandError, match=r"\.pdf hoặc \.xlsx"):
        call_command("render_report", str(report.pk), "--output", str(tmp_path / "x.docx"))
