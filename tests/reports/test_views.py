import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from core.models import TransitionLog
from reports import selectors
from reports.enums import SubmissionState
from reports.models import ReportSubmission, SubmissionAttachment
from tests.factories.reports import FULL, RATE, SIGNED, WEBSITE, make_submission
from tests.factories.units import make_unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AT = datetime.datetime(2026, 11, 10, 9, 30, tzinfo=VN)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("reports:report_list", {}, "/bao-cao/"),
        ("reports:obligation_create", {"milestone_pk": 3}, "/bao-cao/tao-tu-moc/3/"),
        ("reports:obligation_update", {"pk": 7}, "/bao-cao/7/sua/"),
        ("reports:dashboard", {"pk": 7}, "/bao-cao/7/tong-hop/"),
        (
            "reports:dashboard_export",
            {"pk": 7, "kind": "so-lieu"},
            "/bao-cao/7/tong-hop/so-lieu.xlsx",
        ),
        ("reports:submission_start", {"pk": 7}, "/bao-cao/7/lap/"),
        ("reports:consolidated_compile", {"pk": 7}, "/bao-cao/7/bao-cao-tong-hop/"),
        ("reports:submission_detail", {"pk": 9}, "/bao-cao/don-vi/9/"),
        ("reports:submission_update", {"pk": 9}, "/bao-cao/don-vi/9/sua/"),
        (
            "reports:submission_transition",
            {"pk": 9, "action": "return"},
            "/bao-cao/don-vi/9/chuyen/return/",
        ),
        ("reports:submission_history", {"pk": 9}, "/bao-cao/don-vi/9/lich-su/"),
        ("reports:attachment_download", {"pk": 4}, "/bao-cao/tep/4/"),
        ("reports:consolidated_update", {"pk": 2}, "/bao-cao/tong-hop/2/sua/"),
        ("reports:consolidated_download", {"pk": 2, "fmt": "pdf"}, "/bao-cao/tong-hop/2.pdf"),
    ],
)
def test_reverse_and_resolve(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    assert resolve(path).view_name == name


def form_data(obligation, values, *, text="Đơn vị đã triển khai đầy đủ.", **extra):
    data = {f"section_{s.pk}": text for s in obligation.sections.all()}
    by_label = {i.label: i for i in obligation.indicators.all()}
    for label, value in values.items():
        data[f"indicator_{by_label[label].pk}"] = value
    data.update(extra)
    return data


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_unit_staff_start_fill_and_submit(client, obligation, commune_a, unit_staff_a):
    client.force_login(unit_staff_a)
    page = client.get(reverse("reports:report_list"))
    assert f'data-testid="start-report-{obligation.pk}"' in page.content.decode()

    response = client.post(
        reverse("reports:submission_start", args=[obligation.pk]),
        {"unit": commune_a.pk, "year": "2026"},
    )
    submission = ReportSubmission.objects.get(unit=commune_a)
    assert response["Location"] == reverse("reports:submission_update", args=[submission.pk])

    response = client.post(
        reverse("reports:submission_update", args=[submission.pk]),
        form_data(obligation, {RATE: "62", SIGNED: "100", WEBSITE: "1"}, submit="1"),
    )
    assert response["Location"] == reverse("reports:submission_detail", args=[submission.pk])
    submission.refresh_from_db()
    assert (submission.state, submission.submitted_by) == (SubmissionState.SUBMITTED, unit_staff_a)
    assert {v.indicator.label: str(v.value) for v in submission.values.all()} == {
        RATE: "62.00",
        SIGNED: "100.00",
        WEBSITE: "1.00",
    }
    detail = client.get(response["Location"]).content.decode()
    assert "62%" in detail and "≥ 50%" in detail
    # Read-only now: the edit page is refused and no edit button shows.
    assert client.get(reverse("reports:submission_update", args=[submission.pk])).status_code == 403
    assert 'data-testid="edit"' not in detail


def test_invalid_values_show_a_message_per_field_and_keep_what_was_typed(
    client, obligation, commune_a, unit_staff_a
):
    submission = make_submission(obligation, commune_a)
    client.force_login(unit_staff_a)
    data = form_data(
        obligation,
        {RATE: "162", SIGNED: "chín mươi", WEBSITE: ""},
        text="Nội dung đã gõ không mất.",
        submit="1",
    )
    response = client.post(reverse("reports:submission_update", args=[submission.pk]), data)
    assert response.status_code == 400
    form = response.context["form"]
    by_label = {i.label: f"indicator_{i.pk}" for i in obligation.indicators.all()}
    assert form.errors == {
        by_label[RATE]: ["Tỷ lệ phải từ 0 đến 100% (đã nhập «162»)."],
        by_label[SIGNED]: ["«chín mươi» không phải là số. Nhập số, ví dụ 12.000 hoặc 62,5."],
        by_label[WEBSITE]: ["Nhập số liệu này trước khi nộp báo cáo."],
    }
    html = response.content.decode()
    assert 'value="162"' in html and 'value="chín mươi"' in html
    assert html.count("Nội dung đã gõ không mất.") == 4
    assert messages_of(response) == [
        "Chưa lưu: có ô chưa hợp lệ, xem thông báo ở từng ô. Những gì bạn đã nhập vẫn được giữ; riêng tệp cần chọn lại."
    ]
    assert submission.values.count() == 0


def test_saving_a_draft_accepts_blanks_and_decimal_commas(
    client, obligation, commune_a, unit_staff_a
):
    submission = make_submission(obligation, commune_a)
    client.force_login(unit_staff_a)
    data = form_data(obligation, {RATE: "62,5", SIGNED: "", WEBSITE: ""}, text="", save="1")
    response = client.post(reverse("reports:submission_update", args=[submission.pk]), data)
    assert response["Location"] == reverse("reports:submission_update", args=[submission.pk])
    values = {v.indicator.label: v.value for v in submission.values.all()}
    assert (str(values[RATE]), values[SIGNED], values[WEBSITE]) == ("62.50", None, None)
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DRAFT
    page = client.get(response["Location"]).content.decode()
    assert 'value="62,5"' in page


def test_counts_must_be_whole_numbers(client, district, commune_a, unit_staff_a):
    from tests.factories.reports import make_obligation, report_campaign

    campaign = report_campaign(
        district,
        criteria=[
            {
                "text": "Có ít nhất 3 sáng kiến",
                "indicator": "Số sáng kiến được công nhận",
                "comparator": ">=",
                "value": 3,
            }
        ],
    )
    obligation = make_obligation(campaign)
    indicator = obligation.indicators.get()
    indicator.value_kind = "count"
    indicator.save()
    submission = make_submission(obligation, commune_a)
    client.force_login(unit_staff_a)
    response = client.post(
        reverse("reports:submission_update", args=[submission.pk]),
        form_data(obligation, {"Số sáng kiến được công nhận": "2,5"}, save="1"),
    )
    assert response.context["form"].errors == {
        f"indicator_{indicator.pk}": [
            "Số lượng phải là số nguyên không âm, ví dụ 12 hoặc 12.000 (đã nhập «2,5»)."
        ]
    }
    # "12.000" is twelve thousand, as people write it; it comes back as they typed it.
    response = client.post(
        reverse("reports:submission_update", args=[submission.pk]),
        form_data(obligation, {"Số sáng kiến được công nhận": "12.000"}, save="1"),
    )
    assert response.status_code == 302
    assert submission.values.get().value == 12000
    page = client.get(response["Location"]).content.decode()
    assert 'value="12.000"' in page
    assert "Ngưỡng: ≥ 3" in page


def test_the_form_shows_each_threshold_for_the_units_level(
    client, obligation, commune_a, unit_staff_a
):
    submission = make_submission(obligation, commune_a)
    client.force_login(unit_staff_a)
    response = client.get(reverse("reports:submission_update", args=[submission.pk]))
    form = response.context["form"]
    shown = {indicator.label: threshold for indicator, _field, threshold in form.indicator_fields()}
    # A commune's online-services floor is 50% (a district's would be 75%).
    assert shown == {RATE: "≥ 50%", SIGNED: "= 100%", WEBSITE: "Có"}
    html = response.content.decode()
    assert "Ngưỡng: ≥ 50%" in html and "Ngưỡng: = 100%" in html


def test_attachments_follow_the_upload_rules(client, obligation, commune_a, unit_staff_a):
    submission = make_submission(obligation, commune_a)
    client.force_login(unit_staff_a)
    url = reverse("reports:submission_update", args=[submission.pk])
    fake = SimpleUploadedFile("bao-cao.pdf", b"<html>not a pdf</html>")
    response = client.post(url, form_data(obligation, {}, save="1", file=fake))
    assert response.status_code == 400
    assert response.context["upload"].errors["file"] == [
        "Tệp «bao-cao.pdf» không phải tệp PDF, Word (DOCX), Excel (XLSX), JPEG hoặc PNG hợp lệ "
        "(hệ thống kiểm tra nội dung tệp, không dựa vào phần mở rộng)."
    ]
    assert submission.values.count() == 0  # nothing saved on an error

    real = SimpleUploadedFile("Báo cáo xã.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n")
    client.post(url, form_data(obligation, {}, save="1", file=real))
    attachment = SubmissionAttachment.objects.get()
    assert (attachment.original_name, attachment.content_type, len(attachment.sha256)) == (
        "Báo cáo xã.pdf",
        "application/pdf",
        64,
    )
    assert re.fullmatch(rf"bao-cao/{submission.pk}/[0-9a-f]{{32}}\.pdf", attachment.file.name)
    download = client.get(reverse("reports:attachment_download", args=[attachment.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.7")


def test_office_returns_with_a_reason_then_the_unit_edits_and_sees_why(
    client, obligation, commune_a, unit_staff_a, campaign_office
):
    submission = make_submission(
        obligation, commune_a, state=SubmissionState.SUBMITTED, submitted_at=AT, values=FULL
    )
    client.force_login(campaign_office)
    url = reverse("reports:submission_transition", args=[submission.pk, "return"])
    response = client.post(url, {"reason": ""}, follow=True)
    assert messages_of(response) == ["Phải ghi rõ lý do trả lại báo cáo."]
    client.post(url, {"reason": "Bổ sung minh chứng tỷ lệ hồ sơ trực tuyến."})
    submission.refresh_from_db()
    assert submission.state == SubmissionState.RETURNED

    client.force_login(unit_staff_a)
    detail = client.get(reverse("reports:submission_detail", args=[submission.pk])).content.decode()
    assert "Bổ sung minh chứng tỷ lệ hồ sơ trực tuyến." in detail
    assert 'data-testid="edit"' in detail
    assert client.get(reverse("reports:submission_update", args=[submission.pk])).status_code == 200
    history = client.get(reverse("reports:submission_history", args=[submission.pk]))
    assert [(h.action, h.from_label, h.to_label, h.reason) for h in history.context["history"]] == [
        ("return", "Đã nộp", "Bị trả lại", "Bổ sung minh chứng tỷ lệ hồ sơ trực tuyến.")
    ]


def test_scope_leaks_answer_404(
    client, obligation, commune_a, commune_b, unit_staff_b, other_office, campaign_office
):
    submission = make_submission(
        obligation, commune_a, state=SubmissionState.SUBMITTED, submitted_at=AT, values=FULL
    )
    attachment = SubmissionAttachment.objects.create(
        submission=submission,
        file=SimpleUploadedFile("x.pdf", b"%PDF-1.4\n"),
        original_name="x.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
    )
    urls = [
        reverse("reports:submission_detail", args=[submission.pk]),
        reverse("reports:submission_history", args=[submission.pk]),
        reverse("reports:attachment_download", args=[attachment.pk]),
    ]
    office_urls = [
        reverse("reports:dashboard", args=[obligation.pk]),
        reverse("reports:dashboard_export", args=[obligation.pk, "so-lieu"]),
        reverse("reports:obligation_update", args=[obligation.pk]),
    ]
    client.force_login(unit_staff_b)
    assert [client.get(url).status_code for url in urls + office_urls] == [404] * 6
    client.force_login(other_office)
    assert [client.get(url).status_code for url in urls + office_urls] == [404] * 6
    assert client.get(reverse("reports:report_list")).context["managed"] == []
    client.force_login(campaign_office)
    assert [client.get(url).status_code for url in urls + office_urls] == [200] * 6


def test_office_does_not_see_a_draft(client, obligation, commune_a, campaign_office):
    draft = make_submission(obligation, commune_a, values=FULL)
    client.force_login(campaign_office)
    assert client.get(reverse("reports:submission_detail", args=[draft.pk])).status_code == 404


def test_dashboard_counts_attainment_table_and_chart(
    client, obligation, commune_a, office_unit, campaign_office
):
    make_submission(
        obligation, commune_a, state=SubmissionState.SUBMITTED, submitted_at=AT, values=FULL
    )
    make_submission(
        obligation,
        office_unit,
        state=SubmissionState.SUBMITTED,
        submitted_at=AT,
        is_late=True,
        values={RATE: 62, SIGNED: 100, WEBSITE: 1},
    )
    client.force_login(campaign_office)
    response = client.get(reverse("reports:dashboard", args=[obligation.pk]))
    html = response.content.decode()
    counts = {
        key: re.search(rf'data-testid="count-{key}">(\d+)<', html).group(1)
        for key in ("required", "submitted", "late", "returned", "missing")
    }
    assert counts == {
        "required": "4",
        "submitted": "1",
        "late": "1",
        "returned": "0",
        "missing": "2",
    }
    assert html.count('data-testid="unit-row"') == 4
    assert "report-cell report-met" in html and "report-cell report-not_met" in html
    assert '<script id="report-chart-data" type="application/json">' in html
    # The chart library is served by the app itself; the only other script is data.
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts == [
        ' id="report-chart-data" type="application/json"',
        ' src="/static/vendor/bootstrap/bootstrap.bundle.min.js"',
        ' src="/static/vendor/chartjs/chart.umd.min.js"',
        ' src="/static/reports/dashboard.js"',
    ]
    assert response.context["chart_data"]["indicators"][0] == {
        "label": RATE,
        "met": 1,
        "not_met": 1,
        "missing": 2,
    }


def test_dashboard_unit_rows(
    client, obligation, commune_a, commune_b, office_unit, campaign_office
):
    """The rows written in Python (report_cells.unit_table_rows) say what the template did:
    the link to a report standing sent, the time it came, the status badge, the box to
    remind a unit that has not sent (or was returned), every name escaped."""
    submitted = make_submission(
        obligation, commune_a, state=SubmissionState.SUBMITTED, submitted_at=AT, values=FULL
    )
    returned = make_submission(obligation, commune_b, state=SubmissionState.RETURNED)
    make_submission(obligation, office_unit, state=SubmissionState.DRAFT)
    commune_b.name = "UBND xã <Bình> & Hải"
    commune_b.save()
    client.force_login(campaign_office)
    html = client.get(reverse("reports:dashboard", args=[obligation.pk])).content.decode()
    rows = re.findall(
        r'<tr data-testid="unit-row">(<td class="stack-check">(?:<input[^>]*>)?</td>)'
        r'<td class="report-unit">(.*?)</tr>',
        html,
        re.S,
    )
    assert len(rows) == 4
    by_name = {re.sub(r"<[^>]+>", "", row.split("<div")[0]): (box, row) for box, row in rows}
    box, row = by_name["UBND xã An Hải"]
    assert box == '<td class="stack-check"></td>'
    detail = reverse("reports:submission_detail", args=[submitted.pk])
    assert row.startswith(f'<a href="{detail}">UBND xã An Hải</a>')
    assert '<span class="badge text-bg-success">Đã nộp</span>' in row
    assert '<td class="small text-nowrap" data-label="Nộp lúc">09:30 10/11/2026</td>' in row
    # Each figure names its indicator (the card's line on a phone).
    for indicator in obligation.indicators.all():
        assert f'<td class="report-value" data-label="{indicator.label}">' in row
    box, row = by_name["UBND xã &lt;Bình&gt; &amp; Hải"]
    assert f'value="{commune_b.pk}"' in box and 'data-testid="remind-unit"' in box
    assert 'aria-label="Chọn UBND xã &lt;Bình&gt; &amp; Hải để nhắc nhở"' in box
    returned_link = reverse("reports:submission_detail", args=[returned.pk])
    assert f'<a href="{returned_link}">' in row and "text-bg-info" in row
    box, row = by_name["Phòng Văn hóa và Thông tin"]  # a draft is not sent: no link
    assert 'data-testid="remind-unit"' in box and "<a " not in row
    assert (
        "text-bg-danger" in row
        and '<td class="small text-nowrap" data-label="Nộp lúc">—</td>' in row
    )


def test_dashboard_filters(client, obligation, commune_a, campaign_office):
    make_submission(obligation, commune_a, state=SubmissionState.SUBMITTED, submitted_at=AT)
    client.force_login(campaign_office)
    url = reverse("reports:dashboard", args=[obligation.pk])
    names = lambda response: [r.unit.name for r in response.context["rows"]]  # noqa: E731
    assert names(client.get(url, {"q": "an hai"})) == ["UBND xã An Hải"]
    assert names(client.get(url, {"trang_thai": "missing", "q": "phong"})) == [
        "Phòng Văn hóa và Thông tin",
        "Phòng Nội vụ",
    ]


def test_dashboard_pages_the_unit_table_and_counts_every_unit(
    client, obligation, district, campaign_office, monkeypatch
):
    from reports import views

    monkeypatch.setattr(views, "DASHBOARD_PAGE_SIZE", 3)
    for index in range(4):  # 4 fixture units + 4 = 8: pages of 3, 3, 2
        unit = make_unit(parent=district, name=f"UBND xã Trang {index}")
        if index % 2:
            make_submission(
                obligation, unit, state=SubmissionState.SUBMITTED, submitted_at=AT, values=FULL
            )
    client.force_login(campaign_office)
    url = reverse("reports:dashboard", args=[obligation.pk])
    pages = [client.get(url, {"page": n}) for n in (1, 2, 3)]
    names = [[r.unit.name for r in p.context["rows"]] for p in pages]
    assert [len(n) for n in names] == [3, 3, 2]
    assert len({name for page in names for name in page}) == 8
    for response in pages:  # the counts and charts are over every unit, on every page
        assert response.context["board"].counts["required"] == 8
        assert response.context["board"].counts["submitted"] == 2
        assert response.context["chart_data"]["indicators"][0]["met"] == 2
        assert response.context["filtered_count"] == 8
    missing = client.get(url, {"trang_thai": "missing", "page": 2})
    assert missing.context["filtered_count"] == 6
    assert len(missing.context["rows"]) == 3
    assert {r.status for r in missing.context["rows"]} == {"missing"}
    searched = client.get(url, {"q": "trang"})
    assert searched.context["filtered_count"] == 4
    assert searched.context["paginator"].num_pages == 2
    # Read with the overview, or on its own when the number asked for is not a page:
    # past the last page or below 1, the last page; not a number, the first.
    for asked, shown in ((9, 3), (0, 3), ("x", 1), ("", 1), (2**63, 3), ("²", 1)):
        response = client.get(url, {"page": asked})
        assert response.context["page_obj"].number == shown, asked
        assert [r.unit.name for r in response.context["rows"]] == names[shown - 1], asked
    searched = client.get(url, {"q": "trang", "page": 2})
    assert [r.unit.name for r in searched.context["rows"]] == ["UBND xã Trang 3"]


@pytest.mark.parametrize("units", [1, 20])
def test_dashboard_query_count_does_not_grow_with_units(
    client, obligation, district, campaign_office, units, django_assert_num_queries
):
    for _ in range(units):
        unit = make_unit(parent=district)
        make_submission(
            obligation, unit, state=SubmissionState.SUBMITTED, submitted_at=AT, values=FULL
        )
    client.force_login(campaign_office)
    url = reverse("reports:dashboard", args=[obligation.pk])
    client.get(url)  # warm the session and the content-type cache
    # session, user, grants, the obligation with its indicators; one statement (over every
    # unit their reports' states counted, the attainment, the consolidated report's id;
    # the page's units with their reports and values); the navbar's unit of the user and
    # its unread notifications
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.context["board"].counts["submitted"] == units
    # A search's first page: the matching units counted in the same statement.
    with django_assert_num_queries(7):
        response = client.get(url, {"q": "ubnd"})
    matching = selectors.units_with_status(obligation, response.context["year"], search="ubnd")
    assert response.context["filtered_count"] == matching.count() >= 1
    # A later page of a search: the matching units counted first, then the page read.
    with django_assert_num_queries(8):
        client.get(url, {"q": "ubnd", "page": 2})


def test_excel_exports(client, obligation, commune_a, office_unit, campaign_office):
    from openpyxl import load_workbook

    make_submission(
        obligation, commune_a, state=SubmissionState.SUBMITTED, submitted_at=AT, values=FULL
    )
    client.force_login(campaign_office)
    response = client.get(reverse("reports:dashboard_export", args=[obligation.pk, "trang-thai"]))
    assert (
        response["Content-Disposition"] == 'attachment; filename="tinh-hinh-nop-bao-cao-2026.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3, max_row=7)]
    assert rows[0] == ["STT", "Mã đơn vị", "Đơn vị", "Trạng thái", "Nộp lúc", "Người nộp"]
    assert [r[2:4] for r in rows[1:]] == [
        ["Phòng Văn hóa và Thông tin", "Chưa nộp"],
        ["Phòng Nội vụ", "Chưa nộp"],
        ["UBND xã An Hải", "Đã nộp"],
        ["UBND xã Bình Hải", "Chưa nộp"],
    ]
    assert rows[3][4] == "09:30 10/11/2026"
    assert [sheet.cell(row=r, column=4).style for r in (4, 6)] == ["Chưa nộp", "Đã nộp"]

    response = client.get(reverse("reports:dashboard_export", args=[obligation.pk, "so-lieu"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[3]]
    assert header[:8] == [
        "STT",
        "Mã đơn vị",
        "Đơn vị",
        "Cấp",
        "Trạng thái",
        RATE,
        "Ngưỡng",
        "Kết quả",
    ]
    an_hai = [c.value for c in sheet[6]]
    assert an_hai[2:8] == ["UBND xã An Hải", "Cấp xã", "Đã nộp", 62, "≥ 50%", "Đạt"]
    # one named style per result, shared by its cells; no figure is grey, not red
    assert sheet.cell(row=6, column=8).style == "Đạt"
    assert sheet.cell(row=6, column=8).fill.start_color.rgb == "00D1E7DD"
    missing = [c for c in sheet[4] if c.value == "Chưa có số liệu"]
    assert missing and {(c.style, c.fill.start_color.rgb) for c in missing} == {
        ("Chưa có số liệu", "00E2E3E5")
    }
    assert (
        client.get(reverse("reports:dashboard_export", args=[obligation.pk, "khac"])).status_code
        == 404
    )


def test_office_creates_an_obligation_from_a_milestone(client, campaign, campaign_office):
    client.force_login(campaign_office)
    page = client.get(reverse("reports:report_list"))
    milestone = campaign.milestone_set.get()
    assert page.context["open_milestones"] == [milestone]
    response = client.post(reverse("reports:obligation_create", args=[milestone.pk]))
    obligation = campaign.report_obligations.get()
    assert response["Location"] == reverse("reports:obligation_update", args=[obligation.pk])
    assert client.get(reverse("reports:report_list")).context["open_milestones"] == []


def test_office_edits_who_reports_and_moves_the_deadline(client, obligation, campaign_office):
    client.force_login(campaign_office)
    url = reverse("reports:obligation_update", args=[obligation.pk])
    response = client.post(
        url,
        {"title": obligation.title, "late_policy": "refuse", "participant_mode": "kinds"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"unit_kinds": ["Chọn ít nhất một loại đơn vị."]}
    client.post(
        url,
        {
            "title": "Báo cáo năm",
            "late_policy": "refuse",
            "participant_mode": "kinds",
            "unit_kinds": ["peoples_committee"],
        },
    )
    obligation.refresh_from_db()
    assert (obligation.title, obligation.late_policy, obligation.unit_kinds) == (
        "Báo cáo năm",
        "refuse",
        ["peoples_committee"],
    )
    client.post(url, {"change_deadline": "1", "due_date": "01/12/2026", "reason": "Gia hạn."})
    obligation.refresh_from_db()
    assert obligation.due_at == datetime.datetime(2026, 12, 1, tzinfo=VN)
    assert TransitionLog.objects.for_object(obligation).last().reason == "Gia hạn."


@pytest.mark.parametrize("obligations", [1, 3])
def test_report_list_query_count_does_not_grow_with_obligations(
    client, district, campaign_office, unit_staff_a, obligations, django_assert_num_queries
):
    from tests.factories.reports import make_obligation, report_campaign

    for _ in range(obligations):
        make_obligation(report_campaign(district))
    for user, expected in ((campaign_office, 7), (unit_staff_a, 8)):  # with the bell's count
        client.force_login(user)
        url = reverse("reports:report_list")
        client.get(url)
        with django_assert_num_queries(expected):
            response = client.get(url)
        if user == campaign_office:
            assert len(response.context["managed"]) == obligations
        else:
            assert len(response.context["due"]) == obligations


def test_home_dashboard_cards(client, obligation, commune_a, unit_staff_a, campaign_office):
    make_submission(obligation, commune_a, state=SubmissionState.SUBMITTED, submitted_at=AT)
    client.force_login(unit_staff_a)
    cards = {c.title: c.count for c in client.get(reverse("core:dashboard")).context["cards"]}
    assert cards["Báo cáo chưa nộp"] == 0
    client.force_login(campaign_office)
    cards = {c.title: c.count for c in client.get(reverse("core:dashboard")).context["cards"]}
    assert cards["Báo cáo đơn vị đã nộp"] == 1


def test_the_unit_dashboard_card_says_the_nearest_deadline_as_offices_write_it(
    client, obligation, commune_a, unit_staff_a, unit_staff_b
):
    from core.reminders import last_day
    from reports.selectors import reports_due_for

    make_submission(obligation, commune_a, state=SubmissionState.SUBMITTED, submitted_at=AT)
    client.force_login(unit_staff_b)
    [item] = reports_due_for(unit_staff_b)
    html = client.get(reverse("core:dashboard")).content.decode()
    note = re.search(r'data-testid="card-note">([^<]*)<', html).group(1)
    assert note.startswith(f"Hạn gần nhất: hết ngày {last_day(item.deadline):%d/%m/%Y} (")
    assert re.search(r"\((còn \d+ ngày|hôm nay là ngày cuối|đã quá hạn \d+ ngày)\)$", note)
    # Its report sent, the other unit's card has nothing to count down.
    client.force_login(unit_staff_a)
    assert 'data-testid="card-note"' not in client.get(reverse("core:dashboard")).content.decode()


def test_the_obligation_page_says_how_each_indicator_is_compiled(
    client, obligation, campaign_office
):
    client.force_login(campaign_office)
    html = client.get(reverse("reports:obligation_update", args=[obligation.pk])).content.decode()
    assert "≥ 75% (cấp huyện); ≥ 50% (cấp xã); báo cáo tổng hợp lấy: bình quân" in html
    assert "ngưỡng: Có; báo cáo tổng hợp lấy: số đơn vị «có»" in html


@pytest.mark.postgres
def test_a_report_attachment_on_the_s3_bucket(
    client, s3_bucket, obligation, commune_a, unit_staff_a, unit_staff_b
):
    submission = make_submission(obligation, commune_a)
    client.force_login(unit_staff_a)
    content = b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n" + bytes(range(256)) * 64
    real = SimpleUploadedFile("Báo cáo xã.pdf", content)
    url = reverse("reports:submission_update", args=[submission.pk])
    client.post(url, form_data(obligation, {}, save="1", file=real))
    attachment = SubmissionAttachment.objects.get()
    listed = s3_bucket.client.list_objects_v2(Bucket=s3_bucket.name)["Contents"]
    assert [(o["Key"], o["Size"]) for o in listed] == [(attachment.file.name, len(content))]
    download = reverse("reports:attachment_download", args=[attachment.pk])
    assert b"".join(client.get(download).streaming_content) == content
    client.force_login(unit_staff_b)
    assert client.get(download).status_code == 404
