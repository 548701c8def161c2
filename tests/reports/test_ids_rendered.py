"""The report pages with ids from 1,234 up: the units to remind, the year and the report to
start are written as digits, and posting them reminds the ticked unit (tests/ids.py; the
templates' scan is tests/core/test_template_ids.py)."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.ids import FIRST_ID, grouped_numbers, options

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ids_from_1234(high_ids):
    """Before any other fixture creates an object (autouse fixtures come first)."""


def test_dashboard_reminds_the_ticked_unit(
    client, obligation, commune_a, unit_staff_a, campaign_office, django_capture_on_commit_callbacks
):
    unit_staff_a.email = "donvi_a@example.vn"
    unit_staff_a.save()
    assert obligation.pk >= FIRST_ID and commune_a.pk >= FIRST_ID
    client.force_login(campaign_office)
    page = client.get(reverse("reports:dashboard", args=[obligation.pk])).content.decode()
    assert grouped_numbers(page) == []
    units = options(page, "unit")
    assert str(commune_a.pk) in units
    (year,) = set(options(page, "year"))
    assert year.isdigit() and int(year) > 999
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:remind_missing", args=[obligation.pk]),
            {"unit": [str(commune_a.pk)], "year": year},
            follow=True,
        )
    assert "Đã gửi nhắc nhở cho 1 đơn vị." in response.content.decode()
    assert [m.to for m in mail.outbox] == [[unit_staff_a.email]]


def test_report_list_writes_digits(client, obligation, commune_a, unit_staff_a):
    client.force_login(unit_staff_a)
    page = client.get(reverse("reports:report_list")).content.decode()
    assert grouped_numbers(page) == []
    assert options(page, "unit") == [str(commune_a.pk)]
