import copy
import io
import json
from pathlib import Path

import pytest
from django.utils import timezone

from campaigns.io import (
    CampaignImportError,
    dumps,
    export_campaign,
    import_campaign,
    load_schema,
    validate,
)
from campaigns.models import Campaign, Criterion, Milestone, Quota
from campaigns.selectors import basis_paragraphs
from tests.factories.campaigns import minimal_data
from tests.factories.units import make_unit
from units.demo import load as load_units

SEEDS = sorted((Path(__file__).resolve().parents[2] / "campaigns" / "seeds").glob("*.json"))


def test_schema_file_is_valid_json_schema():
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(load_schema())


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_each_seed_imports_and_round_trips(db, path):
    load_units()
    original = json.loads(path.read_text(encoding="utf-8"))

    campaign = import_campaign(original)
    first = export_campaign(campaign)
    Campaign.objects.filter(pk=campaign.pk).delete()
    second = export_campaign(import_campaign(first))

    assert dumps(second) == dumps(first) == path.read_text(encoding="utf-8")


def test_seed_000_structured_parts(db):
    load_units()
    campaign = import_campaign(json.loads(SEEDS[0].read_text(encoding="utf-8")))

    quota = Quota.objects.get(campaign=campaign)
    assert (quota.max_collective, quota.max_individual, quota.form.name, quota.round.label) == (
        3,
        5,
        "Giấy khen của Chủ tịch Ủy ban nhân dân huyện",
        "Khen thưởng Phong trào thi đua Chuyển đổi số năm 2023",
    )
    online = Criterion.objects.get(
        campaign=campaign, indicator="Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ (%)"
    )
    assert online.threshold_for("district")[:2] == (">=", 75)
    assert online.threshold_for("commune")[:2] == (">=", 50)
    deadlines = {
        m.local_id: m.due_at.isoformat() for m in Milestone.objects.filter(campaign=campaign)
    }
    assert deadlines == {
        "ho-so": "2023-11-29T17:00:00+00:00",
        "bao-cao-don-vi": "2023-11-14T17:00:00+00:00",
        "bao-cao-phong": "2023-12-14T17:00:00+00:00",
    }


def test_minimal_plan_without_quotas_deadlines_criteria_imports(db, district):
    campaign = import_campaign(minimal_data(district))

    assert (campaign.period_end, campaign.period_end_text) == (None, "khi sự kiện kết thúc")
    assert (
        campaign.quota_set.count(),
        campaign.milestone_set.count(),
        campaign.criterion_set.count(),
    ) == (0, 0, 0)


def test_invalid_file_saves_nothing_and_names_every_place_in_the_plans_words(db, district):
    data = minimal_data(district)
    data["sections"][0]["paragraphs"][0]["text"] = ""
    data["sections"][0]["role"] = "muc-dich"
    data["header"]["date"] = {"day": 32}
    data["recipients"].append({"suffix": "(b/c)"})
    before = Campaign.objects.count()

    with pytest.raises(CampaignImportError) as error:
        import_campaign(data)

    assert Campaign.objects.count() == before
    assert error.value.errors == [
        ("Ngày ban hành, ngày", "Giá trị 32 nằm ngoài giới hạn: cần từ 1 đến 31."),
        ("Mục I, vai trò của mục", ROLE_MESSAGE),
        ("Mục I, đoạn 1, nội dung", "Không được để trống."),
        ("Nơi nhận, dòng 3", "Thiếu «nội dung» (text): bắt buộc phải có."),
    ]
    assert [e.path for e in error.value.errors] == [
        "$.header.date.day",
        "$.sections[0].role",
        "$.sections[0].paragraphs[0].text",
        "$.recipients[2]",
    ]


ROLE_MESSAGE = (
    "Giá trị «muc-dich» không hợp lệ; phải là một trong: «purpose», «scope», «participants», "
    "«content», «priorities», «targets», «criteria», «awards», «dossier», «timeline», "
    "«budget», «organisation», «other»."
)


def test_broken_references_and_dates_are_reported(db, district):
    data = minimal_data(district)
    data["issuing_body"] = "KHONG-CO"
    paragraph = data["sections"][0]["paragraphs"][0]
    paragraph["milestones"] = [
        {
            "id": "m1",
            "kind": "unit_reports_due",
            "phrase": "trước ngày 31/02",
            "precision": "date",
            "date": "2023-02-31",
        }
    ]
    paragraph["quotas"] = [{"form": "khong-co", "max_collective": 3}]

    errors = validate(copy.deepcopy(data))

    assert errors == [
        (
            "Cơ quan ban hành",
            "Không có đơn vị mã «KHONG-CO»; cần mã của một đơn vị đã có trong hệ thống.",
        ),
        ("Mục I, mốc thời gian 1, ngày", "Ngày 31/02/2023 không có trong lịch."),
        (
            "Mục I, số lượng khen thưởng 1, hình thức khen thưởng",
            "Không tìm thấy «khong-co»: cần mã của một hình thức khen thưởng có trong tệp.",
        ),
    ]


