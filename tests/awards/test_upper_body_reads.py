"""A body above reads what the bodies below do but does not act for them: the province's
office of the demo (its grant on Tỉnh Ninh Thuận, above UBND huyện Ninh Hải) sees Ninh
Hải's dossiers and decisions, and may not accept, return or refuse them, nor draft Ninh
Hải's decisions; Ninh Hải's own office may."""

import io

import pytest
from django.core.management import call_command

from awards.dashboard import award_cards
from awards.enums import DossierState
from awards.models import Dossier
from decisions.models import Decision
from decisions.rules import can_draft_for_round
from units.models import User

pytestmark = pytest.mark.django_db


def test_the_province_office_reads_but_does_not_act_on_a_district_round():
    call_command("load_demo", stdout=io.StringIO())
    province = User.objects.get(username="vanphong_ninhthuan")
    district = User.objects.get(username="vanphong")
    waiting = Dossier.objects.filter(
        round__campaign__key="seed-000-ninh-hai",
        state__in=[DossierState.SUBMITTED, DossierState.RESUBMITTED],
    )
    assert waiting.exists()
    for dossier in waiting:
        assert province.has_perm("awards.view_dossier", dossier)
        for action in ("accept", "return", "refuse"):
            assert not province.has_perm(f"awards.{action}_dossier", dossier), action
        assert district.has_perm("awards.accept_dossier", dossier)
    # Nor are they work on its first page; the Đắk Nông office's upward dossier is.
    cards = {c.title: c.count for c in award_cards(province)}
    assert cards["Hồ sơ chờ tiếp nhận"] == 0
    upper = User.objects.get(username="vanphong_daknong")
    assert {c.title: c.count for c in award_cards(upper)}["Hồ sơ chờ tiếp nhận"] == 1
    round_ = waiting.first().round
    assert can_draft_for_round(district, round_)
    assert not can_draft_for_round(province, round_)
    decision = Decision.objects.filter(issuing_body=round_.campaign.issuing_body).first()
    assert province.has_perm("decisions.view_decision", decision)
    assert not province.has_perm("decisions.change_decision", decision)


def test_the_province_office_reads_a_district_s_reports_and_acts_on_what_is_sent_up():
    from reports.enums import SubmissionState
    from reports.models import ConsolidatedReport, ReportSubmission
    from reports.selectors import obligations_managed_by

    call_command("load_demo", stdout=io.StringIO())
    province = User.objects.get(username="vanphong_ninhthuan")
    district = User.objects.get(username="vanphong")
    sent = ReportSubmission.objects.filter(
        obligation__campaign__key="seed-000-ninh-hai", state=SubmissionState.SUBMITTED
    ).first()
    obligation = sent.obligation
    assert province.has_perm("reports.view_reportobligation", obligation)
    assert province.has_perm("reports.view_reportsubmission", sent)
    assert not province.has_perm("reports.manage_reportobligation", obligation)
    assert not province.has_perm("reports.return_reportsubmission", sent)
    assert obligation not in obligations_managed_by(province)
    assert district.has_perm("reports.return_reportsubmission", sent)
    assert obligation in obligations_managed_by(district)
    # What Ninh Hải sent up is the province's to read and to return.
    report = ConsolidatedReport.objects.get(obligation=obligation)
    assert province.has_perm("reports.view_consolidatedreport", report)
    assert not province.has_perm("reports.change_consolidatedreport", report)
