"""Replacing a stored plan from a file keeps its id and everything linked to it, or refuses
clearly when the new file drops a part that records hang on."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from awards.models import Dossier
from campaigns.enums import CampaignState
from campaigns.io import CampaignImportError, export_campaign, import_campaign
from campaigns.models import AwardForm, AwardRound, Campaign, Criterion, Milestone
from core.models import TransitionLog
from reports.models import ReportIndicator, ReportObligation
from tests.factories.awards import award_campaign, make_dossier
from tests.factories.reports import RATE, make_obligation, report_campaign


def test_replace_keeps_ids_of_plan_rounds_forms_and_the_dossiers_on_them(district, commune_a):
    campaign = award_campaign(district, quota={"max_collective": 3})
    dossier = make_dossier(campaign, commune_a)
    round_pk, form_pk = campaign.awardround_set.get().pk, campaign.awardform_set.get().pk
    data = export_campaign(campaign)
    data["title"] = "Tên mới"
    data["unplaced"]["award_rounds"][0]["label"] = "Tổng kết năm 2026 (sửa)"
    data["unplaced"]["quotas"][0]["max_collective"] = 4

    replaced = import_campaign(data, replace=True)

    assert (replaced.pk, replaced.title, replaced.state) == (
        campaign.pk,
        "Tên mới",
        CampaignState.PUBLISHED,
    )
    round_ = AwardRound.objects.get(campaign=campaign)
    assert (round_.pk, round_.label) == (round_pk, "Tổng kết năm 2026 (sửa)")
    assert AwardForm.objects.get(campaign=campaign).pk == form_pk
    assert round_.quotas.get().max_collective == 4
    assert Dossier.objects.get().pk == dossier.pk
    assert Dossier.objects.get().round_id == round_pk


def test_replace_keeps_report_obligations_and_their_indicators_linked(district):
    campaign = report_campaign(district)
    obligation = make_obligation(campaign)
    indicator = ReportIndicator.objects.get(obligation=obligation, label=RATE)
    criterion_pk = indicator.criterion_id
    data = export_campaign(campaign)
    criteria = data["unplaced"]["criteria"]
    # The office rewords one criterion and moves another ahead of it.
    criteria[0]["text"] = criteria[0]["text"] + " (sửa câu chữ)"
    criteria.insert(0, criteria.pop(2))

    import_campaign(data, replace=True)

    obligation.refresh_from_db()
    indicator.refresh_from_db()
    assert obligation.campaign_id == campaign.pk
    assert obligation.milestone_id == Milestone.objects.get(campaign=campaign).pk
    assert indicator.criterion_id == criterion_pk
    assert Criterion.objects.get(pk=criterion_pk).text.endswith("(sửa câu chữ)")
    assert ReportObligation.objects.count() == 1


def test_dropping_a_round_that_dossiers_hang_on_is_refused_and_changes_nothing(district, commune_a):
    campaign = award_campaign(district, quota={"max_collective": 3})
    make_dossier(campaign, commune_a)
    data = export_campaign(campaign)
    data["title"] = "Tên mới"
    data["unplaced"]["award_rounds"][0]["id"] = "dot-khac"
    data["unplaced"]["quotas"][0]["round"] = "dot-khac"
    before = json.dumps(export_campaign(campaign), ensure_ascii=False)

    with pytest.raises(CampaignImportError) as error:
        import_campaign(data, replace=True)

    assert error.value.errors == [
        (
            "Đợt khen thưởng «Tổng kết 2026»",
            "Đã có 1 hồ sơ đề nghị khen thưởng gắn vào; tệp mới không còn mục này nên không "
            "thể thay. Cần giữ mục này trong tệp, với mã «dot-1».",
        )
    ]
    campaign.refresh_from_db()
    assert json.dumps(export_campaign(campaign), ensure_ascii=False) == before
    assert Dossier.objects.get().round.campaign_id == campaign.pk


def test_dropping_a_milestone_that_a_report_obligation_uses_is_refused(district):
    campaign = report_campaign(district)
    make_obligation(campaign)
    data = export_campaign(campaign)
    data["unplaced"]["milestones"] = []

    with pytest.raises(CampaignImportError) as error:
        import_campaign(data, replace=True)

    (problem,) = error.value.errors
    assert problem.where.startswith("Mốc thời gian «")
    assert "yêu cầu báo cáo" in problem.message
    assert Milestone.objects.filter(campaign=campaign).count() == 1


def test_command_replace_keeps_the_id_and_writes_history(district, tmp_path):
    campaign = award_campaign(district)
    data = export_campaign(campaign)
    data["title"] = "Tên mới"
    path = tmp_path / "ke-hoach.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    call_command("import_campaign", str(path), "--replace", stdout=io.StringIO())

    assert list(Campaign.objects.values_list("pk", "title")) == [(campaign.pk, "Tên mới")]
    log = TransitionLog.objects.for_object(campaign).get(action="replace")
    assert (log.actor, log.data) == (None, {"replaced": True})
    with pytest.raises(CommandError, match="Tệp có 1 lỗi"):
        call_command("import_campaign", str(path), stdout=io.StringIO(), stderr=io.StringIO())
