"""A draft plan from the office's Word or PDF file: the seeds converted by the test, and a
plan written here in the Decree 30 layout that no rule has seen."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import plan_import_quality as quality
from campaigns import docimport
from campaigns.documents import render_campaign_plan_pdf
from campaigns.enums import CampaignState
from campaigns.io import dumps, export_campaign, import_campaign
from campaigns.models import Campaign, Target
from campaigns.services import (
    confirm_recognised_parts,
    draft_from_document,
    publish_campaign,
)
from core.models import TransitionLog
from core.services import WorkflowError
from tests.factories.campaigns import make_campaign
from units.demo import load as load_units
from units.models import Unit

SEEDS = quality.SEED_JSON


def _draft(path, kind):
    seed = quality.load_seed_json(path)
    text = quality.seed_text(path)
    data = quality.seed_to_docx(text) if kind == "docx" else quality.seed_to_pdf(text)
    body = Unit.objects.get(code=seed["issuing_body"])
    campaign = draft_from_document(
        data, kind=kind, name=f"ke-hoach.{kind}", by=None, issuing_body=body
    )
    return seed, text, campaign


@pytest.mark.parametrize("kind", ["docx", "pdf"])
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_each_seed_as_a_file_imports_as_a_draft_keeping_its_words_and_parts(db, path, kind):
    load_units()

    seed, text, campaign = _draft(path, kind)

    assert campaign.state == CampaignState.DRAFT
    assert quality.words_in_order(text, quality.printed_text(campaign)) >= 0.97
    found = quality.recovered(seed, export_campaign(campaign))
    total_found = sum(hit for hit, _n in found.values())
    total = sum(n for _hit, n in found.values())
    assert total_found / total >= 0.85, found
    assert found["mốc thời hạn"][0] == found["mốc thời hạn"][1], found
    assert found["số lượng khen thưởng"][0] == found["số lượng khen thưởng"][1], found


def test_a_seed_from_word_prints_a_pdf_keeping_the_words_in_order(db):
    load_units()
    _seed, text, campaign = _draft(SEEDS[0], "docx")

    pdf = render_campaign_plan_pdf(campaign)

    assert quality.words_in_order(text, quality.pdf_text(pdf)) >= 0.97


def test_the_measure_is_not_trivially_high(db, district):
    """A plan that is not the seed scores low: the measure can fail."""
    text = quality.seed_text(SEEDS[1])

    assert quality.words_in_order(text, quality.printed_text(make_campaign(district))) < 0.1


# --- a plan no rule was written for ------------------------------------------------------

BODY = [
    "KẾ HOẠCH",
    "Tổ chức phong trào thi đua “Cải cách hành chính” năm 2026",
    "Căn cứ Luật Thi đua, khen thưởng năm 2022; Nghị định số 152/2025/NĐ-CP ngày "
    "14/6/2025 của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng;",
    "Thực hiện Kế hoạch số 45/KH-UBND ngày 10/01/2026 của UBND tỉnh về phát động phong "
    "trào thi đua cải cách hành chính năm 2026,",
    "Sở Xây dựng ban hành Kế hoạch tổ chức phong trào thi đua như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "a) Nâng cao chất lượng phục vụ người dân.",
    "b) Khen thưởng kịp thời các tập thể, cá nhân tiêu biểu.",
    "II. CHỈ TIÊU",
    "- Tối thiểu 90% hồ sơ được giải quyết đúng hạn.",
    "- 100% thủ tục hành chính được công khai.",
    "+ Trên 60% hồ sơ nộp trực tuyến.",
    "III. HÌNH THỨC KHEN THƯỞNG",
    "1. Tặng Giấy khen của Giám đốc Sở cho tập thể, cá nhân có thành tích xuất sắc, số "
    "lượng không quá 02 tập thể và 04 cá nhân.",
    "2. Đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho tập thể tiêu biểu.",
    "IV. TỔ CHỨC THỰC HIỆN",
    "1. Văn phòng Sở",
    "- Tổng hợp hồ sơ đề nghị khen thưởng trước ngày 15/10/2026.",
    "- Tổ chức tổng kết phong trào vào Quý IV năm 2026.",
    "Trên đây là Kế hoạch tổ chức phong trào thi đua cải cách hành chính năm 2026./.",
]


def _plan_docx():
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = "UBND TỈNH NINH THUẬN\nSỞ XÂY DỰNG\nSố: 12/KH-SXD"
    right.text = (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Ninh Thuận, ngày 05 tháng 02 năm 2026"
    )
    for line in BODY:
        document.add_paragraph(line)
    footer = document.add_table(rows=1, cols=2)
    left, right = footer.rows[0].cells
    left.text = "Nơi nhận:\n- UBND tỉnh (b/c);\n- Các phòng, đơn vị;\n- Lưu: VT, VP."
    right.text = "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nLê Văn Bình"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_unseen_plan_in_the_decree_30_layout(district):
    campaign = draft_from_document(
        _plan_docx(), kind="docx", name="ke-hoach.docx", by=None, issuing_body=district
    )
    data = export_campaign(campaign)

    header = data["header"]
    assert (header["governing_body_line"], header["issuing_body_lines"]) == (
        "UBND TỈNH NINH THUẬN",
        ["SỞ XÂY DỰNG"],
    )
    assert (header["number"], header["symbol"], header["place"], header["date"]) == (
        "12",
        "KH-SXD",
        "Ninh Thuận",
        {"day": 5, "month": 2, "year": 2026},
    )
    assert data["title"] == "Tổ chức phong trào thi đua “Cải cách hành chính” năm 2026"
    assert [
        (b["kind"], b["doc_number"], b["doc_date"], b["continues"]) for b in data["legal_basis"]
    ] == [
        ("can_cu", "", None, False),
        ("can_cu", "152/2025/NĐ-CP", "2025-06-14", True),
        ("thuc_hien", "45/KH-UBND", "2026-01-10", False),
    ]
    assert data["legal_basis"][2]["is_parent_plan"] is True
    assert data["intro"] == "Sở Xây dựng ban hành Kế hoạch tổ chức phong trào thi đua như sau:"
    tree = [
        (s["numbering"], s["heading"], [(p["marker"], p["text"][:12]) for p in s["paragraphs"]])
        for s in data["sections"]
    ]
    assert [t[:2] for t in tree] == [
        ("I.", "MỤC ĐÍCH, YÊU CẦU"),
        ("II.", "CHỈ TIÊU"),
        ("III.", "HÌNH THỨC KHEN THƯỞNG"),
        ("IV.", "TỔ CHỨC THỰC HIỆN"),
    ]
    purpose = data["sections"][0]["sections"][0]
    assert [p["marker"] for p in purpose["paragraphs"]] == ["a)", "b)"]
    targets = [
        (t["comparator"], t["value"], t["to_confirm"])
        for p in data["sections"][1]["paragraphs"]
        for t in p.get("targets", [])
    ]
    assert targets == [(">=", 90, True), ("=", 100, True), (">", 60, True)]
    assert [p["marker"] for p in data["sections"][1]["paragraphs"]] == ["-", "-", "+"]
    awards = data["sections"][2]["paragraphs"]
    assert [(f["name"], f["authority"]) for p in awards for f in p.get("award_forms", [])] == [
        ("Giấy khen của Giám đốc Sở", "decided_here"),
        ("Bằng khen của Chủ tịch UBND tỉnh", "proposed_up"),
    ]
    (quota,) = awards[0]["quotas"]
    assert (quota["max_collective"], quota["max_individual"], quota["form"]) == (
        2,
        4,
        awards[0]["award_forms"][0]["id"],
    )
    office = data["sections"][3]["sections"][0]
    assert office["organisation"] == "Văn phòng Sở"
    milestones = [m for p in office["paragraphs"] for m in p.get("milestones", [])]
    assert [(m["kind"], m["precision"], m.get("date"), m.get("quarter")) for m in milestones] == [
        ("nominations_due", "date", "2026-10-15", None),
        ("final_review", "quarter", None, 4),
    ]
    assert data["closing"].startswith("Trên đây là Kế hoạch")
    assert [r["text"] for r in data["recipients"]] == [
        "UBND tỉnh (b/c);",
        "Các phòng, đơn vị;",
        "Lưu: VT, VP.",
    ]
    assert data["recipients"][0]["suffix"] == "(b/c)"
    assert data["signature"] == {
        "prefix": "KT.",
        "lines": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        "signer": "Lê Văn Bình",
    }
    assert data["to_confirm"] is True
    assert dumps(export_campaign(import_campaign({**data, "key": "ban-sao"}))) == dumps(
        {**data, "key": "ban-sao"}
    )


def test_publishing_waits_for_the_office_to_confirm(district, campaign_office):
    campaign = draft_from_document(
        _plan_docx(), kind="docx", name="ke-hoach.docx", by=campaign_office
    )

    with pytest.raises(WorkflowError, match="chưa được xác nhận"):
        publish_campaign(campaign, by=campaign_office)
    confirmed = confirm_recognised_parts(campaign, by=campaign_office)
    publish_campaign(campaign, by=campaign_office)

    assert confirmed > 5
    assert not Target.objects.filter(campaign=campaign, to_confirm=True).exists()
    actions = list(
        TransitionLog.objects.for_object(campaign).order_by("pk").values_list("action", "actor")
    )
    assert actions == [
        ("import_document", campaign_office.pk),
        ("confirm_recognised", campaign_office.pk),
        ("publish", campaign_office.pk),
    ]


def test_a_scanned_or_empty_pdf_is_refused_in_vietnamese():
    import weasyprint

    empty = weasyprint.HTML(string="<p>1</p>").write_pdf()

    with pytest.raises(docimport.DocumentReadError, match="không có chữ"):
        docimport.read_document("pdf", empty)


# --- the page and the command ---------------------------------------------------------------


def test_upload_page_makes_a_draft_and_shows_what_to_confirm(client, district, campaign_office):
    client.force_login(campaign_office)
    url = reverse("campaigns:campaign_import_document")
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "file": SimpleUploadedFile("ke-hoach.docx", _plan_docx()),
            "issuing_body": district.pk,
        },
    )

    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("campaigns:campaign_detail", args=[campaign.pk])
    page = client.get(response.url).content.decode()
    assert "phần nhận dạng tự động cần xác nhận" in page
    assert "Tối thiểu 90% hồ sơ được giải quyết đúng hạn" in page
    client.post(reverse("campaigns:campaign_confirm_recognised", args=[campaign.pk]))
    assert 'data-testid="recognised"' not in client.get(response.url).content.decode()


def test_upload_refuses_a_file_that_is_not_word_or_pdf(client, district, campaign_office):
    client.force_login(campaign_office)

    response = client.post(
        reverse("campaigns:campaign_import_document"),
        {
            "file": SimpleUploadedFile("ke-hoach.docx", b"<html>not a document</html>"),
            "issuing_body": district.pk,
        },
    )

    assert response.status_code == 400
    assert "không phải tệp PDF, Word (DOCX)" in response.content.decode()
    assert Campaign.objects.count() == 0


def test_upload_page_and_confirm_are_for_the_campaign_office_only(
    client, district, unit_staff_a, other_office
):
    client.force_login(unit_staff_a)
    assert client.get(reverse("campaigns:campaign_import_document")).status_code == 403
    campaign = draft_from_document(
        _plan_docx(), kind="docx", name="ke-hoach.docx", by=None, issuing_body=district
    )
    client.force_login(other_office)
    response = client.post(reverse("campaigns:campaign_confirm_recognised", args=[campaign.pk]))
    assert response.status_code == 404
    assert Campaign.objects.get().to_confirm is True


def test_detail_with_recognised_parts_query_count_is_fixed(client, district, campaign_office):
    campaign = draft_from_document(
        _plan_docx(), kind="docx", name="ke-hoach.docx", by=None, issuing_body=district
    )
    client.force_login(campaign_office)
    url = reverse("campaigns:campaign_detail", args=[campaign.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    paragraph = Target.objects.filter(campaign=campaign).first().paragraph
    for n in range(20):
        Target.objects.create(
            campaign=campaign,
            paragraph=paragraph,
            order=100 + n,
            text=f"Chỉ tiêu {n}",
            to_confirm=True,
        )

    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(response.context["recognised"]) >= 23
    assert len(many.captured_queries) == len(few.captured_queries)


def test_command_makes_a_draft(district, tmp_path):
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(_plan_docx())
    out = io.StringIO()

    call_command("import_plan_document", str(path), "--body", district.code, stdout=out)

    campaign = Campaign.objects.get()
    assert f"Đã tạo dự thảo #{campaign.pk}" in out.getvalue()
    assert (campaign.state, campaign.issuing_body) == (CampaignState.DRAFT, district)
