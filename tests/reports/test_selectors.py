import datetime
from collections import Counter, OrderedDict
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from reports.enums import Attainment, SubmissionState, UnitStatus
from reports.selectors import (
    criteria_status_for_unit,
    criterion_status_for_unit,
    dashboard,
    dashboard_overview,
    managed_obligation,
    obligation_units,
    obligations_managed_by,
    obligations_visible_to,
    page_rows,
    reports_due_for,
    submissions_visible_to,
    unit_rows,
    units_with_status,
)
from tests.factories.reports import FULL, RATE, SIGNED, WEBSITE, make_submission
from tests.factories.units import make_unit, make_user
from units.enums import Role

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AT = datetime.datetime(2026, 11, 10, 9, 30, tzinfo=VN)


def test_scope_a_unit_never_sees_another_units_report(
    obligation, commune_a, commune_b, unit_staff_a, unit_staff_b
):
    mine = make_submission(obligation, commune_a)
    theirs = make_submission(obligation, commune_b, state=SubmissionState.SUBMITTED)
    assert list(submissions_visible_to(unit_staff_a)) == [mine]
    assert list(submissions_visible_to(unit_staff_b)) == [theirs]


def test_scope_office_sees_submitted_not_drafts_and_another_office_sees_nothing(
    obligation, commune_a, commune_b, campaign_office, other_office, admin_user
):
    make_submission(obligation, commune_a)
    submitted = make_submission(obligation, commune_b, state=SubmissionState.SUBMITTED)
    assert list(submissions_visible_to(campaign_office)) == [submitted]
    assert list(submissions_visible_to(other_office)) == []
    assert list(obligations_visible_to(other_office)) == []
    assert list(obligations_managed_by(other_office)) == []
    assert list(obligations_managed_by(campaign_office)) == [obligation]
    assert submissions_visible_to(admin_user).count() == 2


def test_unit_staff_see_the_obligation_but_do_not_manage_it(obligation, unit_staff_a):
    assert list(obligations_visible_to(unit_staff_a)) == [obligation]
    assert list(obligations_managed_by(unit_staff_a)) == []
    assert unit_staff_a.has_perm("reports.view_reportobligation", obligation)
    assert not unit_staff_a.has_perm("reports.manage_reportobligation", obligation)


def test_managed_obligation_is_the_managed_queryset_s_with_its_body(
    obligation, campaign_office, other_office, unit_staff_a, admin_user, django_assert_num_queries
):
    expected = (
        obligations_managed_by(campaign_office)
        .select_related(None)
        .select_related("campaign__issuing_body")
        .prefetch_related("indicators")
        .get(pk=obligation.pk)
    )
    assert len(expected.indicators.all()) == 3

    def fields(instance):
        return {
            k: v
            for k, v in instance.__dict__.items()
            if k not in ("_state", "_prefetched_objects_cache")
        }

    for user in (campaign_office, admin_user):
        user.grants  # noqa: B018 (the grants read first, as the view's permission does)
        with django_assert_num_queries(1):
            found = managed_obligation(user, obligation.pk)
            body = found.campaign.issuing_body
            indicators = list(found.indicators.all())  # read with it, in their order
        assert found == expected
        assert fields(found) == fields(expected)
        assert indicators == list(expected.indicators.all())
        assert [fields(i) for i in indicators] == [fields(i) for i in expected.indicators.all()]
        assert all(i.obligation is found for i in indicators)
        assert body == expected.campaign.issuing_body
        assert (body.name, body.path) == (
            expected.campaign.issuing_body.name,
            expected.campaign.issuing_body.path,
        )
        assert found.campaign.issuing_body_id == expected.campaign.issuing_body_id
    obligation.indicators.all().delete()
    with django_assert_num_queries(1):
        assert list(managed_obligation(campaign_office, obligation.pk).indicators.all()) == []
    assert managed_obligation(other_office, obligation.pk) is None
    assert managed_obligation(unit_staff_a, obligation.pk) is None
    assert managed_obligation(campaign_office, obligation.pk + 1000) is None


def test_reports_due_lists_the_users_unit_with_its_report(obligation, commune_a, unit_staff_a):
    assert [(r.unit, r.year, r.submission) for r in reports_due_for(unit_staff_a)] == [
        (commune_a, 2026, None)
    ]
    mine = make_submission(obligation, commune_a)
    assert [r.submission for r in reports_due_for(unit_staff_a)] == [mine]


