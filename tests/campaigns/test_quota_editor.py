"""The plan editor's quota rows: whom a quota counts, exact counts and the percentage base,
with Vietnamese labels, unit names (never codes or ids) and clear errors."""

from django.urls import reverse

from campaigns.models import Quota
from tests.factories.campaigns import make_campaign
from tests.factories.units import make_unit
from units.enums import UnitKind, UnitLevel


def _campaign(district):
    return make_campaign(
        district,
        unplaced={
            "award_forms": [
                {
                    "id": "giay-khen",
                    "name": "Giấy khen của Chủ tịch UBND huyện",
                    "authority": "decided_here",
                }
            ]
        },
    )


def _row(campaign, **fields):
    form = campaign.awardform_set.get()
    data = {
        "quota_set-TOTAL_FORMS": "1",
        "quota_set-INITIAL_FORMS": "0",
        "quota_set-0-form": str(form.pk),
        "quota_set-0-text": "Ban Chỉ đạo: 05 cá nhân",
        "quota_set-0-applies_to": "round",
        "quota_set-0-pct_base": "filed",
        "quota_set-0-ORDER": "1",
    }
    data.update({f"quota_set-0-{key}": value for key, value in fields.items()})
    return data


def test_the_quota_rows_show_whom_in_words(client, district, campaign_office):
    board = make_unit(
        parent=district, name="Ban Chỉ đạo", kind=UnitKind.OFFICE, level=UnitLevel.DISTRICT
    )
    other = make_unit(name="UBND huyện khác")
    campaign = _campaign(district)
    client.force_login(campaign_office)

    html = client.get(
        reverse("campaigns:campaign_parts", args=[campaign.pk, "so-luong"])
    ).content.decode()

    for label in (
        "Áp dụng cho",
        "Đơn vị được nêu tên",
        "Loại đơn vị",
        "Đúng số lượng",
        "Tỷ lệ tính trên",
        "Số tập thể trực tiếp tham gia",
        "Số cá nhân trực tiếp tham gia",
        "mỗi đơn vị thuộc một loại",
        "đối tượng trực tiếp tham gia phong trào",
    ):
        assert label.lower() in html.lower()
    assert ">Ban Chỉ đạo</option>" in html
    assert board.code not in html and other.name not in html  # names, within the body


def test_a_named_unit_and_each_unit_of_a_kind_are_saved(client, district, campaign_office):
    board = make_unit(parent=district, name="Ban Chỉ đạo", kind=UnitKind.OFFICE)
    campaign = _campaign(district)
    client.force_login(campaign_office)
    url = reverse("campaigns:campaign_parts", args=[campaign.pk, "so-luong"])

    response = client.post(
        url, _row(campaign, applies_to="unit", unit=str(board.pk), max_individual="5")
    )
    assert response.status_code == 302
    quota = Quota.objects.get(campaign=campaign)
    assert (quota.applies_to, quota.unit, quota.max_individual) == ("unit", board, 5)

    rows = _row(
        campaign,
        id=str(quota.pk),
        text="mỗi xã, phường chọn 02 trường hợp",
        applies_to="each_unit",
        unit=str(board.pk),
        unit_kind="commune",
        max_total="2",
        exact="on",
    )
    rows["quota_set-INITIAL_FORMS"] = "1"
    assert client.post(url, rows).status_code == 302
    quota.refresh_from_db()
    assert (quota.applies_to, quota.unit, quota.unit_kind, quota.per_unit, quota.exact) == (
        "each_unit",
        None,
        "commune",
        True,
        True,
    )


def test_missing_unit_kind_or_participants_are_refused_keeping_the_row(
    client, district, campaign_office
):
    campaign = _campaign(district)
    client.force_login(campaign_office)
    url = reverse("campaigns:campaign_parts", args=[campaign.pk, "so-luong"])

    response = client.post(
        url,
        _row(
            campaign,
            text="mỗi xã chọn 02 trường hợp",
            applies_to="each_unit",
            max_total="2",
            pct_individual="5",
            pct_base="participants",
        ),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Số lượng theo loại đơn vị: chọn loại đơn vị." in html
    assert "nhập số cá nhân trực tiếp tham gia" in html
    assert "mỗi xã chọn 02 trường hợp" in html
    assert not Quota.objects.filter(campaign=campaign).exists()


def test_no_english_column_names(client, district, campaign_office):
    campaign = _campaign(district)
    client.force_login(campaign_office)

    html = client.get(
        reverse("campaigns:campaign_parts", args=[campaign.pk, "so-luong"])
    ).content.decode()

    assert "Hình thức khen thưởng</th>" in html and "Đợt khen thưởng</th>" in html
    assert ">Form<" not in html and ">Round<" not in html