def _nested_plan(district):
    """Mục II with sub-sections 1., 2., 3., the third holding two paragraphs of targets."""
    data = minimal_data(district)
    target = {"text": "100% văn bản được ký số", "comparator": "=", "value": 100}
    data["sections"].append(
        {
            "numbering": "II.",
            "heading": "NỘI DUNG",
            "role": "content",
            "paragraphs": [],
            "sections": [
                {"numbering": n, "heading": h, "paragraphs": [{"text": "…"}]}
                for n, h in (("1.", "Phạm vi"), ("2.", "Đối tượng"))
            ]
            + [
                {
                    "numbering": "3.",
                    "heading": "Chỉ tiêu",
                    "role": "targets",
                    "paragraphs": [
                        {"marker": "-", "text": "Chính quyền số:", "targets": [dict(target)]},
                        {"marker": "-", "text": "Kinh tế số:", "targets": [dict(target)]},
                    ],
                }
            ],
        }
    )
    return data


def test_schema_and_reference_errors_come_in_one_pass_by_the_plans_numbering(db, district):
    data = _nested_plan(district)
    targets = data["sections"][1]["sections"][2]["paragraphs"][1]["targets"]
    targets[0]["value"] = "một trăm"
    data["sections"][1]["sections"][0]["organisation_unit"] = "PHONG-KHONG-CO"
    data["period"]["end"] = "31/12/2026"
    data["unplaced"] = {
        "milestones": [{"id": "m", "kind": "other", "phrase": "trước 30/02", "precision": "yearly"}]
    }

    errors = validate(data)

    assert [(e.where, e.message) for e in errors] == [
        (
            "Thời gian thực hiện, ngày kết thúc",
            "Giá trị «31/12/2026» không đúng: cần ngày dạng yyyy-mm-dd (năm-tháng-ngày), "
            "ví dụ 2023-11-30.",
        ),
        (
            "Mục II.1, đơn vị thực hiện",
            "Không có đơn vị mã «PHONG-KHONG-CO»; cần mã của một đơn vị đã có trong hệ thống, "
            "hoặc để trống (null) và chỉ ghi tên cơ quan.",
        ),
        (
            "Mục II.3, chỉ tiêu 2, giá trị",
            "Giá trị «một trăm» sai kiểu: cần số hoặc null (để trống).",
        ),
        (
            "Phần dữ liệu chưa gắn với đoạn nào, mốc thời gian 1",
            "Mốc hằng năm phải ghi ngày (1–31) và tháng (1–12).",
        ),
    ]


def test_an_unknown_organisation_code_is_an_error_not_a_silent_null(db, district):
    data = minimal_data(district)
    data["sections"][0]["organisation"] = "Phòng Văn hóa và Thông tin"
    data["sections"][0]["organisation_unit"] = "KHONG-CO"

    with pytest.raises(CampaignImportError) as error:
        import_campaign(data)

    assert [e.path for e in error.value.errors] == ["$.sections[0].organisation_unit"]
    assert Campaign.objects.count() == 0
    data["sections"][0]["organisation_unit"] = district.code
    assert import_campaign(data).section_set.get().organisation_unit == district


def test_duplicate_key_refused_without_replace(db, district):
    data = minimal_data(district)
    import_campaign(data)

    with pytest.raises(CampaignImportError) as error:
        import_campaign(data)

    assert error.value.errors == [
        (
            "Mã kế hoạch",
            f"Đã có kế hoạch mã «{data['key']}»; cần mã khác, hoặc chọn thay kế hoạch đó.",
        )
    ]


def test_commands_export_then_import(db, district, tmp_path):
    from django.core.management import call_command

    campaign = import_campaign(minimal_data(district))
    out = tmp_path / "ke-hoach.json"
    call_command(
        "export_campaign", str(campaign.pk), output=str(out), stdout=open(tmp_path / "log", "w")
    )
    exported = out.read_text(encoding="utf-8")
    Campaign.objects.all().delete()

    call_command("import_campaign", str(out), stdout=open(tmp_path / "log2", "w"))

    assert dumps(export_campaign(Campaign.objects.get())) == exported


EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "minimal-campaign.json"


def test_documented_minimal_example_imports_and_round_trips(db):
    make_unit(name="UBND huyện Ninh Hải", code="NT-NH")

    campaign = import_campaign(json.loads(EXAMPLE.read_text(encoding="utf-8")))

    assert (campaign.period_end, campaign.period_end_text) == (None, "đến khi kết thúc Ngày hội")
    counts = [
        campaign.quota_set.count(),
        campaign.milestone_set.count(),
        campaign.criterion_set.count(),
        campaign.target_set.count(),
        campaign.awardform_set.count(),
    ]
    assert counts == [0, 0, 0, 0, 0]
    first = dumps(export_campaign(campaign))
    Campaign.objects.all().delete()
    assert dumps(export_campaign(import_campaign(json.loads(first)))) == first


