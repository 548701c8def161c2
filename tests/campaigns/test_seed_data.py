"""What the issue asks the plan data to hold, checked on the seeds once imported."""

import json
from collections import Counter
from pathlib import Path

import pytest

from campaigns.io import import_campaign
from campaigns.models import Section
from units.demo import load as load_units

SEEDS = Path(__file__).resolve().parents[2] / "campaigns" / "seeds"


@pytest.fixture
def seed(db):
    load_units()
    return lambda stem: import_campaign(
        json.loads((SEEDS / f"{stem}.json").read_text(encoding="utf-8"))
    )


def _num(value):
    return None if value is None else int(value)


def test_001_targets_grouped_as_the_plan_groups_them(seed):
    campaign = seed("001_dak-song")
    targets = list(campaign.target_set.order_by("order"))

    assert Counter(t.group for t in targets) == {
        "Chính quyền số": 10,
        "Kinh tế số": 5,
        "Xã hội số": 9,
    }
    measured = [
        (t.comparator, _num(t.value), _num(t.value_max))
        for t in targets
        if t.group == "Xã hội số" and t.is_measurable
    ]
    assert measured == [(">=", 80, None), (">", 80, None), ("=", 100, None), (">", 50, None)] + [
        ("range", 65, 70)
    ]


def test_001_criteria_per_participant_category(seed):
    campaign = seed("001_dak-song")

    measurable = [
        (c.category.local_id, c.comparator, _num(c.value))
        for c in campaign.criterion_set.select_related("category").order_by("order")
        if c.is_measurable
    ]
    kinds = Counter(c.category.local_id for c in campaign.criterion_set.select_related("category"))

    assert measurable == [
        ("tap-the", "yes_no", None),
        ("phong-ban-huyen", ">=", 90),
        ("phong-ban-huyen", "=", 100),
        ("phong-ban-huyen", ">=", 70),
        ("cap-xa", ">=", 70),
        ("cap-xa", "=", 100),
        ("cap-xa", "=", 100),
    ]
    assert kinds == {
        "tap-the": 3,
        "phong-ban-huyen": 6,
        "cap-xa": 4,
        "doanh-nghiep": 1,
        "ca-nhan": 3,
    }


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        (
            "002_ung-hoe",
            [
                (
                    "tap-the",
                    ">=",
                    90,
                    "Bộ chỉ số đánh giá Chuyển đổi số huyện Ninh Giang (phần dành cho cấp xã)",
                )
            ],
        ),
        (
            "003_buon-ma-thuot",
            [
                (
                    "phong-ban",
                    ">",
                    70,
                    "Quyết định số 2534/QĐ-UBND ngày 11/11/2022 của UBND tỉnh Đắk Lắk",
                ),
                (
                    "xa-phuong",
                    ">",
                    70,
                    "Quyết định số 2534/QĐ-UBND ngày 11/11/2022 của UBND tỉnh Đắk Lắk",
                ),
            ],
        ),
    ],
)
def test_criteria_scored_on_an_external_index(seed, stem, expected):
    campaign = seed(stem)

    scored = [
        (c.category.local_id, c.comparator, _num(c.value), c.external_index)
        for c in campaign.criterion_set.select_related("category").order_by("order")
        if c.external_index
    ]

    assert scored == expected


def test_001_awards_rounds_quota_and_ratio(seed):
    campaign = seed("001_dak-song")

    rounds = [
        (r.kind, r.year, r.milestone.phrase, sorted(f.local_id for f in r.forms.all()))
        for r in campaign.awardround_set.select_related("milestone").order_by("order")
    ]
    quota = campaign.quota_set.select_related("form", "round").get()
    ratio = campaign.ratiorule_set.get()

    assert rounds == [
        ("mid_term", 2023, "thời gian trong Quý IV năm 2023", ["gk-ct-huyen"]),
        (
            "final",
            2025,
            "thời gian vào Quý IV năm 2025",
            ["bk-ct-tinh", "gk-ct-huyen-xa", "gk-thu-truong"],
        ),
    ]
    assert (quota.round.kind, quota.form.local_id, quota.max_collective, quota.max_individual) == (
        "mid_term",
        "gk-ct-huyen",
        5,
        10,
    )
    assert (_num(ratio.direct_min_pct), _num(ratio.leader_max_pct)) == (70, 30)
    assert [(f.local_id, f.authority) for f in campaign.awardform_set.order_by("order")] == [
        ("gk-ct-huyen", "decided_here"),
        ("bk-ct-tinh", "proposed_up"),
        ("gk-thu-truong", "decided_down"),
        ("gk-ct-huyen-xa", "decided_here"),
    ]


