"""The office's report dashboard for 500 units against a floor page, and every reports
export at 0, 100 and 500 units, in the same run.

Setup: per size a throwaway district body with that many communes under it, a plan with
seed 000's criteria (three measured, one yes/no), the unit-report obligation made from its
milestone, 60% of the units with submitted reports and their values (1 in 7 late), and the
consolidated report compiled.

Floor: the password-change page for the same logged-in office user, through the same
test client, middleware, session, navbar and base template: what any page costs. Every
page is measured interleaved with the floor (floor, page, floor, page…), so a load from
other processes on the machine weighs on both alike, and its ratio is to the median of
the floor requests made between its own; each number is the median server time of the
request (Django's test client, no network). CPU ms (this process: Django and,
on SQLite, the database) are printed beside the wall-clock ms.

Exports: each reports workbook downloaded at 0, 100 and 500 units; the time per 1,000
rows is (t(n) - t(0)) / n × 1,000 on CPU seconds (steadier than wall-clock seconds on a
shared machine), and its ratio between 500 and 100 units is about 1 when the export grows
linearly with the rows.
"""

import statistics
import time
from decimal import Decimal

UNITS = 500
EXPORT_SIZES = (0, 100, 500)
SHARE_SUBMITTED = 0.6
REPEAT = 15
EXPORT_REPEAT = 5


