import copy
import json
from pathlib import Path

import pytest

from campaigns.io import (
    CampaignImportError,
    dumps,
    export_campaign,
    import_campaign,
    load_schema,
    validate,
)
from campaigns.models import Campaign, Criterion, Milestone, Quota
from tests.factories.campaigns import minimal_data
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


def test_invalid_file_saves_nothing_and_names_every_path(db, district):
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
        ("$.header.date.day", "Giá trị 32 nằm ngoài giới hạn cho phép."),
        ("$.recipients[2]", "Thiếu trường bắt buộc «text»."),
        ("$.sections[0].paragraphs[0].text", "Không được để trống."),
        (
            "$.sections[0].role",
            "Giá trị «muc-dich» không hợp lệ; phải là một trong: «purpose», «scope», «participants», «content», «priorities», «targets», «criteria», «awards», «dossier», «timeline», «budget», «organisation», «other».",
        ),
    ]


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
        ("$.issuing_body", "Không có đơn vị mã «KHONG-CO»."),
        ("$.sections[0].paragraphs[0].milestones[0].date", "Ngày «2023-02-31» không tồn tại."),
        ("$.sections[0].paragraphs[0].quotas[0].form", "Không tìm thấy «khong-co»."),
    ]


def test_duplicate_key_refused_without_replace(db, district):
    data = minimal_data(district)
    import_campaign(data)

    with pytest.raises(CampaignImportError) as error:
        import_campaign(data)

    assert error.value.errors == [("$.key", f"Đã có kế hoạch mã «{data['key']}».")]


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
