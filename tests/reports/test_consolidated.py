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
from reports.models import SectionAnswer
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
        "Kết quả thực hiện phong trào thi đua thử số "
        + campaign.title.rsplit(" ", 1)[-1]
        + " năm 2026"
    )
    assert (report.issuing_body_line, report.symbol, report.signer_name) == (
        "ỦY BAN NHÂN DÂN\nHUYỆN THỬ",
        "BC-UBND",
        "Nguyễn Văn A",
    )
    sections = [(s.key, s.heading, s.body, s.shows_attainment) for s in report.sections.all()]
    assert sections[0] == (
        "intro",
        "",
        f"Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2026 của UBND huyện Thử {campaign.title[:1].lower()}{campaign.title[1:]}, "
        "UBND huyện Thử báo cáo kết quả thực hiện năm 2026, tổng hợp từ báo cáo của các đơn vị, "
        "như sau:",
        False,
    )
    # Figures are printed from the snapshot, never stored as text to edit.
    assert sections[1] == (
        "participation",
        "I. TÌNH HÌNH GỬI BÁO CÁO VÀ KẾT QUẢ CÁC CHỈ TIÊU, TIÊU CHÍ",
        "",
        True,
    )
    assert [(key, heading) for key, heading, _body, _shows in sections[2:]] == [
        ("results", "II. KẾT QUẢ ĐẠT ĐƯỢC"),
        ("limits", "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"),
        ("lessons", "IV. BÀI HỌC KINH NGHIỆM"),
        ("direction", "V. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"),
        ("proposals", "VI. ĐỀ XUẤT, KIẾN NGHỊ"),
    ]
    bodies = {key: body for key, _heading, body, _shows in sections}
    # Two unit sections feed the results: each under its own title.
    assert bodies["results"] == (
        "Công tác triển khai, tổ chức thực hiện:\n"
        "- Phòng Văn hóa và Thông tin: Đơn vị đã triển khai đầy đủ.\n"
        "- UBND xã An Hải: Đơn vị đã triển khai đầy đủ.\n"
        "Kết quả thực hiện các nội dung thi đua:\n"
        "- Phòng Văn hóa và Thông tin: Đơn vị đã triển khai đầy đủ.\n"
        "- UBND xã An Hải: Đơn vị đã triển khai đầy đủ."
    )
    assert bodies["limits"] == (
        "- Phòng Văn hóa và Thông tin: Thiếu kinh phí đầu tư hạ tầng.\n"
        "- UBND xã An Hải: Đơn vị đã triển khai đầy đủ."
    )
    assert bodies["lessons"] == "" and bodies["direction"] == ""
    assert all(s.compiled_body == s.body and not s.is_edited for s in report.sections.all())
    # The level above receives it first.
    assert report.recipients.splitlines()[-1] == "Lưu: VT."


def test_the_snapshot_states_participation_and_figures_with_denominators(report):
    from reports.compilation import participation_text, target_rows

    assert participation_text(report.snapshot) == (
        "Tính đến 08:00 ngày 20/11/2026, có 2/4 đơn vị gửi báo cáo (1 đúng hạn, 1 nộp muộn). "
        "Nộp muộn: Phòng Văn hóa và Thông tin. "
        "2 đơn vị chưa gửi báo cáo: Phòng Nội vụ, UBND xã Bình Hải."
    )
    rows = [
        (r["label"], r["level"], r["threshold"], r["figure"], r["met"])
        for r in target_rows(report.snapshot)
    ]
    assert rows == [
        (
            RATE,
            "Cấp huyện",
            "≥ 75%",
            "bình quân 62% (1/2 đơn vị có số liệu)",
            "0/1 đơn vị có số liệu",
        ),
        (RATE, "Cấp xã", "≥ 50%", "bình quân 62% (1/2 đơn vị có số liệu)", "1/1 đơn vị có số liệu"),
        (
            SIGNED,
            "Cấp huyện",
            "= 100%",
            "bình quân 100% (1/2 đơn vị có số liệu)",
            "1/1 đơn vị có số liệu",
        ),
        (
            SIGNED,
            "Cấp xã",
            "= 100%",
            "bình quân 100% (1/2 đơn vị có số liệu)",
            "1/1 đơn vị có số liệu",
        ),
        (
            WEBSITE,
            "Cấp huyện",
            "Có",
            "có: 0/1 đơn vị (1/2 đơn vị có số liệu)",
            "0/1 đơn vị có số liệu",
        ),
        (
            WEBSITE,
            "Cấp xã",
            "Có",
            "có: 1/1 đơn vị (1/2 đơn vị có số liệu)",
            "1/1 đơn vị có số liệu",
        ),
    ]