@pytest.mark.parametrize(
    ("stem", "milestones"),
    [
        (
            "000_ninh-hai",
            [
                ("nominations_due", "date", "2023-11-30 00:00"),
                ("office_report_due", "date", "2023-12-15 00:00"),
                ("unit_reports_due", "date", "2023-11-15 00:00"),
            ],
        ),
        (
            "001_dak-song",
            [
                ("mid_term_review", "quarter", "2023-12-31 23:59"),
                ("final_review", "quarter", "2025-12-31 23:59"),
                ("office_report_due", "yearly", None),
                ("unit_plans_due", "quarter", "2023-06-30 23:59"),
                ("unit_reports_due", "yearly", None),
            ],
        ),
        (
            "003_buon-ma-thuot",
            [
                ("mid_term_review", "quarter", "2024-09-30 23:59"),
                ("final_review", "quarter", "2025-12-31 23:59"),
                ("unit_plans_due", "date", "2023-07-30 00:00"),
                ("office_report_due", "yearly", None),
                ("unit_reports_due", "yearly", None),
            ],
        ),
    ],
)
def test_milestones_kinds_and_deadlines_in_vietnam_time(seed, stem, milestones):
    from django.utils import timezone

    campaign = seed(stem)

    assert [
        (
            m.kind,
            m.precision,
            timezone.localtime(m.due_at).strftime("%Y-%m-%d %H:%M") if m.due_at else None,
        )
        for m in campaign.milestone_set.order_by("order")
    ] == milestones


@pytest.mark.parametrize(
    ("stem", "organisations"),
    [
        (
            "000_ninh-hai",
            [
                "Phòng Văn hoá và Thông tin",
                "Phòng Nội vụ",
                "Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các đoàn thể huyện",
                "Thủ trưởng các tổ chức, đơn vị, địa phương",
                "Trung tâm Văn hoá, Thể thao và Truyền thanh huyện",
            ],
        ),
        ("004_so-gtvt-ninh-thuan", ["Các phòng, đơn vị thuộc và trực thuộc Sở", "Văn phòng Sở"]),
    ],
)
def test_duties_per_implementing_organisation_in_order(seed, stem, organisations):
    campaign = seed(stem)

    duties = [
        (s.organisation, s.paragraphs.count())
        for s in Section.objects.filter(campaign=campaign, role="organisation")
        .exclude(organisation="")
        .order_by("order")
    ]

    assert [name for name, _count in duties] == organisations
    assert all(count >= 1 for _name, count in duties)


def test_002_header_signature_and_recipients(seed):
    campaign = seed("002_ung-hoe")

    recipients = list(campaign.recipient_set.order_by("order").values_list("text", "suffix"))

    assert (campaign.signing_prefix, campaign.signature_lines.split("\n")) == (
        "TM.",
        ["TM. ỦY BAN NHÂN DÂN XÃ", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    )
    assert recipients[2] == ("Phòng Văn hóa Thông tin huyện(để báo cáo);", "(để báo cáo)")
    assert recipients[-1] == ("Lưu: VT, VHTT.", "")


def test_004_governing_body_above_the_department(seed):
    campaign = seed("004_so-gtvt-ninh-thuan")

    assert (campaign.governing_body_line, campaign.issuing_body_line, campaign.symbol) == (
        "UBND TỈNH NINH THUẬN",
        "SỞ GIAO THÔNG VẬN TẢI",
        "KH-SGTVT",
    )
    assert (campaign.issue_day, campaign.issue_month, campaign.issue_year) == (None, 8, 2022)


def test_003_opening_three_basis_paragraphs_then_the_intro(seed):
    from campaigns.selectors import basis_paragraphs

    campaign = seed("003_buon-ma-thuot")

    paragraphs = basis_paragraphs(campaign.legalbasis_set.order_by("order"))

    assert [(p.kind, len(p.items)) for p in paragraphs] == [
        ("can_cu", 3),
        ("can_cu", 8),
        ("thuc_hien", 1),
    ]
    assert [i.doc_number for i in paragraphs[2].items if i.is_parent_plan] == ["39/KH-UBND"]
    assert campaign.intro == (
        "Để đẩy nhanh tiến độ thực hiện Chuyển đổi số giai đoạn 2023 - 2025 trên địa bàn thành "
        "phố, UBND thành phố ban hành Kế hoạch phát động Phong trào thi đua “Chuyển đổi số "
        "giai đoạn 2023 - 2025” trên địa bàn thành phố (sau đây gọi tắt là “Phong trào thi đua "
        "Chuyển đổi số”), cụ thể như sau:"
    )
