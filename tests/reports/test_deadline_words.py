"""A one-off deadline is the instant 00:00 of the day after the last day: pages, downloads
and the history say the last day as offices write it ("hết ngày 14/11/2026", core.text
.deadline_text), never the instant ("00:00 15/11/2026")."""

import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from core.workflow import snapshot
from reports.selectors import dashboard

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# The factory obligation's deadline: 00:00 15/11/2026.
LAST_DAY = "hết ngày 14/11/2026"


def test_the_office_report_list_says_the_last_day(client, obligation, campaign_office):
    assert obligation.due_at == datetime.datetime(2026, 11, 15, tzinfo=VN)
    client.force_login(campaign_office)

    html = client.get(reverse("reports:report_list")).content.decode()

    cell = re.search(r'data-testid="obligation-deadline">([^<]*)<', html).group(1)
    assert cell == LAST_DAY
    assert "00:00 15/11/2026" not in html


def test_the_excel_heading_says_the_last_day(client, obligation, campaign_office):
    from openpyxl import load_workbook

    client.force_login(campaign_office)
    for kind in ("trang-thai", "so-lieu"):
        response = client.get(reverse("reports:dashboard_export", args=[obligation.pk, kind]))
        heading = load_workbook(io.BytesIO(response.content)).active["A1"].value
        assert heading.endswith(f"— năm 2026 (hạn: {LAST_DAY})"), heading


def test_the_chart_data_and_the_history_say_the_last_day(obligation, campaign):
    assert dashboard(obligation, 2026).chart_data()["deadline"] == LAST_DAY
    # A plan edited through a form (core.workflow.save_form) records its registration
    # deadline as offices write it.
    campaign.registration_deadline = datetime.datetime(2026, 3, 1, tzinfo=VN)
    assert snapshot(campaign, ["registration_deadline"]) == {
        "registration_deadline": "hết ngày 28/02/2026"
    }
    assert snapshot(obligation, ["due_at"]) == {"due_at": LAST_DAY}
