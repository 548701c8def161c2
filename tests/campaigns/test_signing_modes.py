"""Signing modes TM., KT., Q., TL., TUQ. (Decree 30/2020, Điều 13) on the plan and the
shared document base: the printed lines, import and export, errors."""

import io

import pytest
from django.urls import reverse

from campaigns.documents import render_campaign_plan_pdf
from campaigns.io import CampaignImportError, dumps, export_campaign, import_campaign
from campaigns.models import Campaign
from core.documents import closing_block, printed_signature_lines, signature_problems
from tests.factories.campaigns import make_campaign, minimal_data

MODES = [
    ("", ["CHỦ TỊCH"], ["CHỦ TỊCH"]),
    ("TM.", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], None),
    ("KT.", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], None),
    ("Q.", ["Q. GIÁM ĐỐC"], None),
    ("TL.", ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"], None),
    ("TUQ.", ["CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ"], ["TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ"]),
]


@pytest.mark.parametrize(("prefix", "lines", "printed"), MODES, ids=lambda v: str(v))
def test_each_mode_imports_exports_and_prints_its_lines(district, prefix, lines, printed):
    signature = {"prefix": prefix, "lines": lines, "signer": "Nguyễn Văn A"}
    campaign = make_campaign(district, signature=signature)

    exported = export_campaign(campaign)
    assert exported["signature"] == signature
    Campaign.objects.all().delete()
    assert dumps(export_campaign(import_campaign(exported))) == dumps(exported)

    expected = printed or lines
    assert campaign.closing_context()["signature_lines"] == expected
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(render_campaign_plan_pdf(campaign))).pages[-1].extract_text()
    flat = " ".join(text.split())
    assert " ".join(expected) + " Nguyễn Văn A" in flat


def test_an_unknown_mode_and_missing_lines_are_import_errors(district):
    data = minimal_data(district, signature={"prefix": "T/M", "lines": ["CHỦ TỊCH"]})
    with pytest.raises(CampaignImportError) as caught:
        import_campaign(data)
    (where, message), *rest = caught.value.errors
    assert where == "Chữ ký, thẩm quyền ký" and "«T/M»" in message and "«TUQ.»" in message

    data = minimal_data(district, signature={"prefix": "TL.", "lines": ["CHỦ TỊCH"]})
    with pytest.raises(CampaignImportError) as caught:
        import_campaign(data)
    assert [where for where, _m in caught.value.errors] == ["Chữ ký, dòng chức danh"]
    assert "CHÁNH VĂN PHÒNG" in caught.value.errors[0][1]

    data = minimal_data(district, signature={"prefix": "", "lines": ["KT. CHỦ TỊCH", "PHÓ"]})
    with pytest.raises(CampaignImportError) as caught:
        import_campaign(data)
    assert "«KT.»" in caught.value.errors[0][1]
    assert not Campaign.objects.exists()


def test_the_shared_base_prints_the_prefix_for_every_document():
    assert printed_signature_lines("Q.", "CHỦ TỊCH") == ["Q. CHỦ TỊCH"]
    assert printed_signature_lines("TM.", "TM. UBND\nCHỦ TỊCH") == ["TM. UBND", "CHỦ TỊCH"]
    block = closing_block(
        recipients=[], signature="CHỦ TỊCH\nCHÁNH VĂN PHÒNG", signer_name="A", prefix="TL."
    )
    assert block["signature_lines"] == ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]
    assert signature_problems("TUQ.", "TUQ. CHỦ TỊCH\nGIÁM ĐỐC") == []


def test_the_header_form_checks_the_lines_against_the_mode(client, district, campaign_office):
    campaign = make_campaign(district)
    client.force_login(campaign_office)
    url = reverse("campaigns:campaign_update", args=[campaign.pk])
    page = client.get(url).content.decode()
    for label in ("TL. — thừa lệnh", "TUQ. — thừa ủy quyền", "Q. — quyền"):
        assert label in page
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "issuing_body"}
    data.update(
        issuing_body=district.pk,
        signing_prefix="KT.",
        signature_lines="KT. CHỦ TỊCH",
        period_start="01/01/2026",
    )
    response = client.post(url, data)
    assert response.status_code == 400  # the form again, with the error beside the lines
    assert "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" in response.content.decode()


def test_a_draft_read_from_a_file_may_lack_lines_but_cannot_be_published(district, campaign_office):
    from campaigns.services import publish_campaign
    from core.services import WorkflowError

    data = minimal_data(
        district, signature={"prefix": "KT.", "lines": ["KT. CHỦ TỊCH"], "signer": "A"}
    )
    data["to_confirm"] = True
    campaign = import_campaign(data)
    campaign.to_confirm = False
    campaign.save()
    with pytest.raises(WorkflowError, match="PHÓ CHỦ TỊCH"):
        publish_campaign(campaign, by=campaign_office)