def test_reports_due_skips_units_outside_the_obligation(obligation, unit_staff_a):
    obligation.participant_mode = "kinds"
    obligation.unit_kinds = ["office"]
    obligation.save()
    assert reports_due_for(unit_staff_a) == []


def test_dashboard_statuses_values_and_per_level_attainment(
    obligation, office_unit, home_affairs_unit, commune_a, commune_b
):
    make_submission(
        obligation,
        commune_a,
        state=SubmissionState.SUBMITTED,
        submitted_at=AT,
        values=FULL,
    )
    # The office is district level: 62% misses its 75% threshold; a commune's is 50%.
    make_submission(
        obligation,
        office_unit,
        state=SubmissionState.SUBMITTED,
        is_late=True,
        submitted_at=AT + datetime.timedelta(days=6),
        values={RATE: 62, SIGNED: Decimal("99.5"), WEBSITE: 0},
    )
    make_submission(obligation, commune_b, values=FULL)  # a draft counts as missing

    board = dashboard(obligation, 2026)

    assert board.counts == {"required": 4, "submitted": 1, "late": 1, "returned": 0, "missing": 2}
    assert [(r.unit.name, r.status) for r in board.rows] == [
        ("Phòng Văn hóa và Thông tin", UnitStatus.LATE),
        ("Phòng Nội vụ", UnitStatus.MISSING),
        ("UBND xã An Hải", UnitStatus.SUBMITTED),
        ("UBND xã Bình Hải", UnitStatus.MISSING),
    ]
    assert [(c.value_text, c.threshold, c.attainment) for c in board.rows[0].cells] == [
        ("62%", "≥ 75%", Attainment.NOT_MET),
        ("99,5%", "= 100%", Attainment.NOT_MET),
        ("Không", "Có", Attainment.NOT_MET),
    ]
    assert [(c.value_text, c.threshold, c.attainment) for c in board.rows[2].cells] == [
        ("62%", "≥ 50%", Attainment.MET),
        ("100%", "= 100%", Attainment.MET),
        ("Có", "Có", Attainment.MET),
    ]
    assert [(c.value_text, c.attainment) for c in board.rows[3].cells] == [
        ("", Attainment.MISSING)
    ] * 3
    assert board.chart_data()["indicators"] == [
        {"label": RATE, "met": 1, "not_met": 1, "missing": 2},
        {"label": SIGNED, "met": 1, "not_met": 1, "missing": 2},
        {"label": WEBSITE, "met": 1, "not_met": 1, "missing": 2},
    ]
    assert board.chart_data()["timeline"] == [
        {"date": "10/11/2026", "count": 1},
        {"date": "16/11/2026", "count": 2},
    ]
    assert board.chart_data()["deadline"] == "hết ngày 14/11/2026"


def test_dashboard_filters_search_without_accents_and_by_status(obligation, commune_a):
    make_submission(obligation, commune_a, state=SubmissionState.SUBMITTED, submitted_at=AT)

    def names(**filters):
        return [u.name for u in units_with_status(obligation, 2026, **filters)]

    assert names(search="xa an hai") == ["UBND xã An Hải"]
    assert names(search="XÃ  An hải") == ["UBND xã An Hải"]
    assert names(status="submitted") == ["UBND xã An Hải"]
    assert names(search="phong", status="missing") == [
        "Phòng Văn hóa và Thông tin",
        "Phòng Nội vụ",
    ]
    assert names(status="khac") == []


def test_the_database_status_agrees_with_the_rows(
    obligation, district, office_unit, commune_a, commune_b
):
    make_submission(obligation, commune_a, state=SubmissionState.SUBMITTED, submitted_at=AT)
    make_submission(obligation, office_unit, state=SubmissionState.SUBMITTED, is_late=True)
    make_submission(obligation, commune_b, state=SubmissionState.RETURNED)
    make_submission(obligation, commune_b, year=2027, state=SubmissionState.SUBMITTED)  # not 2026
    make_submission(obligation, make_unit(parent=district), state=SubmissionState.DRAFT)
    board = dashboard(obligation, 2026)
    for status in UnitStatus:
        filtered = [u.pk for u in units_with_status(obligation, 2026, status=status)]
        assert filtered == [r.unit.pk for r in board.rows if r.status == status], status
        assert len(filtered) == board.counts[status]
    assert board.counts == {"required": 5, "submitted": 1, "late": 1, "returned": 1, "missing": 2}