def test_counts_are_summed_with_thousands(district, commune_a, commune_b, campaign_office):
    from tests.factories.reports import make_obligation, report_campaign

    campaign = report_campaign(
        district,
        criteria=[
            {
                "text": "Số hộ dùng thanh toán không dùng tiền mặt",
                "indicator": "Số hộ thanh toán số",
                "comparator": ">=",
                "value": 1000,
            }
        ],
    )
    obligation = make_obligation(campaign)
    make_submission(
        obligation,
        commune_a,
        state=SubmissionState.SUBMITTED,
        submitted_at=AT,
        values={"Số hộ thanh toán số": 12000},
    )
    make_submission(
        obligation,
        commune_b,
        state=SubmissionState.SUBMITTED,
        submitted_at=AT,
        values={"Số hộ thanh toán số": 950},
    )
    report = services.compile_consolidated(obligation, 2026, by=campaign_office, now=NOW)
    from reports.compilation import target_rows

    # The office (district level) has not reported; the two communes have.
    office_row, row = target_rows(report.snapshot)
    assert office_row["figure"] == "chưa có số liệu (0/1 đơn vị)"
    assert (row["threshold"], row["figure"], row["met"]) == (
        "≥ 1.000",
        "tổng 12.950 (2/2 đơn vị có số liệu)",
        "1/2 đơn vị có số liệu",
    )


def test_compile_is_once_per_year_and_office_only(report, filed, campaign_office, other_office):
    assert services.compile_consolidated(filed, 2026, by=campaign_office) == report
    with pytest.raises(PermissionDenied):
        services.compile_consolidated(filed, 2026, by=other_office)


LATER = datetime.datetime(2026, 11, 25, 10, 15, tzinfo=VN)


def test_text_and_tables_agree_before_and_after_a_second_unit_reports(
    report, filed, commune_b, campaign_office
):
    from reports.compilation import participation_text

    # Bình Hải reports after the compilation: the printed report keeps one snapshot…
    make_submission(filed, commune_b, state=SubmissionState.SUBMITTED, submitted_at=AT, values=FULL)
    _pages, text = pdf_text(render_consolidated_report_pdf(report))
    assert "có 2/4 đơn vị gửi báo cáo" in text
    assert "bình quân 62% (1/2 đơn vị có số liệu) 1/1 đơn vị có số liệu" in text
    # …until the office recompiles: then text and table move together.
    services.recompile_consolidated(report, by=campaign_office, now=LATER)
    report.refresh_from_db()
    assert participation_text(report.snapshot).startswith(
        "Tính đến 10:15 ngày 25/11/2026, có 3/4 đơn vị gửi báo cáo (2 đúng hạn, 1 nộp muộn)."
    )
    _pages, text = pdf_text(render_consolidated_report_pdf(report))
    assert "có 3/4 đơn vị gửi báo cáo" in text
    assert "Cấp xã ≥ 50% bình quân 62% (2/2 đơn vị có số liệu) 2/2 đơn vị có số liệu" in text


def test_recompile_keeps_edited_text_updates_the_rest_and_says_what_changed(
    report, filed, commune_b, campaign_office
):
    limits = report.sections.get(key="limits")
    limits.body = "Đoạn văn cơ quan đã viết lại."
    limits.save()
    make_submission(
        filed,
        commune_b,
        state=SubmissionState.SUBMITTED,
        submitted_at=AT,
        values={RATE: 80, SIGNED: 100, WEBSITE: 1},
    )
    SectionAnswer.objects.filter(submission__unit=commune_b, section__order=3).update(
        text="Thiếu người phụ trách công nghệ thông tin."
    )
    result = services.recompile_consolidated(report, by=campaign_office, now=LATER)
    report.refresh_from_db()
    limits.refresh_from_db()
    assert limits.body == "Đoạn văn cơ quan đã viết lại."
    assert "Thiếu người phụ trách công nghệ thông tin." in limits.compiled_body
    assert limits.is_edited
    results = report.sections.get(key="results")
    assert "UBND xã Bình Hải" in results.body and not results.is_edited
    assert result["kept"] == ["III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"]
    assert "II. KẾT QUẢ ĐẠT ĐƯỢC" in result["updated"]
    assert ("Số đơn vị gửi báo cáo", "2/4", "3/4") in result["figures"]
    assert (
        f"{RATE} (cấp xã)",
        "bình quân 62% (1/2 đơn vị có số liệu); đạt: 1/1 đơn vị có số liệu",
        "bình quân 71% (2/2 đơn vị có số liệu); đạt: 2/2 đơn vị có số liệu",
    ) in result["figures"]
    from reports.compilation import participation_text, target_rows

    assert participation_text(report.snapshot).startswith(
        "Tính đến 10:15 ngày 25/11/2026, có 3/4 đơn vị gửi báo cáo (2 đúng hạn, 1 nộp muộn)."
    )
    assert target_rows(report.snapshot)[1]["figure"] == "bình quân 71% (2/2 đơn vị có số liệu)"
    _pages, text = pdf_text(render_consolidated_report_pdf(report))
    assert "có 3/4 đơn vị gửi báo cáo" in text and "Đoạn văn cơ quan đã viết lại." in text
    logs = list(TransitionLog.objects.for_object(report))
    assert [log.action for log in logs] == ["compile", "recompile"]
    assert ["Số đơn vị gửi báo cáo", "2/4", "3/4"] in logs[-1].data["changes"]
    assert "Giữ nội dung cơ quan đã sửa: III. TỒN TẠI" in logs[-1].data["summary"]


