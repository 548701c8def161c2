import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.enums import CampaignState
from campaigns.models import Campaign, Paragraph
from tests.factories.campaigns import make_campaign, minimal_data


def published(district):
    campaign = make_campaign(district)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.PUBLISHED)
    campaign.refresh_from_db()
    return campaign


def test_other_bodys_office_gets_404_on_a_draft(client, district, other_office):
    draft = make_campaign(district)
    client.force_login(other_office)

    assert client.get(reverse("campaigns:campaign_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("campaigns:campaign_export", args=[draft.pk])).status_code == 404
    assert client.get(reverse("campaigns:campaign_list")).context["campaigns"].count() == 0


def test_unit_staff_cannot_edit(client, district, unit_staff_a):
    campaign = published(district)
    client.force_login(unit_staff_a)

    assert client.get(reverse("campaigns:campaign_detail", args=[campaign.pk])).status_code == 200
    assert client.get(reverse("campaigns:campaign_update", args=[campaign.pk])).status_code == 403
    assert (
        client.get(reverse("campaigns:campaign_parts", args=[campaign.pk, "muc"])).status_code
        == 403
    )
    assert client.get(reverse("campaigns:campaign_create")).status_code == 403


def test_public_page_only_for_published(client, district):
    draft = make_campaign(district)
    live = published(district)

    assert client.get(reverse("campaigns:campaign_public", args=[draft.key])).status_code == 404
    page = client.get(reverse("campaigns:campaign_public", args=[live.key]))
    assert page.status_code == 200
    assert "Khơi dậy tinh thần thi đua." in page.content.decode()


def test_list_query_count_does_not_grow(client, district, campaign_office):
    client.force_login(campaign_office)
    make_campaign(district)
    url = reverse("campaigns:campaign_list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(19):
        make_campaign(district)

    with CaptureQueriesContext(connection) as twenty:
        response = client.get(url)

    assert response.context["campaigns"].count() == 20
    assert len(twenty.captured_queries) == len(one.captured_queries)


def test_detail_query_count_is_fixed(
    client, district, campaign_office, django_assert_max_num_queries
):
    campaign = make_campaign(district)
    client.force_login(campaign_office)
    client.get(reverse("campaigns:campaign_detail", args=[campaign.pk]))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("campaigns:campaign_detail", args=[campaign.pk]))
    section = campaign.section_set.get()
    for index in range(30):
        Paragraph.objects.create(
            campaign=campaign, section=section, order=10 + index, marker="-", text=f"Đoạn {index}"
        )

    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("campaigns:campaign_detail", args=[campaign.pk]))


def test_office_creates_edits_and_publishes(client, district, campaign_office):
    client.force_login(campaign_office)
    response = client.post(
        reverse("campaigns:campaign_create"),
        {
            "issuing_body": district.pk,
            "issuing_body_line": "ỦY BAN NHÂN DÂN\nHUYỆN THỬ",
            "symbol": "KH-UBND",
            "document_type": "KẾ HOẠCH",
            "title": "Phát động phong trào thi đua mới",
            "kind": "thematic",
            "period_start": "01/01/2027",
            "period_end": "31/12/2026",
        },
    )
    assert response.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    assert (
        'value="Phát động phong trào thi đua mới"' in response.content.decode()
        or "Phát động phong trào thi đua mới</textarea>" in response.content.decode()
    )

    response = client.post(
        reverse("campaigns:campaign_create"),
        {
            "issuing_body": district.pk,
            "issuing_body_line": "ỦY BAN NHÂN DÂN\nHUYỆN THỬ",
            "symbol": "KH-UBND",
            "document_type": "KẾ HOẠCH",
            "title": "Phát động phong trào thi đua mới",
            "kind": "thematic",
            "period_start": "01/01/2027",
            "number": "7",
            "issue_day": "5",
            "issue_month": "1",
            "issue_year": "2027",
            "signature_lines": "CHỦ TỊCH",
            "signer_name": "Nguyễn Văn A",
        },
    )
    campaign = Campaign.objects.get(title="Phát động phong trào thi đua mới")
    assert campaign.key == "phat-dong-phong-trao-thi-dua-moi-2027"  # made, never typed
    assert response["Location"] == reverse("campaigns:campaign_detail", args=[campaign.pk])

    rows = {
        "section_set-TOTAL_FORMS": "2",
        "section_set-INITIAL_FORMS": "0",
        "section_set-0-numbering": "II.",
        "section_set-0-heading": "NỘI DUNG",
        "section_set-0-role": "content",
        "section_set-0-ORDER": "2",
        "section_set-1-numbering": "I.",
        "section_set-1-heading": "MỤC ĐÍCH",
        "section_set-1-role": "purpose",
        "section_set-1-ORDER": "1",
    }
    response = client.post(reverse("campaigns:campaign_parts", args=[campaign.pk, "muc"]), rows)
    assert response.status_code == 302
    assert list(campaign.section_set.order_by("order").values_list("numbering", flat=True)) == [
        "I.",
        "II.",
    ]

    unconfirmed = client.post(
        reverse("campaigns:campaign_transition", args=[campaign.pk, "publish"]), follow=True
    )
    assert "Hãy đánh dấu ô xác nhận trước khi «ban hành»." in unconfirmed.content.decode()
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.DRAFT
    client.post(
        reverse("campaigns:campaign_transition", args=[campaign.pk, "publish"]), {"confirm": "1"}
    )
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.PUBLISHED
    frozen = client.post(reverse("campaigns:campaign_parts", args=[campaign.pk, "muc"]), rows)
    assert frozen.status_code == 403


def test_json_upload_lists_errors_and_saves_nothing(client, district, campaign_office):
    client.force_login(campaign_office)
    data = minimal_data(district)
    data["title"] = ""

    response = client.post(
        reverse("campaigns:campaign_import"),
        {"file": SimpleUploadedFile("ke-hoach.json", json.dumps(data).encode())},
    )

    assert response.status_code == 400
    assert "<td>Trích yếu</td><td>Không được để trống.</td>" in response.content.decode()
    assert "$.title" not in response.content.decode()
    assert Campaign.objects.count() == 0


def test_json_import_page_names_no_repository_file(client, district, campaign_office):
    # The office has no repository: the format is named by what the app offers (Xuất JSON).
    client.force_login(campaign_office)

    html = client.get(reverse("campaigns:campaign_import")).content.decode()

    assert "«Xuất JSON»" in html
    assert "docs/" not in html and ".md" not in html and "schema.json" not in html


def test_json_upload_for_another_body_refused(client, district, other_office):
    client.force_login(other_office)

    response = client.post(
        reverse("campaigns:campaign_import"),
        {"file": SimpleUploadedFile("ke-hoach.json", json.dumps(minimal_data(district)).encode())},
    )

    assert response.status_code == 400
    assert "Bạn không phải cơ quan thường trực của đơn vị mã" in response.content.decode()


@pytest.mark.django_db
def test_unit_staff_registers_through_the_page(client, district, commune_a, unit_staff_a):
    campaign = make_campaign(district, registration={"enabled": True, "deadline": None})
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.PUBLISHED)
    client.force_login(unit_staff_a)

    response = client.post(
        reverse("campaigns:registration", args=[campaign.pk]),
        {"pledge": "Phấn đấu hoàn thành xuất sắc"},
    )

    assert response.status_code == 302
    assert campaign.registrations.get().unit == commune_a


def test_part_editors_read_numbers_the_vietnamese_way():
    from decimal import Decimal

    from campaigns.forms import part_formset
    from core.forms import VietnameseDecimalField

    form = part_formset("chi-tieu")().empty_form
    assert isinstance(form.fields["value"], VietnameseDecimalField)
    assert form.fields["value"].clean("1.234,5") == Decimal("1234.5")
    assert form.fields["value"].clean("12.000") == Decimal("12000")
