"""Appendices (Phụ lục): data in the JSON format, the editor's text form, the PDF pages
after the signature (landscape when a table is wide)."""

import copy
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse

from campaigns import appendices
from campaigns.documents import render_campaign_plan_pdf
from campaigns.io import CampaignImportError, dumps, export_campaign, import_campaign
from campaigns.models import Campaign
from core.models import TransitionLog
from tests.factories.campaigns import make_campaign
from tests.factories.units import make_unit

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "plan-with-appendices.json"
MM = 72 / 25.4


@pytest.fixture
def body(db):
    return make_unit(name="UBND huyện Ninh Hải", code="NT-NH")


def _example():
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_example_round_trips_byte_for_byte(body):
    text = EXAMPLE.read_text(encoding="utf-8")
    campaign = import_campaign(json.loads(text))

    assert dumps(export_campaign(campaign)) == text
    Campaign.objects.all().delete()
    assert dumps(export_campaign(import_campaign(json.loads(text)))) == text


def test_a_plan_without_appendices_exports_no_appendices_key(body):
    data = _example()
    del data["appendices"]
    assert "appendices" not in export_campaign(import_campaign(data))


def test_editor_text_round_trips_the_blocks():
    for appendix in _example()["appendices"]:
        blocks = appendix["blocks"]
        assert appendices.from_text(appendices.to_text(blocks)) == blocks


def test_editor_text_reads_marks_spans_and_literal_stars():
    blocks = appendices.from_text(
        "* chưa đạt; **đậm** và *nghiêng* và ***cả hai***; a \\* b\n"
        "| A | B | C |\n|---|\n| gộp | < | x \\| y |\n| ^ | < | z |"
    )
    paragraph, table = blocks
    assert paragraph["runs"] == [
        {"text": "* chưa đạt; "},
        {"text": "đậm", "bold": True},
        {"text": " và "},
        {"text": "nghiêng", "italic": True},
        {"text": " và "},
        {"text": "cả hai", "bold": True, "italic": True},
        {"text": "; a * b"},
    ]
    assert table["header_rows"] == 1
    assert table["rows"][1] == [
        {"runs": [{"text": "gộp"}], "colspan": 2, "rowspan": 2},
        {"runs": [{"text": "x | y"}]},
    ]
    assert table["rows"][2] == [{"runs": [{"text": "z"}]}]
    assert appendices.column_count(table) == 3


def test_errors_are_named_by_the_appendix_and_say_what_is_expected(body):
    data = _example()
    bad = copy.deepcopy(data)
    bad["appendices"][1]["blocks"][0]["rows"][2][1]["rowspan"] = 9
    bad["appendices"][0]["orientation"] = "sideways"
    bad["appendices"][0]["blocks"][1]["rows"][0][0]["runs"][0]["bold"] = "yes"

    with pytest.raises(CampaignImportError) as caught:
        import_campaign(bad)

    found = {where: message for where, message in caught.value.errors}
    assert "«sideways»" in found["Phụ lục I, chiều trang"]
    assert (
        "đúng/sai" in found["Phụ lục I, bảng 1, dòng 1, ô 1, in đậm"]
        or found["Phụ lục I, bảng 1, dòng 1, ô 1, in đậm"]
    )
    assert "quá dòng cuối" in found["Phụ lục II, bảng 1"]
    assert not Campaign.objects.exists()


def _pages(pdf):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf)).pages


def test_appendices_print_after_the_signature_each_on_a_new_page_landscape_when_wide(body):
    campaign = import_campaign(_example())
    campaign.signer_name = "Trần Minh Thái"
    pages = _pages(render_campaign_plan_pdf(campaign))

    texts = [page.extract_text() for page in pages]
    signed = next(i for i, t in enumerate(texts) if "Trần Minh Thái" in t)
    first = next(i for i, t in enumerate(texts) if "PHỤ LỤC I\n" in t or "PHỤ LỤC I " in t)
    second = next(i for i, t in enumerate(texts) if "PHỤ LỤC II" in t)
    assert signed < first < second
    assert "BẢNG ĐIỂM CHẤM" not in texts[signed]
    wide, narrow = pages[first], pages[second]
    assert float(wide.mediabox.width) > float(wide.mediabox.height)  # 8 columns: landscape
    assert round(float(wide.mediabox.width) / MM) == 297
    assert float(narrow.mediabox.width) < float(narrow.mediabox.height)  # 3 columns: portrait
    assert "Tốc độ tăng thu ngân sách" in texts[first]
    assert "hết tháng 01/2026" in texts[second]


def test_orientation_can_be_chosen(body):
    data = _example()
    data["appendices"][0]["orientation"] = "portrait"
    data["appendices"][1]["orientation"] = "landscape"
    campaign = import_campaign(data)
    rows = list(campaign.appendix_set.order_by("order"))
    assert [appendices.is_landscape(a) for a in rows] == [False, True]


def test_bold_and_italic_reach_the_pdf_html(body):
    campaign = import_campaign(_example())
    html = appendices.printed(campaign.appendix_set.first())["html"]
    assert "<strong>Tổng cộng</strong>" in html
    assert "<em>Ghi chú:</em>" in html
    assert '<td colspan="6">' in html or 'colspan="7"' in html
    assert "<thead><tr><th>TT</th>" in html


def test_the_editor_saves_an_appendix_typed_as_text_with_history(client, district, campaign_office):
    campaign = make_campaign(district)
    client.force_login(campaign_office)
    url = reverse("campaigns:campaign_parts", args=[campaign.pk, "phu-luc"])
    assert "Nội dung (bảng" in client.get(url).content.decode()

    text = "Bảng điểm *dự kiến*\n| TT | Tiêu chí |\n|---|\n| 1 | **Thu ngân sách** |"
    response = client.post(
        url,
        {
            "appendix_set-TOTAL_FORMS": "1",
            "appendix_set-INITIAL_FORMS": "0",
            "appendix_set-0-label": "Phụ lục I",
            "appendix_set-0-title": "BẢNG ĐIỂM",
            "appendix_set-0-orientation": "auto",
            "appendix_set-0-content": text,
            "appendix_set-0-ORDER": "1",
        },
    )

    assert response.status_code == 302
    appendix = campaign.appendix_set.get()
    assert appendix.blocks[1]["rows"][1][1] == {"runs": [{"text": "Thu ngân sách", "bold": True}]}
    assert appendices.to_text(appendix.blocks) == (
        "Bảng điểm *dự kiến*\n| TT | Tiêu chí |\n|---|\n| 1 | **Thu ngân sách** |"
    )
    assert TransitionLog.objects.for_object(campaign).filter(action="edit_parts").exists()
    assert "**Thu ngân sách**" in client.get(url).content.decode()
