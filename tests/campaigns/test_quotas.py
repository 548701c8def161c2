"""Quotas as provincial plans write them: for a named body, for each commune (exactly 2,
collective or individual), and percentages of the participants, not of the dossiers."""

import pytest

from campaigns import quotas
from campaigns.io import dumps, export_campaign, import_campaign, validate
from campaigns.models import Quota
from tests.factories.campaigns import minimal_data
from tests.factories.units import make_unit
from units.enums import UnitKind, UnitLevel

C, IND = "collective", "individual"


def _plan(district, quota_list):
    return minimal_data(
        district,
        unplaced={
            "award_forms": [
                {
                    "id": "bang-khen",
                    "name": "Bằng khen của Chủ tịch UBND tỉnh",
                    "authority": "decided_here",
                }
            ],
            "quotas": [{"form": "bang-khen", **q} for q in quota_list],
        },
    )


@pytest.fixture
def board(district):
    return make_unit(
        parent=district, name="Ban Chỉ đạo", kind=UnitKind.OFFICE, level=UnitLevel.DISTRICT
    )


def test_each_kind_of_quota_round_trips_and_plain_plans_are_unchanged(district, board):
    data = _plan(
        district,
        [
            {
                "text": "Ban Chỉ đạo: 05 cá nhân",
                "applies_to": "unit",
                "unit": board.code,
                "max_individual": 5,
            },
            {
                "text": "mỗi xã, phường chọn 02 trường hợp, tập thể hoặc cá nhân",
                "applies_to": "each_unit",
                "unit_kind": "commune",
                "max_total": 2,
                "exact": True,
            },
            {
                "text": "không quá 10% tập thể, 5% cá nhân đối tượng trực tiếp tham gia phong trào",
                "pct_collective": 10,
                "pct_individual": 5,
                "pct_base": "participants",
                "base_collective": 25,
                "base_individual": 400,
            },
            {"text": "Không quá 03 tập thể", "max_collective": 3},
        ],
    )

    first = export_campaign(import_campaign(data))

    exported = first["unplaced"]["quotas"]
    assert exported[0]["applies_to"] == "unit" and exported[0]["unit"] == board.code
    assert (exported[1]["per_unit"], exported[1]["exact"], exported[1]["unit_kind"]) == (
        True,
        True,
        "commune",
    )
    assert (exported[2]["pct_base"], exported[2]["base_individual"]) == ("participants", 400)
    assert set(exported[3]) == {
        "text",
        "form",
        "round",
        "max_collective",
        "max_individual",
        "max_total",
        "per_unit",
        "pct_collective",
        "pct_individual",
    }
    again = export_campaign(import_campaign({**first, "key": "ban-sao"}))
    assert dumps({**again, "key": first["key"]}) == dumps(first)


def test_a_named_unit_must_exist_and_targets_need_their_unit_or_kind(district):
    data = _plan(
        district,
        [
            {"applies_to": "unit", "unit": "KHONG-CO", "max_individual": 5},
            {"applies_to": "each_unit", "max_total": 2},
            {"pct_individual": 5, "pct_base": "participants"},
        ],
    )

    assert [(e.where, e.message) for e in validate(data)] == [
        (
            "Phần dữ liệu chưa gắn với đoạn nào, số lượng khen thưởng 1, đơn vị được nêu tên",
            "Không có đơn vị mã «KHONG-CO»; cần mã của một đơn vị đã có trong hệ thống.",
        ),
        (
            "Phần dữ liệu chưa gắn với đoạn nào, số lượng khen thưởng 2, loại đơn vị",
            "Số lượng theo loại đơn vị phải ghi loại đơn vị.",
        ),
        (
            "Phần dữ liệu chưa gắn với đoạn nào, số lượng khen thưởng 3, số cá nhân trực tiếp tham gia",
            "Tỷ lệ tính trên đối tượng trực tiếp tham gia: cần ghi số cá nhân trực tiếp tham gia.",
        ),
    ]


def test_whom_each_quota_counts(district, board, commune_a):
    campaign = import_campaign(
        _plan(
            district,
            [
                {"max_collective": 3},
                {"applies_to": "unit", "unit": board.code, "max_individual": 5},
                {"applies_to": "unit_kind", "unit_kind": "commune", "max_total": 6},
                {"applies_to": "each_unit", "unit_kind": "commune", "max_total": 2, "exact": True},
            ],
        )
    )
    whole, named, kind, each = Quota.objects.filter(campaign=campaign).order_by("order")

    assert [quotas.applies_to(q, board) for q in (whole, named, kind, each)] == [
        True,
        True,
        False,
        False,
    ]
    assert [quotas.applies_to(q, commune_a) for q in (whole, named, kind, each)] == [
        True,
        False,
        True,
        True,
    ]
    assert [quotas.counts_each_unit_apart(q) for q in (whole, named, kind, each)] == [
        False,
        False,
        False,
        True,
    ]


def test_exact_and_maximum_counts(district):
    campaign = import_campaign(
        _plan(
            district, [{"max_total": 2, "exact": True}, {"max_collective": 3, "max_individual": 5}]
        )
    )
    exact, maximum = Quota.objects.filter(campaign=campaign).order_by("order")

    assert [quotas.verdict(exact, None, n)[0] for n in (1, 2, 3)] == [False, True, False]
    assert [quotas.verdict(maximum, C, n)[0] for n in (0, 3, 4)] == [True, True, False]
    assert quotas.verdict(maximum, IND, 6) == (False, 5)


def test_percentages_are_taken_of_participants_when_the_plan_says_so(district):
    campaign = import_campaign(
        _plan(
            district,
            [
                {
                    "pct_collective": 10,
                    "pct_individual": 5,
                    "pct_base": "participants",
                    "base_collective": 25,
                    "base_individual": 400,
                },
                {"pct_collective": 10, "pct_individual": 5},
            ],
        )
    )
    participants, filed = Quota.objects.filter(campaign=campaign).order_by("order")

    # 10% of 25 participating collectives is 2, whatever number of dossiers was filed.
    assert quotas.allowance(participants, C, filed=3) == 2
    assert quotas.allowance(participants, IND, filed=3) == 20
    assert quotas.verdict(participants, IND, 20, filed=30) == (True, 20)
    assert quotas.verdict(participants, IND, 21, filed=300) == (False, 20)
    # Without the base, the percentage is of what was filed (the earlier behaviour).
    assert quotas.allowance(filed, C, filed=30) == 3