def _with_milestone(district, **milestone):
    data = minimal_data(district)
    data["sections"][0]["paragraphs"][0]["milestones"] = [
        {"id": "m", "kind": "unit_reports_due", "phrase": "như in", **milestone}
    ]
    return data


@pytest.mark.parametrize(
    ("milestone", "expected"),
    [
        ({"precision": "date", "date": "2023-11-30"}, "2023-11-30T00:00:00+07:00"),
        ({"precision": "quarter", "quarter": 4, "year": 2025}, "2025-12-31T23:59:59+07:00"),
        ({"precision": "quarter", "quarter": 3, "year": 2024}, "2024-09-30T23:59:59+07:00"),
        ({"precision": "quarter", "quarter": 1, "year": 2024}, "2024-03-31T23:59:59+07:00"),
        ({"precision": "year", "year": 2025}, "2025-12-31T23:59:59+07:00"),
        ({"precision": "yearly", "day": 20, "month": 12}, None),
        ({"precision": "none"}, None),
        # an explicit value wins, and an explicit null stays null
        (
            {"precision": "date", "date": "2023-11-30", "due_at": "2023-11-30T17:00:00+07:00"},
            "2023-11-30T17:00:00+07:00",
        ),
        ({"precision": "date", "date": "2023-11-30", "due_at": None}, None),
    ],
)
def test_milestone_deadline_resolved_in_vietnam_time_when_absent(district, milestone, expected):
    campaign = import_campaign(_with_milestone(district, **milestone))

    exported = export_campaign(campaign)["sections"][0]["paragraphs"][0]["milestones"][0]
    assert exported["due_at"] == expected


def test_yearly_milestone_deadline_per_year(district):
    campaign = import_campaign(_with_milestone(district, precision="yearly", day=20, month=12))

    due = Milestone.objects.get(campaign=campaign).due_in_year(2024)
    assert timezone.localtime(due).isoformat() == "2024-12-20T00:00:00+07:00"


def test_first_legal_basis_item_cannot_continue(district):
    data = minimal_data(district)
    data["legal_basis"] = [{"kind": "can_cu", "text": "Căn cứ Luật Thi đua;", "continues": True}]

    assert validate(data) == [
        ("Căn cứ 1, in tiếp cùng đoạn", "Căn cứ đầu tiên không thể in tiếp đoạn trước: cần false.")
    ]


def test_seed_001_cites_four_documents_in_one_printed_paragraph(db):
    load_units()
    campaign = import_campaign(json.loads(SEEDS[1].read_text(encoding="utf-8")))

    paragraphs = basis_paragraphs(campaign.legalbasis_set.order_by("order"))

    assert len(paragraphs) == 1
    assert [(i.doc_number, str(i.doc_date), i.issuer) for i in paragraphs[0].items] == [
        ("749/QĐ-TTg", "2020-06-03", "Thủ tướng Chính phủ"),
        ("09-NQ/TU", "2021-11-01", "Tỉnh ủy Đắk Nông"),
        ("01/CT-UBND", "2022-01-11", ""),
        ("70-KH/HU", "2022-01-21", "Huyện ủy Đắk Song"),
    ]
    assert paragraphs[0].text.startswith(
        "Thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ về việc "
        "phê duyệt “Chương trình Chuyển đổi số Quốc gia đến năm 2025, định hướng đến năm "
        "2030”; Nghị quyết số 09-NQ/TU ngày 01/11/2021"
    )


@pytest.mark.parametrize(
    ("stem", "parents"),
    [
        ("000_ninh-hai", ["1076/KH-UBND"]),
        ("001_dak-song", []),
        ("002_ung-hoe", ["98/KH-UBND"]),
        ("003_buon-ma-thuot", ["39/KH-UBND"]),
        ("004_so-gtvt-ninh-thuan", ["3420/KH-UBND"]),
    ],
)
def test_each_seed_names_its_parent_plan(stem, parents):
    data = json.loads((SEEDS[0].parent / f"{stem}.json").read_text(encoding="utf-8"))

    assert [b["doc_number"] for b in data["legal_basis"] if b["is_parent_plan"]] == parents


def test_import_command_prints_every_error_with_its_path(db, district, tmp_path):
    from django.core.management import CommandError, call_command

    data = minimal_data(district)
    data["title"] = ""
    data["recipients"] = [{}]
    path = tmp_path / "loi.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError, match="Tệp có 2 lỗi; không lưu gì."):
        call_command("import_campaign", str(path), stdout=io.StringIO(), stderr=err)

    assert err.getvalue().splitlines() == [
        "Trích yếu: Không được để trống. [$.title]",
        "Nơi nhận, dòng 1: Thiếu «nội dung» (text): bắt buộc phải có. [$.recipients[0]]",
    ]
    assert Campaign.objects.count() == 0
