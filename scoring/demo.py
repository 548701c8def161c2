"""Demo: a scored plan of UBND huyện Ninh Hải (communes scored on digital transformation,
with a share-of-target criterion, a sample check, bands, a typed criterion and a capped
bonus; two tie-breaks then a vote), published, and, with `work`, the office's first
entries on the grid and the communes' self-assessment report the plan asks for before
15/12/2026 (none sent yet). Safe to run again: an existing plan is left as it is."""

from decimal import Decimal

from django.db import transaction

from campaigns.enums import CampaignState
from campaigns.io import import_campaign
from campaigns.models import Campaign
from campaigns.services import publish_campaign
from units.models import Unit, User

from .selectors import grid
from .services import save_grid

KEY = "demo-cham-diem-chuyen-doi-so-ninh-hai-2026"

PLAN = {
    "format": "thidua.campaign/1",
    "key": KEY,
    "issuing_body": "NT-NH",
    "header": {
        "issuing_body_lines": ["ỦY BAN NHÂN DÂN", "HUYỆN NINH HẢI"],
        "number": "25",
        "symbol": "KH-UBND",
        "place": "Ninh Hải",
        "date": {"day": 15, "month": 1, "year": 2026},
    },
    "title": "Chấm điểm, xếp hạng chuyển đổi số các xã, thị trấn năm 2026",
    "period": {"start": "2026-01-01", "end": "2026-12-31", "end_text": ""},
    "sections": [
        {
            "numbering": "I.",
            "heading": "TIÊU CHÍ VÀ THANG ĐIỂM",
            "role": "content",
            "paragraphs": [
                {
                    "marker": "1.",
                    "text": "Tổng điểm tối đa 80 điểm và điểm thưởng tối đa 4 điểm; bằng điểm "
                    "thì xét điểm công tác chỉ đạo, rồi tỷ lệ hồ sơ trực tuyến, sau cùng "
                    "Hội đồng bỏ phiếu.",
                },
                {
                    "marker": "2.",
                    "text": "Các xã, thị trấn tự chấm điểm, gửi báo cáo kèm tài liệu kiểm chứng "
                    "về Phòng Văn hóa và Thông tin huyện trước ngày 15/12/2026.",
                    "milestones": [
                        {
                            "id": "bao-cao-tu-cham",
                            "kind": "unit_reports_due",
                            "phrase": "trước ngày 15/12/2026",
                            "precision": "date",
                            "date": "2026-12-15",
                            "due_at": "2026-12-15T00:00:00+07:00",
                            "responsible": "UBND các xã, thị trấn",
                        }
                    ],
                },
            ],
        }
    ],
    "unplaced": {
        "participant_categories": [
            {
                "id": "xa-thi-tran",
                "nominee_kind": "collective",
                "label": "Các xã, thị trấn",
                "unit_kinds": ["commune"],
                "unit_level": "commune",
            }
        ],
        "criteria": [
            {
                "text": "Tỷ lệ hồ sơ thủ tục hành chính trực tuyến toàn trình (chỉ tiêu 80%): "
                "tỷ lệ đạt × 30 điểm",
                "indicator": "Hồ sơ trực tuyến toàn trình",
                "comparator": ">=",
                "value": 80,
                "unit_of_measure": "%",
                "category": "xa-thi-tran",
                "points": 30,
                "formula": "share",
                "tie_break": 2,
            },
            {
                "text": "Kiểm tra ngẫu nhiên 50 hồ sơ, mỗi hồ sơ đạt 0,5 điểm",
                "indicator": "Hồ sơ kiểm tra đạt",
                "category": "xa-thi-tran",
                "points": 25,
                "formula": "per_item",
                "points_per_item": 0.5,
                "sample_size": 50,
                "evidence_required": True,
            },
            {
                "text": "Mức độ hài lòng: 88–90%: 2 điểm; 90–95%: 3 điểm; từ 95%: 5 điểm",
                "indicator": "Mức độ hài lòng",
                "category": "xa-thi-tran",
                "points": 5,
                "formula": "bands",
                "bands": [
                    {"from": 88, "to": 90, "points": 2},
                    {"from": 90, "to": 95, "points": 3},
                    {"from": 95, "to": None, "points": 5},
                ],
            },
            {
                "text": "Công tác chỉ đạo, điều hành: tối đa 20 điểm",
                "indicator": "Công tác chỉ đạo",
                "category": "xa-thi-tran",
                "points": 20,
                "formula": "typed",
                "tie_break": 1,
            },
            {
                "text": "Điểm thưởng: 2 điểm mỗi sáng kiến được công nhận, tối đa 4 điểm",
                "indicator": "Sáng kiến được công nhận",
                "category": "xa-thi-tran",
                "points": 4,
                "formula": "per_item",
                "points_per_item": 2,
                "bonus": True,
            },
        ],
    },
    "recipients": [{"text": "Các xã, thị trấn;"}, {"text": "Lưu: VT."}],
    "signature": {
        "prefix": "KT.",
        "lines": ["CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        "signer": "Trần Văn Bình",
    },
}

# Values per commune, in the criteria's order (the first three communes only: the rest
# are left for the office to enter).
VALUES = [
    ("NT-NH-TRH", [86, 45, 96, 17, 1]),
    ("NT-NH-NHH", [78, 42, 91, 16, 0]),
    ("NT-NH-KH", [72, 48, 89, 16, 1]),
]


def _self_assessment():
    """The communes' self-assessment report the plan asks for (item 2): none has sent it
    yet; due 15/12/2026 or, once that is past, 14 days from the load."""
    from reports.demo import open_obligation  # noqa: PLC0415 - the reports demo owns it
    from reports.enums import ParticipantMode  # noqa: PLC0415
    from units.enums import UnitKind  # noqa: PLC0415

    return open_obligation(
        KEY,
        "bao-cao-tu-cham",
        "Báo cáo tự chấm điểm chuyển đổi số năm 2026 (kèm tài liệu kiểm chứng)",
        office="vanphong",
        days=14,
        phrase="15/12/2026",
        participant_mode=ParticipantMode.KINDS,
        unit_kinds=[UnitKind.PEOPLES_COMMITTEE],
    )


@transaction.atomic
def load(stdout=None, *, work=True, **options):
    if not Unit.objects.filter(code="NT-NH").exists():
        return None
    campaign = Campaign.objects.filter(key=KEY).first()
    if campaign is not None:
        if work:
            _self_assessment()
        return campaign
    campaign = import_campaign(PLAN)
    if campaign.state == CampaignState.DRAFT:
        publish_campaign(campaign, by=None, system=True)
        campaign.refresh_from_db()
    office = User.objects.filter(username="vanphong").first()
    if work and office is not None:
        criteria, rows = grid(campaign)
        units = {row.unit.code: row.unit for row in rows}
        entries = [
            (units[code], criterion, Decimal(value), "Biên bản kiểm tra của Tổ chấm điểm")
            for code, values in VALUES
            if code in units
            for criterion, value in zip(criteria, values, strict=True)
        ]
        save_grid(campaign, entries=entries, by=office)
    if work:
        _self_assessment()
    if stdout is not None:
        stdout.write("Kế hoạch chấm điểm mẫu: 1.")
    return campaign