def test_pdf_in_the_decree_30_layout_with_targets_and_annex(report):
    report.number = "45"
    report.issue_day, report.issue_month, report.issue_year = 5, 12, 2026
    report.save()
    pages, text = pdf_text(render_consolidated_report_pdf(report))
    assert pages == 3
    for expected in [
        "ỦY BAN NHÂN DÂN HUYỆN THỬ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 45/BC-UBND",
        "Thử, ngày 05 tháng 12 năm 2026",
        "BÁO CÁO Kết quả thực hiện phong trào thi đua thử số",
        "Tính đến 08:00 ngày 20/11/2026, có 2/4 đơn vị gửi báo cáo",
        "Cấp xã ≥ 50% bình quân 62% (1/2 đơn vị có số liệu) 1/1 đơn vị có số liệu",
        "- UBND xã An Hải: Đơn vị đã triển khai đầy đủ.",
        "CHỦ TỊCH",
        "Nguyễn Văn A",
        "PHỤ LỤC SỐ LIỆU CỦA TỪNG ĐƠN VỊ",
        "(Kèm theo Báo cáo số 45/BC-UBND của UBND huyện Thử; số liệu tổng hợp lúc 08:00 20/11/2026)",
        "UBND xã An Hải Đã nộp 62% 100% Có",
        "Phòng Văn hóa và Thông tin Nộp muộn 62%* 100% Không*",
        "UBND xã Bình Hải Chưa nộp — — —",
    ]:
        assert expected in text, expected
    # No decision of the campaign yet: no award results.
    assert "Kết quả khen thưởng" not in text
    # Never a bare rate: every figure states its denominator.
    assert "Tỷ lệ đạt" not in text
    # The table follows section I, before section II.
    assert text.index("Số đơn vị đạt") < text.index("II. KẾT QUẢ ĐẠT ĐƯỢC")


def test_a_wide_annex_prints_landscape(report):
    from reports.compilation import annex

    assert annex(report.snapshot)["landscape"] is False
    wide = {**report.snapshot, "indicators": report.snapshot["indicators"] * 2}
    assert annex(wide)["landscape"] is True


def test_excel_holds_the_same_figures_and_every_unit(report):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(consolidated_xlsx(report)))
    table = workbook["Kết quả chỉ tiêu"]
    assert table["A2"].value.startswith("Tính đến 08:00 ngày 20/11/2026, có 2/4 đơn vị")
    assert [c.value for c in table[5]] == [
        "STT",
        "Chỉ tiêu, tiêu chí",
        "Cấp",
        "Ngưỡng",
        "Kết quả tổng hợp",
        "Số đơn vị đạt",
    ]
    assert [c.value for c in table[7]] == [
        None,
        None,
        "Cấp xã",
        "≥ 50%",
        "bình quân 62% (1/2 đơn vị có số liệu)",
        "1/1 đơn vị có số liệu",
    ]
    units = workbook["Phụ lục đơn vị"]
    assert [units.cell(row=r, column=2).value for r in range(4, 8)] == [
        "Phòng Văn hóa và Thông tin",
        "Phòng Nội vụ",
        "UBND xã An Hải",
        "UBND xã Bình Hải",
    ]
    assert [units.cell(row=6, column=c).value for c in range(4, 8)] == [
        "Đã nộp",
        "62%",
        "100%",
        "Có",
    ]


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
    # named by its number, symbol and title (with the year), not by the plan's internal code
    n = report.obligation.campaign.title.rsplit(" ", 1)[1]  # "… thi đua thử số 3"
    assert pdf["Content-Disposition"] == (
        'attachment; filename="bao-cao-45-bc-ubnd-ket-qua-thuc-hien-phong-trao-thi-dua-thu-so-'
        f'{n}-nam-2026.pdf"'
    )
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
    assert (pages, "BÁO CÁO" in text, "PHỤ LỤC" in text) == (3, True, True)
    assert xlsx.read_bytes()[:2] == b"PK"
    with pytest.raises(CommandError, match="Không có báo cáo tổng hợp 999999."):
        call_command("render_report", "999999", "--output", str(pdf))
    with pytest.raises(CommandError, match=r"\.pdf hoặc \.xlsx"):
        call_command("render_report", str(report.pk), "--output", str(tmp_path / "x.docx"))


