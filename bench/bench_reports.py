"""The office's report dashboard for 500 units against a floor view, in the same run.

Setup: a throwaway district body with 500 communes under it, a plan with seed 000's
criteria (three measured, one yes/no), the unit-report obligation made from its
milestone, and 300 submitted reports with their values (200 units missing).

Floor: the password-change page for the same logged-in office user, through the same
test client, middleware, session, navbar and base template: what any page costs. Each
number is the median server time of the request (Django's test client, no network).
"""

import statistics
import time
from decimal import Decimal

UNITS = 500
SUBMITTED = 300
REPEAT = 15


def _median_seconds(func, repeat=REPEAT):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _setup():
    from campaigns.enums import CampaignState
    from campaigns.io import import_campaign
    from campaigns.models import Campaign
    from reports.enums import SubmissionState
    from reports.models import IndicatorValue, ReportSubmission, SectionAnswer
    from reports.services import create_obligation_from_milestone
    from units.enums import Role, UnitKind, UnitLevel
    from units.models import RoleGrant, Unit, User

    key = f"bench-reports-{time.monotonic_ns()}"
    body = Unit.objects.create(
        code=key, name="UBND huyện Đo", kind=UnitKind.PEOPLES_COMMITTEE, level=UnitLevel.DISTRICT
    )
    # Unit.save() derives the materialised path; 500 saves are part of the setup only.
    units = [
        Unit.objects.create(
            code=f"{key}-{i:03d}",
            name=f"UBND xã Đo Số {i:03d}",
            kind=UnitKind.PEOPLES_COMMITTEE,
            level=UnitLevel.COMMUNE,
            parent=body,
        )
        for i in range(UNITS)
    ]
    criteria = [
        {
            "text": "Tỷ lệ hồ sơ trực tuyến",
            "indicator": "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ (%)",
            "comparator": ">=",
            "value": 50,
            "unit_of_measure": "%",
            "level_thresholds": [
                {"level": "district", "comparator": ">=", "value": 75, "value_max": None},
                {"level": "commune", "comparator": ">=", "value": 50, "value_max": None},
            ],
        },
        {
            "text": "Ký số",
            "indicator": "Tỷ lệ văn bản ký số (%)",
            "comparator": "=",
            "value": 100,
            "unit_of_measure": "%",
        },
        {
            "text": "Dữ liệu mở",
            "indicator": "Tỷ lệ dữ liệu mở (%)",
            "comparator": ">=",
            "value": 50,
            "unit_of_measure": "%",
        },
        {"text": "Trang thông tin", "indicator": "Trang thông tin đầy đủ", "comparator": "yes_no"},
    ]
    campaign = import_campaign(
        {
            "format": "thidua.campaign/1",
            "key": key,
            "issuing_body": body.code,
            "header": {"issuing_body_lines": ["ỦY BAN NHÂN DÂN", "HUYỆN ĐO"]},
            "title": "Phát động phong trào thi đua đo thời gian",
            "period": {"start": "2026-01-01", "end": "2026-12-31"},
            "sections": [],
            "unplaced": {
                "criteria": criteria,
                "milestones": [
                    {
                        "id": "bao-cao",
                        "kind": "unit_reports_due",
                        "phrase": "trước ngày 15/11",
                        "precision": "date",
                        "date": "2026-11-15",
                        "due_at": "2026-11-15T00:00:00+07:00",
                    }
                ],
            },
        }
    )
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.PUBLISHED)
    obligation = create_obligation_from_milestone(
        campaign.milestone_set.get(), by=None, system=True
    )
    submissions = ReportSubmission.objects.bulk_create(
        ReportSubmission(
            obligation=obligation,
            unit=unit,
            year=2026,
            state=SubmissionState.SUBMITTED,
            is_late=i % 7 == 0,
        )
        for i, unit in enumerate(units[:SUBMITTED])
    )
    indicators = list(obligation.indicators.all())
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            submission=submission,
            indicator=indicator,
            value=Decimal(1 if indicator.value_kind == "yes_no" else 40 + (i * 7) % 61),
        )
        for i, submission in enumerate(submissions)
        for indicator in indicators
    )
    SectionAnswer.objects.bulk_create(
        SectionAnswer(submission=submission, section=section, text="Đã triển khai.")
        for submission in submissions
        for section in obligation.sections.all()
    )
    office = User.objects.create_user(username=key[:150], password=key)
    RoleGrant.objects.create(user=office, role=Role.CAMPAIGN_OFFICE, body=body)
    return obligation, office


def run():
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    plain_static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The bench never runs collectstatic: serve static URLs without the manifest.
    with override_settings(STORAGES=plain_static):
        obligation, office = _setup()
        client = Client()
        client.force_login(office)
        floor_url = reverse("password_change")
        dashboard_url = reverse("reports:dashboard", args=[obligation.pk])
        export_url = reverse("reports:dashboard_export", args=[obligation.pk, "so-lieu"])

        def get(url, **params):
            response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)
            return response

        first = get(dashboard_url)  # warm-up: templates, imports, caches
        assert f'data-testid="count-required">{UNITS}<'.encode() in first.content
        get(floor_url)
        floor = _median_seconds(lambda: get(floor_url))
        rows = [
            ("dashboard, page 1 (50 units shown)", _median_seconds(lambda: get(dashboard_url))),
            (
                "dashboard, search 'so 1' (accent-free)",
                _median_seconds(lambda: get(dashboard_url, q="so 1")),
            ),
            (
                "dashboard, status filter 'missing'",
                _median_seconds(lambda: get(dashboard_url, trang_thai="missing")),
            ),
            ("Excel export of the values", _median_seconds(lambda: get(export_url), repeat=5)),
        ]
        # Exports grow linearly with the units (one style object per look, per workbook):
        # the values workbook built in process for 0, 250 and 500 of the same rows.
        import dataclasses

        from reports.exports import values_workbook
        from reports.selectors import dashboard

        board = dashboard(obligation, 2026)
        workbook_ms = {
            n: _median_seconds(
                lambda n=n: values_workbook(dataclasses.replace(board, rows=board.rows[:n])),
                repeat=3,
            )
            for n in (0, 250, 500)
        }
    print(
        f"Report dashboard, {UNITS} units ({SUBMITTED} submitted), 4 indicators  [{connection.vendor}]"
    )
    print(
        f"Floor: password-change page, same user and client, median of {REPEAT}: {floor * 1000:.1f} ms"
    )
    print()
    print(f"{'view':42} {'ms':>8} {'x floor':>8}")
    for label, seconds in rows:
        print(f"{label:42} {seconds * 1000:8.1f} {seconds / floor:8.1f}")
    print()
    print("Values workbook in process (linear: 500 rows ≈ 2 × 250 rows over the 0-row cost)")
    for n, seconds in workbook_ms.items():
        print(f"{n:4d} units {seconds * 1000:8.1f} ms")
    per_row = [(workbook_ms[n] - workbook_ms[0]) / n * 1000 for n in (250, 500)]
    print(f"per unit: {per_row[0]:.2f} ms (250), {per_row[1]:.2f} ms (500)")
