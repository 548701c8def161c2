"""Writing a plan like a document: nothing to type twice, no ids, publishing only when
complete."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.enums import CampaignState
from campaigns.models import AwardForm, Milestone
from campaigns.selectors import new_plan_initial
from campaigns.services import transition_campaign
from core.workflow import WorkflowError
from tests.factories.campaigns import make_campaign


def test_publishing_an_incomplete_plan_lists_what_is_missing(district, campaign_office):
    campaign = make_campaign(
        district,
        header={"issuing_body_lines": ["ỦY BAN NHÂN DÂN"], "symbol": "KH-UBND"},
        sections=[],
        signature={"prefix": "", "lines": [], "signer": ""},
    )
    with pytest.raises(WorkflowError) as refused:
        transition_campaign(campaign, "publish", by=campaign_office)
    assert str(refused.value) == (
        "Chưa ban hành được: còn thiếu số văn bản, ngày, tháng, năm ban hành, "
        "người ký và chức vụ, ít nhất một mục nội dung."
    )
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.DRAFT


def test_rows_get_their_ids_from_their_names_and_deadlines_from_their_dates(
    client, district, campaign_office
):
    campaign = make_campaign(district)
    client.force_login(campaign_office)
    forms = {
        "awardform_set-TOTAL_FORMS": "2",
        "awardform_set-INITIAL_FORMS": "0",
        "awardform_set-0-name": "Giấy khen của Chủ tịch UBND huyện",
        "awardform_set-0-authority": "decided_here",
        "awardform_set-0-ORDER": "1",
        "awardform_set-1-name": "Giấy khen của Chủ tịch UBND huyện",
        "awardform_set-1-authority": "decided_here",
        "awardform_set-1-ORDER": "2",
    }
    response = client.post(
        reverse("campaigns:campaign_parts", args=[campaign.pk, "hinh-thuc"]), forms
    )
    assert response.status_code == 302
    assert list(AwardForm.objects.filter(campaign=campaign).values_list("local_id", flat=True)) == [
        "giay-khen-cua-chu-tich-ubnd-huyen",
        "giay-khen-cua-chu-tich-ubnd-huyen-2",
    ]
    milestone = {
        "milestone_set-TOTAL_FORMS": "1",
        "milestone_set-INITIAL_FORMS": "0",
        "milestone_set-0-kind": "unit_reports_due",
        "milestone_set-0-phrase": "trước ngày 30/11/2027",
        "milestone_set-0-precision": "date",
        "milestone_set-0-date": "30/11/2027",
        "milestone_set-0-ORDER": "1",
    }
    response = client.post(
        reverse("campaigns:campaign_parts", args=[campaign.pk, "moc"]), milestone
    )
    assert response.status_code == 302
    saved = Milestone.objects.get(campaign=campaign)
    assert saved.local_id == "truoc-ngay-30-11-2027"
    assert timezone.localtime(saved.due_at).replace(tzinfo=None) == datetime.datetime(2027, 11, 30)
    page = client.get(reverse("campaigns:campaign_parts", args=[campaign.pk, "moc"])).content
    assert b"local_id" not in page and b"due_at" not in page


def test_a_new_plan_starts_from_the_bodys_header(district, campaign_office):
    make_campaign(
        district,
        signature={"prefix": "TM.", "lines": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "signer": "Lê B"},
    )
    initial = new_plan_initial(campaign_office)
    assert initial["issuing_body"] == district.pk
    assert (initial["issuing_body_line"], initial["signer_name"], initial["place"]) == (
        "ỦY BAN NHÂN DÂN\nHUYỆN THỬ",
        "Lê B",
        "Thử",
    )