def test_a_page_of_rows_is_the_same_as_those_rows_of_the_whole_dashboard(
    obligation, office_unit, commune_a, commune_b
):
    make_submission(obligation, commune_a, state=SubmissionState.SUBMITTED, values=FULL)
    make_submission(
        obligation, office_unit, state=SubmissionState.SUBMITTED, values={RATE: 62, WEBSITE: 0}
    )
    whole = dashboard(obligation, 2026)
    page = list(obligation_units(obligation))[1:3]
    rows = unit_rows(dashboard_overview(obligation, 2026), page)

    def seen(row):
        return (row.unit.pk, row.status, [(c.value, c.threshold, c.attainment) for c in row.cells])

    assert [seen(r) for r in rows] == [seen(r) for r in whole.rows[1:3]]


def test_a_page_read_in_one_query_is_the_same_as_the_whole_dashboard(
    obligation, office_unit, commune_a, commune_b, django_assert_num_queries
):
    make_submission(obligation, commune_a, state=SubmissionState.SUBMITTED, values=FULL)
    make_submission(
        obligation, office_unit, state=SubmissionState.SUBMITTED, values={RATE: 62, WEBSITE: 0}
    )
    # A returned report keeps its values, which stand for nothing until it is sent again.
    make_submission(obligation, commune_b, state=SubmissionState.RETURNED, values=FULL)
    whole = dashboard(obligation, 2026)
    board = dashboard_overview(obligation, 2026)

    def seen(row):
        report = row.submission and (row.submission.pk, row.submission.state)
        cells = [(c.value, c.threshold, c.attainment) for c in row.cells]
        return (row.unit.pk, row.unit.name, row.level_label, row.status, report, cells)

    for offset, limit in ((0, 2), (1, 2), (2, 3)):
        with django_assert_num_queries(1):
            rows = page_rows(board, offset=offset, limit=limit)
        assert [seen(r) for r in rows] == [seen(r) for r in whole.rows[offset : offset + limit]]
    missing = page_rows(board, status=UnitStatus.MISSING, limit=50)
    assert [r.unit.pk for r in missing] == [
        u.pk for u in units_with_status(obligation, 2026, status=UnitStatus.MISSING)
    ]
    assert page_rows(board, status="no such status", limit=50) == []
    returned = next(r for r in whole.rows if r.unit.pk == commune_b.pk)
    assert {c.value for c in returned.cells} == {None}


@pytest.mark.parametrize(
    ("comparator", "low", "high"),
    [
        (">=", 50, None),
        (">", "50", None),
        ("<=", Decimal("62.5"), None),
        ("<", 3, None),
        ("=", 100, None),
        ("range", 65, 70),
        ("range", 65, None),
        ("yes_no", None, None),
        ("qualitative", None, None),
        (">=", None, None),
        ("", None, None),
    ],
)
def test_attainment_counted_by_the_database_agrees_with_evaluate(
    obligation, district, comparator, low, high
):
    """The overview counts met / not met with SQL (attainment.met_condition); each unit's
    cell says it with evaluate(): both must agree for every comparator and edge value."""
    indicator = obligation.indicators.get(label=RATE)
    indicator.comparator, indicator.value, indicator.value_max = comparator, low, high
    indicator.level_thresholds = []
    indicator.save()
    for value in ["0", "1", "3", "49.99", "50", "50.01", "62.5", "65", "70", "70.5", "100"]:
        unit = make_unit(parent=district)
        make_submission(
            obligation, unit, state=SubmissionState.SUBMITTED, values={RATE: Decimal(value)}
        )
    board = dashboard(obligation, 2026)
    position = board.indicators.index(indicator)
    in_python = Counter(row.cells[position].attainment for row in board.rows)
    counted = board.attainment_counts[position]
    assert (counted["met"], counted["not_met"], counted["missing"]) == (
        in_python[Attainment.MET],
        in_python[Attainment.NOT_MET],
        in_python[Attainment.MISSING],
    )
    assert counted["met"] + counted["not_met"] + counted["missing"] == len(board.rows) == 15


def test_dashboard_returned_report_values_do_not_count(obligation, commune_a):
    make_submission(obligation, commune_a, state=SubmissionState.RETURNED, values=FULL)
    board = dashboard(obligation, 2026)
    row = next(r for r in board.rows if r.unit == commune_a)
    assert (row.status, [c.attainment for c in row.cells]) == (
        UnitStatus.RETURNED,
        [Attainment.MISSING] * 3,
    )


