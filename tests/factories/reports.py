"""A published campaign asking its units for a report, with measurable criteria; the
obligation made from its milestone; reports filled in."""

from decimal import Decimal

from campaigns.enums import CampaignState
from campaigns.models import Campaign
from reports import services
from reports.enums import SubmissionState
from reports.models import IndicatorValue, ReportSubmission, SectionAnswer
from tests.factories.campaigns import make_campaign

RATE = "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ (%)"
SIGNED = "Tỷ lệ văn bản điện tử gửi, nhận được ký số (%)"
WEBSITE = "Trang thông tin điện tử công khai đầy đủ"


def report_campaign(
    body, *, due_at="2026-11-15T00:00:00+07:00", yearly=None, criteria=None, targets=None
):
    """A plan with a unit-reports milestone (a date, or `yearly=(day, month)`) and, by
    default, seed 000's three kinds of criteria: per-level %, fixed %, yes/no."""
    if yearly:
        milestone = {
            "id": "bao-cao",
            "kind": "unit_reports_due",
            "phrase": f"trước ngày {yearly[0]}/{yearly[1]} hằng năm",
            "precision": "yearly",
            "day": yearly[0],
            "month": yearly[1],
        }
    else:
        milestone = {
            "id": "bao-cao",
            "kind": "unit_reports_due",
            "phrase": "trước ngày 15/11",
            "precision": "date",
            "date": due_at[:10],
            "due_at": due_at,
        }
    if criteria is None:
        criteria = [
            {
                "text": "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ đạt tối thiểu 75% "
                "đối với cấp huyện, 50% đối với cấp xã",
                "indicator": RATE,
                "comparator": ">=",
                "value": 50,
                "unit_of_measure": "%",
                "level_thresholds": [
                    {"level": "district", "comparator": ">=", "value": 75, "value_max": None},
                    {"level": "commune", "comparator": ">=", "value": 50, "value_max": None},
                ],
            },
            {
                "text": "100% văn bản điện tử được ký số",
                "indicator": SIGNED,
                "comparator": "=",
                "value": 100,
                "unit_of_measure": "%",
            },
            {"text": WEBSITE, "indicator": WEBSITE, "comparator": "yes_no"},
            {"text": "Tuyên truyền sâu rộng", "comparator": "qualitative"},
        ]
    unplaced = {"criteria": criteria, "milestones": [milestone]}
    if targets:
        unplaced["targets"] = targets
    campaign = make_campaign(
        body,
        unplaced=unplaced,
        period={"start": "2026-01-01", "end": "2026-12-31" if not yearly else "2028-12-31"},
    )
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.PUBLISHED)
    campaign.refresh_from_db()
    return campaign


def make_obligation(campaign, **kwargs):
    milestone = campaign.milestone_set.get(local_id="bao-cao")
    return services.create_obligation_from_milestone(milestone, by=None, system=True, **kwargs)


def fill(submission, values, *, text="Đơn vị đã triển khai đầy đủ."):
    """Every section written and the given values ({label: value}) stored directly."""
    obligation = submission.obligation
    for section in obligation.sections.all():
        SectionAnswer.objects.update_or_create(
            submission=submission, section=section, defaults={"text": text}
        )
    by_label = {i.label: i for i in obligation.indicators.all()}
    for label, value in values.items():
        IndicatorValue.objects.update_or_create(
            submission=submission,
            indicator=by_label[label],
            defaults={"value": None if value is None else Decimal(str(value))},
        )
    return submission


FULL = {RATE: 62, SIGNED: 100, WEBSITE: 1}


def make_submission(obligation, unit, *, year=None, values=None, state=None, **fields):
    """A report row written directly (no workflow), for reads and scope tests."""
    submission = ReportSubmission.objects.create(
        obligation=obligation,
        unit=unit,
        year=year or obligation.first_year,
        state=state or SubmissionState.DRAFT,
        **fields,
    )
    if values is not None:
        fill(submission, values)
    return submission
