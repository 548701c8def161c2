import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from core.models import TransitionLog
from core.services import WorkflowError
from reports import services
from reports.enums import ParticipantMode, Recurrence, ValueKind
from reports.selectors import obligation_units
from tests.factories.reports import RATE, SIGNED, WEBSITE, make_obligation, report_campaign
from units.enums import UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_obligation_from_a_dated_milestone(obligation, campaign):
    assert obligation.campaign == campaign
    assert obligation.recurrence == Recurrence.ONCE
    assert obligation.due_at == datetime.datetime(2026, 11, 15, 0, 0, tzinfo=VN)
    assert obligation.years == [2026]
    assert obligation.title == (
        "Báo cáo kết quả thực hiện phong trào thi đua thử số " + campaign.title.rsplit(" ", 1)[-1]
    )
    assert [s.title for s in obligation.sections.all()] == [
        "Công tác triển khai, tổ chức thực hiện",
        "Kết quả thực hiện các nội dung thi đua",
        "Tồn tại, hạn chế và nguyên nhân",
        "Đề xuất, kiến nghị",
    ]
    # The qualitative criterion has no value to report.
    assert [
        (i.label, i.value_kind, i.comparator, i.value, i.criterion.indicator)
        for i in obligation.indicators.all()
    ] == [
        (RATE, ValueKind.PERCENT, ">=", Decimal("50.00"), RATE),
        (SIGNED, ValueKind.PERCENT, "=", Decimal("100.00"), SIGNED),
        (WEBSITE, ValueKind.YES_NO, "yes_no", None, WEBSITE),
    ]
    history = TransitionLog.objects.for_object(obligation).get()
    assert (history.action, history.reason) == ("create", "Tạo từ mốc «trước ngày 15/11».")


def test_each_indicator_carries_the_threshold_of_the_units_level(obligation):
    rate = obligation.indicators.get(label=RATE)
    assert rate.threshold_for("district") == (">=", 75, None)
    assert rate.threshold_for("commune") == (">=", 50, None)
    assert rate.threshold_for("village") == (">=", Decimal("50.00"), None)


def test_one_obligation_per_milestone(obligation, campaign):
    assert make_obligation(campaign) == obligation
    assert campaign.report_obligations.count() == 1


def test_yearly_milestone_gives_a_yearly_obligation_due_at_vietnam_midnight(district):
    campaign = report_campaign(district, yearly=(20, 12))
    obligation = make_obligation(campaign)
    assert (obligation.recurrence, obligation.years) == (Recurrence.YEARLY, [2026, 2027, 2028])
    assert obligation.deadline_for(2027) == datetime.datetime(2027, 12, 20, 0, 0, tzinfo=VN)
    assert obligation.deadline_for(2027).astimezone(datetime.UTC) == datetime.datetime(
        2027, 12, 19, 17, 0, tzinfo=datetime.UTC
    )
    before = datetime.datetime(2027, 12, 19, 23, 59, 59, tzinfo=VN)
    after = datetime.datetime(2027, 12, 20, 0, 0, tzinfo=VN)
    assert obligation.current_year(before) == 2027
    assert obligation.current_year(after) == 2028


def test_targets_become_indicators_too(district):
    campaign = report_campaign(
        district,
        criteria=[],
        targets=[
            {
                "text": "Tỷ lệ người dân có tài khoản thanh toán điện tử từ 65 - 70%",
                "indicator": "Tỷ lệ người dân có tài khoản thanh toán điện tử (%)",
                "comparator": "range",
                "value": 65,
                "value_max": 70,
                "unit_of_measure": "%",
            }
        ],
    )
    indicator = make_obligation(campaign).indicators.get()
    assert (indicator.target.comparator, indicator.value, indicator.value_max) == (
        "range",
        Decimal("65.00"),
        Decimal("70.00"),
    )
    assert indicator.criterion is None


def test_only_the_office_of_the_issuer_makes_obligations(campaign, other_office, campaign_office):
    milestone = campaign.milestone_set.get()
    with pytest.raises(PermissionDenied):
        services.create_obligation_from_milestone(milestone, by=other_office)
    obligation = services.create_obligation_from_milestone(milestone, by=campaign_office)
    assert TransitionLog.objects.for_object(obligation).get().actor == campaign_office


def test_only_unit_report_milestones_make_obligations(district, campaign_office):
    campaign = report_campaign(district)
    milestone = campaign.milestone_set.get()
    milestone.kind = "nominations_due"
    milestone.save()
    with pytest.raises(WorkflowError, match="hạn đơn vị báo cáo"):
        services.create_obligation_from_milestone(milestone, by=campaign_office)


def test_units_that_must_report_all_or_by_kind(
    campaign, office_unit, home_affairs_unit, commune_a, commune_b, district
):
    everyone = make_obligation(campaign)
    assert list(obligation_units(everyone)) == [
        office_unit,
        home_affairs_unit,
        commune_a,
        commune_b,
    ]
    everyone.participant_mode = ParticipantMode.KINDS
    everyone.unit_kinds = [UnitKind.PEOPLES_COMMITTEE]
    assert list(obligation_units(everyone)) == [commune_a, commune_b]
    commune_b.is_active = False
    commune_b.save()
    assert list(obligation_units(everyone)) == [commune_a]


def test_change_deadline_needs_a_reason_and_is_logged(obligation, campaign_office):
    new = datetime.datetime(2026, 12, 1, 0, 0, tzinfo=VN)
    with pytest.raises(WorkflowError):
        services.change_deadline(obligation, by=campaign_office, due_at=new, reason=" ")
    services.change_deadline(obligation, by=campaign_office, due_at=new, reason="Gia hạn.")
    obligation.refresh_from_db()
    assert obligation.due_at == new
    row = TransitionLog.objects.for_object(obligation).last()
    assert (row.action, row.data["changes"], row.reason) == (
        "change_deadline",
        [["Hạn báo cáo", "hết ngày 14/11/2026", "hết ngày 30/11/2026"]],
        "Gia hạn.",
    )