def _setup(units_count):
    from campaigns.enums import CampaignState
    from campaigns.io import import_campaign
    from campaigns.models import Campaign
    from reports import services
    from reports.enums import SubmissionState
    from reports.models import IndicatorValue, ReportSubmission, SectionAnswer
    from reports.services import create_obligation_from_milestone
    from units.enums import Role, UnitKind, UnitLevel
    from units.models import RoleGrant, Unit, User

    key = f"bench-reports-{time.monotonic_ns()}"
    body = Unit.objects.create(
        code=key, name="UBND huyện Đo", kind=UnitKind.PEOPLES_COMMITTEE, level=UnitLevel.DISTRICT
    )
    # Unit.save() derives the materialised path; these saves are part of the setup only.
    units = [
        Unit.objects.create(
            code=f"{key}-{i:03d}",
            name=f"UBND xã Đo Số {i:03d}",
            kind=UnitKind.PEOPLES_COMMITTEE,
            level=UnitLevel.COMMUNE,
            parent=body,
        )
        for i in range(units_count)
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
        for i, unit in enumerate(units[: int(units_count * SHARE_SUBMITTED)])
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
    report = services.compile_consolidated(obligation, 2026, by=office)
    return obligation, office, report


def _timed(func):
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    return time.perf_counter() - wall, time.process_time() - cpu


def _interleaved(floor, page, repeat):
    """Median (wall, cpu) seconds of `floor` and of `page`, called in turns."""
    samples = {"floor": [], "page": []}
    for _ in range(repeat):
        samples["floor"].append(_timed(floor))
        samples["page"].append(_timed(page))
    return {
        name: tuple(statistics.median(s[i] for s in values) for i in (0, 1))
        for name, values in samples.items()
    }


def _queries(func):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured)


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
        sizes = {n: _setup(n) for n in sorted({*EXPORT_SIZES, UNITS})}
        if connection.vendor == "postgresql":
            # Fresh tables have no statistics yet (autovacuum has not come by): without
            # them the planner guesses one row per table and nests loops over 500 units.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        obligation, office, report = sizes[UNITS]
        client = Client()
        client.force_login(office)

        def getter(url, **params):
            def get():
                response = client.get(url, params)
                assert response.status_code == 200, (url, response.status_code)
                return response

            return get

        floor = getter(reverse("password_change"))
        dashboard_url = reverse("reports:dashboard", args=[obligation.pk])
        first = getter(dashboard_url)()  # warm-up: templates, imports, caches
        assert f'data-testid="count-required">{UNITS}<'.encode() in first.content
        floor()
        pages = [
            ("dashboard, page 1 (50 units shown)", getter(dashboard_url)),
            ("dashboard, page 5", getter(dashboard_url, page=5)),
            ("dashboard, search 'so 1' (accent-free)", getter(dashboard_url, q="so 1")),
            ("dashboard, status filter 'missing'", getter(dashboard_url, trang_thai="missing")),
            ("report list (office)", getter(reverse("reports:report_list"))),
            (
                "consolidated report, edit page",
                getter(reverse("reports:consolidated_update", args=[report.pk])),
            ),
        ]
        table, floors = [], []
        for label, page in pages:
            page()  # warm-up
            medians = _interleaved(floor, page, REPEAT)
            floors.append(medians["floor"])
            table.append((label, *medians["page"], _queries(page), medians["floor"]))
        floor_wall = statistics.median(f[0] for f in floors)
        floor_cpu = statistics.median(f[1] for f in floors)
        floor_queries = _queries(floor)

        exports = {}
        for kind, label in (
            ("trang-thai", "Excel: status of every unit"),
            ("so-lieu", "Excel: values of every unit"),
            ("tong-hop", "Excel: consolidated report"),
        ):
            for n in EXPORT_SIZES:
                obligation_n, office_n, report_n = sizes[n]
                client.force_login(office_n)
                if kind == "tong-hop":
                    url = reverse("reports:consolidated_download", args=[report_n.pk, "xlsx"])
                else:
                    url = reverse("reports:dashboard_export", args=[obligation_n.pk, kind])
                get = getter(url)
                get()
                medians = _interleaved(floor, get, EXPORT_REPEAT)
                exports[label, n] = (*medians["page"], _queries(get))
                if n == UNITS:
                    table.append(
                        (
                            f"{label}, {n} units",
                            *medians["page"],
                            exports[label, n][2],
                            medians["floor"],
                        )
                    )

    print(
        f"Reports, {UNITS} units ({int(UNITS * SHARE_SUBMITTED)} submitted), 4 indicators"
        f"  [{connection.vendor}]"
    )
    print(
        f"Floor: password-change page, same user and client, interleaved with every page,"
        f" median: {floor_wall * 1000:.1f} ms ({floor_cpu * 1000:.1f} ms CPU), {floor_queries} queries"
    )
    print()
    print("Exports against the rows, CPU ms (linear: the two per-1,000-row times about equal)")
    print(
        f"{'export':34} {'0 rows':>9} {'100 rows':>9} {'500 rows':>9} {'/1000 @100':>11} {'/1000 @500':>11} {'ratio':>6}"
    )
    for label in dict.fromkeys(key[0] for key in exports):
        t = {n: exports[label, n][1] for n in EXPORT_SIZES}  # CPU seconds
        per = {n: (t[n] - t[0]) / n * 1000 for n in EXPORT_SIZES if n}
        print(
            f"{label:34} {t[0] * 1000:9.1f} {t[100] * 1000:9.1f} {t[500] * 1000:9.1f}"
            f" {per[100] * 1000:9.0f}ms {per[500] * 1000:9.0f}ms {per[500] / per[100]:6.2f}"
        )
    print()
    print(
        f"{'page':48} {'median ms':>9} {'x floor':>8} {'CPU ms':>7} {'x floor':>8} {'queries':>8}"
    )
    # Each page against the floor requests made between its own (as bench_awards does): a
    # load from other processes while one page is measured weighs on both alike.
    for label, wall, cpu, queries, (own_wall, own_cpu) in table:
        print(
            f"{label:48} {wall * 1000:9.1f} {wall / own_wall:8.1f}"
            f" {cpu * 1000:7.1f} {cpu / own_cpu:8.1f} {queries:8d}"
        )
    worst = max(
        max(wall / own_wall, cpu / own_cpu)
        for label, wall, cpu, _q, (own_wall, own_cpu) in table
        if label.startswith("dashboard")
    )
    print(
        f"Target: the dashboard at {UNITS} units <= 2.0x the floor (wall and CPU, each page"
        f" against the floor requests between its own); worst {worst:.1f}x"
    )
