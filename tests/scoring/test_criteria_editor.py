"""The plan editor's criteria rows carry the scoring: points, formula, bands as offices
write them, bonus, evidence, tie-break order; checked as the JSON import checks them."""

from django.urls import reverse

from campaigns.models import Criterion
from tests.factories.campaigns import make_campaign


def _row(**fields):
    data = {
        "criterion_set-TOTAL_FORMS": "1",
        "criterion_set-INITIAL_FORMS": "0",
        "criterion_set-0-text": "Mức độ hài lòng",
        "criterion_set-0-comparator": "qualitative",
        "criterion_set-0-ORDER": "1",
    }
    data.update({f"criterion_set-0-{key}": value for key, value in fields.items()})
    return data


def test_bands_are_typed_as_written_and_shown_back(client, district, campaign_office):
    campaign = make_campaign(district)
    client.force_login(campaign_office)
    url = reverse("campaigns:campaign_parts", args=[campaign.pk, "tieu-chi"])

    response = client.post(
        url,
        _row(points="5", formula="bands", bands="88–90: 2; 90-95%: 3; từ 95: 5", tie_break="1"),
    )

    assert response.status_code == 302
    criterion = Criterion.objects.get(campaign=campaign)
    assert criterion.bands == [
        {"from": 88, "to": 90, "points": 2},
        {"from": 90, "to": 95, "points": 3},
        {"from": 95, "to": None, "points": 5},
    ]
    assert criterion.tie_break == 1 and criterion.is_scored
    html = client.get(url).content.decode()
    assert "88–90: 2; 90–95: 3; từ 95: 5" in html
    assert "Cách tính điểm" in html or "cách tính điểm" in html


def test_a_scored_row_without_what_its_formula_reads_is_refused(client, district, campaign_office):
    campaign = make_campaign(district)
    client.force_login(campaign_office)
    url = reverse("campaigns:campaign_parts", args=[campaign.pk, "tieu-chi"])

    response = client.post(url, _row(formula="bands", bands="tám mươi: 2"))

    html = response.content.decode()
    assert response.status_code == 400
    assert "Tiêu chí chấm điểm phải ghi số điểm tối đa." in html
    assert "Khung «tám mươi: 2» chưa đúng" in html
    assert not Criterion.objects.filter(campaign=campaign).exists()
