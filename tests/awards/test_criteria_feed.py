import datetime

from awards.views import _criteria_status
from reports.enums import SubmissionState
from tests.factories.reports import FULL, RATE, make_obligation, make_submission, report_campaign


def test_dossier_checks_read_the_units_latest_report(district, commune_a, commune_b):
    campaign = report_campaign(district)
    obligation = make_obligation(campaign)
    make_submission(
        obligation,
        commune_a,
        state=SubmissionState.SUBMITTED,
        submitted_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
        values=FULL,
    )

    mine = {c.indicator: status for c, status in _criteria_status(campaign, commune_a)}
    other = {c.indicator: status for c, status in _criteria_status(campaign, commune_b)}

    assert mine[RATE] == "met"  # 62% against the commune threshold of 50%
    assert set(other.values()) == {"unknown"}