def _page_data(report, formset):
    data = {
        "governing_body_line": report.governing_body_line,
        "issuing_body_line": report.issuing_body_line,
        "number": report.number,
        "symbol": report.symbol,
        "place": report.place,
        "issue_day": "",
        "issue_month": "",
        "issue_year": "",
        "title": report.title,
        "recipients": report.recipients,
        "signature_lines": report.signature_lines,
        "signer_name": report.signer_name,
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
    return data


def test_the_page_recompiles_without_losing_what_was_typed_and_confirms_a_replacement(
    client, report, filed, commune_b, campaign_office
):
    client.force_login(campaign_office)
    url = reverse("reports:consolidated_update", args=[report.pk])
    page = client.get(url)
    assert "Tính đến 08:00 ngày 20/11/2026, có 2/4 đơn vị gửi báo cáo" in page.content.decode()
    make_submission(
        filed,
        commune_b,
        state=SubmissionState.SUBMITTED,
        submitted_at=LATER,
        state_changed_at=LATER,
        values=FULL,
    )
    page = client.get(url)
    assert 'data-testid="stale"' in page.content.decode()
    formset = page.context["formset"]
    data = _page_data(report, formset)
    limits_index = next(i for i, f in enumerate(formset.forms) if f.instance.key == "limits")
    # Typed but not saved yet: "Lưu và tổng hợp lại" saves it first, then keeps it.
    data[f"sections-{limits_index}-body"] = "Cơ quan viết lại phần hạn chế."
    data["recompile"] = "1"
    response = client.post(url, data)
    assert response["Location"] == url
    limits = report.sections.get(key="limits")
    assert limits.body == "Cơ quan viết lại phần hạn chế."
    page = client.get(url)
    html = page.content.decode()
    assert "có 3/4 đơn vị gửi báo cáo" in html
    assert 'data-testid="recompile-changes"' in html and "2/4" in html and "3/4" in html
    assert 'data-testid="compiled-differs"' in html
    assert "Đã tổng hợp lại số liệu." in html
    # Replacing typed text goes through a confirmation page.
    data = _page_data(report, page.context["formset"])
    data["reset_section"] = str(limits.pk)
    response = client.post(url, data)
    confirm = reverse("reports:consolidated_section_reset", args=[report.pk, limits.pk])
    assert response["Location"] == confirm
    limits.refresh_from_db()
    assert limits.body == "Cơ quan viết lại phần hạn chế."
    html = client.get(confirm).content.decode()
    assert "Cơ quan viết lại phần hạn chế." in html and "Thiếu kinh phí đầu tư hạ tầng." in html
    client.post(confirm, {})
    limits.refresh_from_db()
    assert limits.body == "Cơ quan viết lại phần hạn chế."
    client.post(confirm, {"confirm": "1"})
    limits.refresh_from_db()
    assert limits.body == limits.compiled_body and not limits.is_edited
    last = list(TransitionLog.objects.for_object(report))[-1]
    assert last.data["changes"][0][1] == "Cơ quan viết lại phần hạn chế."


def test_the_confirmation_page_is_scoped(client, report, other_office):
    section = report.sections.get(key="limits")
    client.force_login(other_office)
    url = reverse("reports:consolidated_section_reset", args=[report.pk, section.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "1"}).status_code == 404


@pytest.mark.parametrize("units", [1, 20])
def test_consolidated_page_queries_do_not_grow_with_units(
    client, district, campaign_office, units, django_assert_num_queries
):
    from tests.factories.reports import make_obligation, report_campaign
    from tests.factories.units import make_unit

    for _ in range(units):
        make_unit(parent=district)
    obligation = make_obligation(report_campaign(district))
    for unit in obligation_units_of(obligation):
        make_submission(
            obligation, unit, state=SubmissionState.SUBMITTED, submitted_at=AT, values=FULL
        )
    report = services.compile_consolidated(obligation, 2026, by=campaign_office, now=NOW)
    client.force_login(campaign_office)
    url = reverse("reports:consolidated_update", args=[report.pk])
    client.get(url)
    with django_assert_num_queries(CONSOLIDATED_PAGE_QUERIES):
        response = client.get(url)
    assert len(response.context["snapshot"]["units"]) == units + 1


def obligation_units_of(obligation):
    from reports.selectors import obligation_units

    return list(obligation_units(obligation))


CONSOLIDATED_PAGE_QUERIES = 9