def test_criterion_status_for_unit_reads_the_latest_submitted_report(
    district, obligation, campaign, commune_a, commune_b, office_unit
):
    rate = campaign.criterion_set.get(indicator=RATE)
    signed = campaign.criterion_set.get(indicator=SIGNED)
    make_submission(
        obligation, commune_a, state=SubmissionState.SUBMITTED, submitted_at=AT, values=FULL
    )
    make_submission(
        obligation,
        office_unit,
        state=SubmissionState.SUBMITTED,
        submitted_at=AT,
        values={RATE: 62, SIGNED: 100},
    )
    make_submission(obligation, commune_b, values=FULL)  # a draft tells nothing
    assert criterion_status_for_unit(rate, commune_a) == "met"
    assert criterion_status_for_unit(rate, office_unit) == "not_met"  # district level: 75%
    assert criterion_status_for_unit(rate, commune_b) == "unknown"
    qualitative = campaign.criterion_set.get(comparator="qualitative")
    assert criteria_status_for_unit([rate, signed, qualitative], office_unit) == {
        rate.pk: "not_met",
        signed.pk: "met",
        qualitative.pk: "unknown",
    }


def test_criteria_status_is_one_query(obligation, campaign, commune_a, django_assert_num_queries):
    make_submission(
        obligation, commune_a, state=SubmissionState.SUBMITTED, submitted_at=AT, values=FULL
    )
    criteria = list(campaign.criterion_set.all())
    with django_assert_num_queries(1):
        statuses = criteria_status_for_unit(criteria, commune_a)
    assert sorted(statuses.values()) == ["met", "met", "met", "unknown"]


def test_the_attainment_statement_is_compiled_once_for_the_same_thresholds(
    obligation, commune_a, office_unit, monkeypatch
):
    from reports import selectors

    make_submission(obligation, commune_a, state=SubmissionState.SUBMITTED, values=FULL)
    make_submission(
        obligation, office_unit, state=SubmissionState.SUBMITTED, values={RATE: 62, SIGNED: 100}
    )
    compiled = []
    original = selectors._attainment_cases
    monkeypatch.setattr(selectors, "_attainment_cases", lambda i: compiled.append(1) or original(i))
    from core import statements

    monkeypatch.setattr(statements, "STATEMENTS", OrderedDict())

    def rate():
        board = dashboard_overview(obligation, 2026)
        return next(c for c in board.attainment_counts if c["indicator"].label == RATE)

    assert (rate()["met"], rate()["not_met"]) == (1, 1)  # commune 62 >= 50; district < 75
    assert len(compiled) == 1  # the second overview ran the same SQL again
    make_submission(
        obligation,
        make_unit(parent=obligation.campaign.issuing_body),
        state="submitted",
        values={RATE: 80},
    )
    assert (rate()["met"], rate()["not_met"]) == (2, 1)  # new data, same statement
    indicator = obligation.indicators.get(label=RATE)
    indicator.level_thresholds = []
    indicator.comparator, indicator.value = ">=", 70
    indicator.save()
    assert (rate()["met"], rate()["not_met"]) == (1, 2)  # new thresholds: compiled again
    assert len(compiled) == 2


@pytest.mark.parametrize("extra_units", [1, 20])
def test_dashboard_query_count_does_not_grow_with_units(
    obligation, district, extra_units, django_assert_num_queries
):
    for _ in range(extra_units):
        unit = make_unit(parent=district)
        make_submission(
            obligation, unit, state=SubmissionState.SUBMITTED, submitted_at=AT, values=FULL
        )
    # indicators; one statement (the units counted by their reports' state, attainment,
    # the consolidated report); the units with their reports, the values
    with django_assert_num_queries(4):
        board = dashboard(obligation, 2026)
    assert board.counts["submitted"] == extra_units
    assert len(board.rows) == 4 + extra_units


def test_staff_of_a_parent_body_is_not_a_reporter(obligation, district):
    # Unit staff at the district itself is not one of its sub-units.
    staff = make_user(unit=district, roles=[Role.UNIT_STAFF])
    assert reports_due_for(staff) == []


def test_indicator_thresholds_in_words(obligation):
    from reports.selectors import indicator_thresholds

    assert [indicator_thresholds(i) for i in obligation.indicators.all()] == [
        "≥ 75% (cấp huyện); ≥ 50% (cấp xã)",
        "= 100%",
        "Có",
    ]
