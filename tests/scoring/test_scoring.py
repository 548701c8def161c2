"""A scored plan: criteria with points and formulas, the evaluators' grid (a reason for
every change after the first entry, evidence when required), totals with the bonus,
ranking with ordered tie-breaks ending in a vote, the ranked list as PDF and Excel."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.enums import CampaignState
from campaigns.io import dumps, export_campaign, import_campaign
from campaigns.models import Campaign, Criterion, Registration
from core.models import TransitionLog
from scoring import points, selectors
from scoring.services import GridRefused, save_grid
from tests.factories.campaigns import minimal_data
from tests.factories.units import make_unit

D = Decimal
CRITERIA = [
    {
        "text": "Tỷ lệ hồ sơ trực tuyến toàn trình",
        "indicator": "Hồ sơ trực tuyến",
        "comparator": ">=",
        "value": 80,
        "points": 30,
        "formula": "share",
        "tie_break": 2,
    },
    {
        "text": "Kiểm tra 50 hồ sơ ngẫu nhiên, mỗi hồ sơ đạt 0,5 điểm",
        "indicator": "Hồ sơ kiểm tra đạt",
        "points": 25,
        "formula": "per_item",
        "points_per_item": 0.5,
        "sample_size": 50,
        "evidence_required": True,
    },
    {
        "text": "Mức độ hài lòng",
        "indicator": "Hài lòng",
        "points": 5,
        "formula": "bands",
        "bands": [
            {"from": 88, "to": 90, "points": 2},
            {"from": 90, "to": 95, "points": 3},
            {"from": 95, "to": None, "points": 5},
        ],
    },
    {
        "text": "Công tác chỉ đạo",
        "indicator": "Chỉ đạo",
        "points": 10,
        "formula": "typed",
        "tie_break": 1,
    },
    {
        "text": "Sáng kiến được công nhận: 2 điểm mỗi sáng kiến, tối đa 4 điểm",
        "indicator": "Sáng kiến",
        "points": 4,
        "formula": "per_item",
        "points_per_item": 2,
        "bonus": True,
    },
]


def scored_plan(district, criteria=CRITERIA):
    campaign = import_campaign(minimal_data(district, unplaced={"criteria": criteria}))
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.PUBLISHED)
    campaign.refresh_from_db()
    return campaign


def communes(district, user, campaign, n):
    units = [make_unit(parent=district, name=f"UBND xã Thử {i:02d}") for i in range(1, n + 1)]
    for unit in units:
        Registration.objects.create(campaign=campaign, unit=unit, registered_by=user)
    return units


def entries(campaign, values):
    """{unit: [share, items, satisfaction, typed, bonus items]} -> save_grid entries."""
    criteria = list(Criterion.objects.filter(campaign=campaign).order_by("order"))
    return [
        (unit, criterion, None if v is None else D(str(v)), "Biên bản kiểm tra số 3")
        for unit, row in values.items()
        for criterion, v in zip(criteria, row, strict=True)
    ]


def test_each_formula_gives_points_within_its_maximum(district):
    campaign = scored_plan(district)
    share, items, bands, typed, bonus = Criterion.objects.filter(campaign=campaign).order_by(
        "order"
    )

    assert points.criterion_points(share, D("72")) == D("27.00")  # 72/80 × 30
    assert points.criterion_points(share, D("96")) == D("30.00")  # never above the maximum
    assert points.criterion_points(items, D("47")) == D("23.50")
    assert [points.criterion_points(bands, D(v)) for v in ("87", "88", "90", "94.9", "99")] == [
        D("0.00"),
        D("2.00"),
        D("3.00"),
        D("3.00"),
        D("5.00"),
    ]
    assert points.criterion_points(typed, D("8.5")) == D("8.50")
    assert points.criterion_points(bonus, D("3")) == D("4.00")  # 3 × 2, bonus capped at 4
    assert points.criterion_points(share, None) is None


def test_scoring_keys_round_trip_and_plain_criteria_are_unchanged(district):
    plain = {"text": "Tiêu chí không chấm điểm"}
    first = export_campaign(
        import_campaign(minimal_data(district, unplaced={"criteria": [*CRITERIA, plain]}))
    )

    exported = first["unplaced"]["criteria"]
    assert exported[0]["formula"] == "share" and exported[0]["tie_break"] == 2
    assert exported[2]["bands"][2] == {"from": 95, "to": None, "points": 5}
    assert exported[4]["bonus"] is True and exported[1]["evidence_required"] is True
    assert "points" not in exported[5] and "formula" not in exported[5]
    again = export_campaign(import_campaign({**first, "key": "ban-sao"}))
    assert dumps({**again, "key": first["key"]}) == dumps(first)


def test_a_scored_plan_ranks_five_communes_with_a_tie_broken_by_the_second_tie_break(
    district, campaign_office
):
    campaign = scored_plan(district)
    a, b, c, d, e = communes(district, campaign_office, campaign, 5)
    save_grid(
        campaign,
        entries=entries(
            campaign,
            {
                # share 30 max; items ×0,5; satisfaction band; typed; bonus items ×2 (cap 4)
                a: [80, 40, 96, 8, 1],  # 30 + 20 + 5 + 8 = 63, + 2 = 65
                b: [72, 44, 91, 8, 1],  # 27 + 22 + 3 + 8 = 60, + 2 = 62
                c: [64, 50, 91, 8, 0],  # 24 + 25 + 3 + 8 = 60
                d: [60, 50, 89, 9, 0],  # 22,5 + 25 + 2 + 9 = 58,5
                e: [56, 50, 89, 8, 3],  # 21 + 25 + 2 + 8 = 56, + 4 = 60
            },
        ),
        by=campaign_office,
    )
    # A change after the first entry, with its reason: c's initiative is recognised
    # (+2 bonus), which brings it level with b in total and on the first tie-break.
    save_grid(
        campaign,
        entries=[
            (c, Criterion.objects.get(campaign=campaign, indicator="Sáng kiến"), D(1), "QĐ 12")
        ],
        reason="Bổ sung sáng kiến được công nhận sau kiểm tra",
        by=campaign_office,
    )

    criteria, ranked = selectors.ranking(campaign)

    assert [(r.unit.name, r.total, r.rank) for r in ranked] == [
        (a.name, D("65.00"), 1),
        (b.name, D("62.00"), 2),  # equal to c in total and on tie-break 1 (8 points):
        (c.name, D("62.00"), 3),  # the second tie-break (the share, 27 > 24) decides
        (e.name, D("60.00"), 4),
        (d.name, D("58.50"), 5),
    ]
    assert ranked[2].decided_by == "tiêu chí xét thứ 2: Hồ sơ trực tuyến"
    assert ranked[1].decided_by == ""


def test_the_last_tie_break_is_the_vote_and_equal_units_share_the_rank(district, campaign_office):
    campaign = scored_plan(district, [CRITERIA[3]])
    a, b, c = communes(district, campaign_office, campaign, 3)
    typed = Criterion.objects.get(campaign=campaign)
    save_grid(
        campaign,
        entries=[(u, typed, D(7), "") for u in (a, b, c)],
        votes=[(a, 3), (b, 5)],
        by=campaign_office,
    )

    _criteria, ranked = selectors.ranking(campaign)

    assert [(r.unit, r.rank, r.decided_by) for r in ranked] == [
        (b, 1, ""),
        (a, 2, "bỏ phiếu"),
        (c, 3, "bỏ phiếu"),
    ]


def test_a_change_after_the_first_entry_needs_a_reason_and_is_in_the_history(
    district, campaign_office
):
    campaign = scored_plan(district)
    (unit,) = communes(district, campaign_office, campaign, 1)
    share, items = Criterion.objects.filter(campaign=campaign).order_by("order")[:2]
    save_grid(campaign, entries=[(unit, share, D(70), "")], by=campaign_office)

    with pytest.raises(GridRefused) as refused:
        save_grid(
            campaign,
            entries=[(unit, share, D(75), ""), (unit, items, D(40), "")],
            by=campaign_office,
        )
    assert refused.value.errors == {
        f"{unit.pk}-{share.pk}": "Sửa kết quả đã nhập cần ghi lý do.",
        f"{unit.pk}-{items.pk}": "Tiêu chí này cần minh chứng.",
    }
    save_grid(
        campaign,
        entries=[(unit, share, D(75), "")],
        reason="Đơn vị bổ sung số liệu",
        by=campaign_office,
    )

    logs = TransitionLog.objects.filter(workflow="score").order_by("pk")
    assert [(log.action, log.reason, log.data["changes"]) for log in logs] == [
        ("enter", "", [["Kết quả", "", "70"]]),
        ("change", "Đơn vị bổ sung số liệu", [["Kết quả", "70", "75"]]),
    ]


def test_the_grid_and_ranking_belong_to_the_issuing_bodys_office_and_reviewers(
    client, district, campaign_office, unit_staff_a, other_office, appraiser
):
    campaign = scored_plan(district)
    communes(district, campaign_office, campaign, 1)
    pages = [
        reverse("scoring:grid", args=[campaign.pk]),
        reverse("scoring:ranking", args=[campaign.pk]),
        reverse("scoring:ranking_export", args=[campaign.pk, "pdf"]),
    ]
    for outsider in (unit_staff_a, other_office):
        client.force_login(outsider)
        assert [client.get(url).status_code for url in pages] == [404, 404, 404]
    client.force_login(appraiser)
    assert client.get(pages[1]).status_code == 200
    client.force_login(campaign_office)
    assert client.get(pages[0]).status_code == 200


def test_the_grid_page_saves_typed_values_and_keeps_them_when_refused(
    client, district, campaign_office
):
    campaign = scored_plan(district)
    (unit,) = communes(district, campaign_office, campaign, 1)
    share, items = Criterion.objects.filter(campaign=campaign).order_by("order")[:2]
    client.force_login(campaign_office)
    url = reverse("scoring:grid", args=[campaign.pk])

    response = client.post(
        url, {f"v-{unit.pk}-{share.pk}": "72,5", f"v-{unit.pk}-{items.pk}": "mười"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kết quả phải là số (ví dụ 92,5)." in html and 'value="mười"' in html
    assert 'value="72,5"' in html

    response = client.post(
        url,
        {
            f"v-{unit.pk}-{share.pk}": "72,5",
            f"v-{unit.pk}-{items.pk}": "40",
            f"e-{unit.pk}-{items.pk}": "Biên bản kiểm tra ngày 12/11/2026",
        },
    )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "27,19 điểm" in html and "20 điểm" in html  # 72,5/80 × 30; 40 × 0,5


def _add_units(campaign, district, user, n):
    communes(district, user, campaign, n)


@pytest.mark.parametrize("name", ["scoring:grid", "scoring:ranking"])
def test_query_count_is_the_same_for_1_and_20_units(client, district, campaign_office, name):
    campaign = scored_plan(district)
    criteria = list(Criterion.objects.filter(campaign=campaign).order_by("order"))
    client.force_login(campaign_office)
    url = reverse(name, args=[campaign.pk])
    counts = []
    for n in (1, 19):
        units = (
            communes(district, campaign_office, campaign, n)
            if n == 1
            else [make_unit(parent=district, name=f"UBND xã Thêm {i}") for i in range(n)]
        )
        for unit in units:
            Registration.objects.get_or_create(
                campaign=campaign, unit=unit, defaults={"registered_by": campaign_office}
            )
        save_grid(
            campaign,
            entries=[(u, c, D(1), "Có") for u in units for c in criteria],
            votes=[(u, 1) for u in units],
            by=campaign_office,
        )
        client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_ranked_list_as_pdf_and_excel(client, district, campaign_office):
    from openpyxl import load_workbook

    campaign = scored_plan(district)
    units = communes(district, campaign_office, campaign, 2)
    save_grid(
        campaign,
        entries=entries(campaign, {units[0]: [80, 40, 96, 8, 1], units[1]: [40, 20, 80, 5, 0]}),
        by=campaign_office,
    )
    client.force_login(campaign_office)

    pdf = client.get(reverse("scoring:ranking_export", args=[campaign.pk, "pdf"]))
    xlsx = client.get(reverse("scoring:ranking_export", args=[campaign.pk, "excel"]))

    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r[0] == "Hạng")
    assert header[:2] == ["Hạng", "Đơn vị"] and header[-3:] == [
        "Điểm thưởng",
        "Tổng điểm",
        "Xét khi bằng điểm",
    ]
    first = rows[rows.index(header) + 1]
    assert first[:2] == [1, units[0].name] and first[-2] == 65
    assert (
        client.get(reverse("scoring:ranking_export", args=[campaign.pk, "csv"])).status_code == 404
    )


def test_a_value_not_typed_is_read_from_the_units_latest_report(
    district, commune_a, campaign_office
):
    from django.utils import timezone

    from reports.enums import SubmissionState
    from tests.factories.reports import (
        RATE,
        make_obligation,
        make_submission,
        report_campaign,
    )

    campaign = report_campaign(
        district,
        criteria=[
            {
                "text": "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ, chỉ tiêu 80%",
                "indicator": RATE,
                "comparator": ">=",
                "value": 80,
                "points": 30,
                "formula": "share",
            }
        ],
    )
    Registration.objects.create(campaign=campaign, unit=commune_a, registered_by=campaign_office)
    make_submission(
        make_obligation(campaign),
        commune_a,
        values={RATE: 62},
        state=SubmissionState.SUBMITTED,
        submitted_at=timezone.now(),
    )

    (criterion,), (row,) = selectors.grid(campaign)
    assert (row.cells[0].reported, row.cells[0].points) == (D("62.00"), D("23.25"))

    save_grid(campaign, entries=[(commune_a, criterion, D(64), "")], by=campaign_office)
    (criterion,), (row,) = selectors.grid(campaign)
    assert row.cells[0].points == D("24.00")  # what the evaluators typed wins
