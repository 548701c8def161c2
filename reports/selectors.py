"""Scope-aware reads of report obligations and submissions, and the office's dashboard.

Every list starts from `<things>_visible_to(user)`. The dashboard and the consolidated
summary run a fixed number of queries whatever the number of units (see the tests).
"""

import datetime
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    DecimalField,
    F,
    FilteredRelation,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.base import ModelState
from django.db.models.functions import Cast, TruncDate
from django.db.models.signals import post_init, pre_init
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.enums import CampaignState, MilestoneKind
from campaigns.models import Campaign, Milestone
from campaigns.selectors import campaigns_visible_to
from core.statements import cached_rows as _cached_rows
from core.text import accent_fold, deadline_text
from units.enums import Role, UnitLevel
from units.models import Unit
from units.rules import is_admin

from .attainment import as_decimal, evaluate, met_condition, number_text, threshold_text
from .enums import (
    Attainment,
    ConsolidatedState,
    ParticipantMode,
    SubmissionState,
    UnitStatus,
    ValueKind,
)
from .models import (
    ConsolidatedReport,
    IndicatorValue,
    ReportIndicator,
    ReportObligation,
    ReportSubmission,
)


def obligations_visible_to(user):
    """Obligations of the campaigns the user may see (an office: its bodies' campaigns;
    unit staff: the published campaigns of the bodies above their unit)."""
    return ReportObligation.objects.filter(
        campaign__in=campaigns_visible_to(user).values("pk")
    ).select_related("campaign__issuing_body", "milestone")


def obligations_managed_by(user):
    """Obligations whose dashboard the user may open: the office of the issuing body itself
    (reports.rules.is_office_of_obligation); a body above reads what is sent up to it."""
    qs = ReportObligation.objects.select_related("campaign__issuing_body", "milestone")
    if is_admin(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    bodies = [g.body_id for g in user.grants if g.role == Role.CAMPAIGN_OFFICE]
    return qs.filter(campaign__issuing_body_id__in=bodies)


def managed_obligation(user, pk):
    """The obligation `pk` if obligations_managed_by(user) holds it, else None: with its
    campaign (its id and issuing body's id only, the rest deferred) and the issuing body,
    as obligations_managed_by(user).select_related("campaign__issuing_body") gives them,
    and its indicators read in the same query, as prefetch_related("indicators") leaves
    them (obligation.indicators.all() reads no more: the dashboard's figures need them).
    The dashboard opens it on every request: its SQL (some 60 columns over four tables,
    about 1 ms to compile) is compiled once for what it is made of (the obligation, the
    user's office bodies or admin, the database) and run again (_cached_rows)."""
    if not getattr(user, "is_authenticated", False):
        return None
    admin = bool(is_admin(user))
    bodies = (
        ()
        if admin
        else tuple(sorted(g.body_id for g in user.grants if g.role == Role.CAMPAIGN_OFFICE))
    )
    key = ("managed_obligation", ReportObligation.objects.db, admin, bodies, pk)
    rows = _cached_rows(
        key,
        lambda: (
            obligations_managed_by(user)
            .select_related(None)
            .filter(pk=pk)
            # A row per indicator (one, its columns NULL, without any), in their order.
            .order_by("indicators__order", "indicators__pk")
            .values_list(*_OBLIGATION_COLUMNS, *(f"indicators__{f}" for f in _INDICATOR_FIELDS))
        ),
    )
    if not rows:
        return None
    row, db = rows[0], ReportObligation.objects.db
    known = dict(zip(_OBLIGATION_COLUMNS, row[: len(_OBLIGATION_COLUMNS)], strict=True))
    names = [f.attname for f in ReportObligation._meta.concrete_fields]
    obligation = ReportObligation.from_db(db, names, [known[name] for name in names])
    names = [f.attname for f in Unit._meta.concrete_fields]
    body = Unit.from_db(db, names, [known[f"campaign__issuing_body__{name}"] for name in names])
    campaign = _loaded(
        Campaign, db, id=obligation.campaign_id, issuing_body_id=known["campaign__issuing_body_id"]
    )
    ReportObligation.campaign.field.set_cached_value(obligation, campaign)
    Campaign.issuing_body.field.set_cached_value(campaign, body)
    indicators = []
    for row in rows:
        values = list(row[len(_OBLIGATION_COLUMNS) :])
        if values[0] is not None:
            indicator = ReportIndicator.from_db(db, _INDICATOR_FIELDS, values)
            ReportIndicator.obligation.field.set_cached_value(indicator, obligation)
            indicators.append(indicator)
    # As prefetch_related_objects() leaves them.
    prefetched = obligation.indicators.all()
    prefetched._result_cache, prefetched._prefetch_done = indicators, True
    obligation._prefetched_objects_cache = {"indicators": prefetched}
    return obligation


_OBLIGATION_COLUMNS = (
    *(f.attname for f in ReportObligation._meta.concrete_fields),
    "campaign__issuing_body_id",
    *(f"campaign__issuing_body__{f.attname}" for f in Unit._meta.concrete_fields),
)


def consolidated_visible_to(user):
    """Consolidated reports the user may open: those of the obligations their office
    manages, and the lower bodies' reports sent (or returned) to a roll-up obligation it
    manages. Nobody else's."""
    managed = obligations_managed_by(user)
    return ConsolidatedReport.objects.filter(
        Q(obligation__in=managed.values("pk"))
        | Q(
            obligation__upper_obligation__in=managed.values("pk"),
            state__in=[ConsolidatedState.SENT, ConsolidatedState.RETURNED],
        )
    ).select_related(
        "issuing_body",
        "obligation__campaign__issuing_body",
        "obligation__upper_obligation__campaign__issuing_body",
    )


def submissions_visible_to(user):
    """Unit staff: their units' reports (drafts too). The office of the issuing body:
    every report past the draft. Admin: all."""
    qs = ReportSubmission.objects.select_related("unit", "obligation__campaign__issuing_body")
    if is_admin(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    condition = Q(pk__in=[])
    for grant in user.grants:
        path = grant.body.path
        if grant.role == Role.UNIT_STAFF:
            condition |= Q(unit__path__startswith=path)
        elif grant.role == Role.CAMPAIGN_OFFICE:
            condition |= Q(obligation__campaign__issuing_body__path__startswith=path) & ~Q(
                state=SubmissionState.DRAFT
            )
    return qs.filter(condition)


def obligation_units(obligation):
    """The units that must report: the issuing body's active direct sub-units (its
    offices, communes, mass organisations, enterprises…), narrowed to the obligation's
    unit kinds when it asks by kind. One query."""
    return Unit.objects.filter(_must_report(obligation)).order_by("path")


def _must_report(obligation, prefix=""):
    """obligation_units()' condition, on the unit at `prefix` ("submission__unit__": the
    unit of a report, joined once rather than matched against a subquery)."""
    condition = Q(
        **{
            f"{prefix}parent_id": obligation.campaign.issuing_body_id,
            f"{prefix}is_active": True,
        }
    )
    if obligation.participant_mode == ParticipantMode.KINDS:
        condition &= Q(**{f"{prefix}kind__in": obligation.unit_kinds or []})
    return condition


def units_by_obligation(obligations):
    """{obligation id: the units that must report} for many obligations in one query:
    the same rule as `obligation_units`, over the direct sub-units of every issuing body."""
    obligations = list(obligations)
    under = defaultdict(list)
    bodies = {o.campaign.issuing_body_id for o in obligations}
    for unit in Unit.objects.filter(parent_id__in=bodies, is_active=True).order_by("path"):
        under[unit.parent_id].append(unit)
    found = {}
    for obligation in obligations:
        units = under[obligation.campaign.issuing_body_id]
        if obligation.participant_mode == ParticipantMode.KINDS:
            kinds = set(obligation.unit_kinds or [])
            units = [u for u in units if u.kind in kinds]
        found[obligation.pk] = units
    return found


def unit_must_report(obligation, unit):
    return obligation_units(obligation).filter(pk=unit.pk).exists()


@dataclass
class PendingReport:
    obligation: ReportObligation
    unit: Unit
    year: int
    deadline: object
    submission: ReportSubmission | None

    @property
    def is_overdue(self):
        return self.deadline is not None and timezone.now() >= self.deadline


def reports_due_for(user, *, now=None):
    """What the user's units must report this year: one row per (obligation, unit), with
    the report if it was started. Three queries whatever the number of obligations."""
    if not getattr(user, "is_authenticated", False):
        return []
    staff_units = [g.body for g in user.grants if g.role == Role.UNIT_STAFF]
    if not staff_units:
        return []
    obligations = list(
        obligations_visible_to(user)
        .filter(campaign__state=CampaignState.PUBLISHED, rolls_up=False)
        .order_by("-first_year", "pk")
    )
    submissions = {
        (s.obligation_id, s.unit_id, s.year): s
        for s in ReportSubmission.objects.filter(
            obligation__in=obligations, unit__in=staff_units
        ).select_related("unit")
    }
    rows = []
    for obligation in obligations:
        body = obligation.campaign.issuing_body
        year = obligation.current_year(now)
        for unit in staff_units:
            if not _unit_matches(obligation, unit, body):
                continue
            rows.append(
                PendingReport(
                    obligation,
                    unit,
                    year,
                    obligation.deadline_for(year),
                    submissions.get((obligation.pk, unit.pk, year)),
                )
            )
    return rows


def _unit_matches(obligation, unit, body):
    """The in-memory twin of obligation_units() for one unit."""
    if unit.parent_id != body.pk or not unit.is_active:
        return False
    if obligation.participant_mode == ParticipantMode.KINDS:
        return unit.kind in (obligation.unit_kinds or [])
    return True


def report_detail(submission):
    """The template with what the unit wrote: [(section, answer text)], [(indicator, value)]."""
    obligation = submission.obligation
    answers = {a.section_id: a.text for a in submission.answers.all()}
    values = {v.indicator_id: v.value for v in submission.values.all()}
    sections = [(s, answers.get(s.pk, "")) for s in obligation.sections.all()]
    indicators = []
    for indicator in obligation.indicators.all():
        value = values.get(indicator.pk)
        comparator, low, high = indicator.threshold_for(submission.unit.level)
        indicators.append(
            {
                "indicator": indicator,
                "value": value,
                "value_text": value_text(indicator, value),
                "threshold": threshold_text(comparator, low, high, _uom(indicator)),
                "attainment": evaluate(comparator, low, high, value),
            }
        )
    return {"sections": sections, "indicators": indicators}


def indicator_thresholds(indicator):
    """ "≥ 75% (cấp huyện); ≥ 50% (cấp xã)", or the one threshold for every level."""
    labels = dict(UnitLevel.choices)
    default = threshold_text(
        indicator.comparator, indicator.value, indicator.value_max, _uom(indicator)
    )
    per_level = [
        f"{threshold_text(t['comparator'], t.get('value'), t.get('value_max'), _uom(indicator))}"
        f" ({str(labels.get(t['level'], t['level'])).lower()})"
        for t in indicator.level_thresholds
    ]
    return "; ".join(per_level) if per_level else default


def _uom(indicator):
    return "%" if indicator.value_kind == ValueKind.PERCENT else ""


def value_text(indicator, value):
    if value is None:
        return ""
    if indicator.value_kind == ValueKind.YES_NO:
        return _("Có") if value == 1 else _("Không")
    text = number_text(value)
    return f"{text}%" if indicator.value_kind == ValueKind.PERCENT else text


# --- the office's dashboard ---------------------------------------------------------


class Cell:
    """One unit's value of one indicator against the threshold of its level. The value's
    text is worked out when a page or export reads it: the dashboard shows 50 of 500 rows."""

    __slots__ = ("indicator", "value", "threshold", "attainment", "_text")

    def __init__(self, indicator, value, threshold, attainment):
        self.indicator, self.value = indicator, value
        self.threshold, self.attainment = threshold, attainment
        self._text = None

    @property
    def value_text(self):
        if self._text is None:
            self._text = value_text(self.indicator, self.value)
        return self._text


@dataclass
class UnitRow:
    unit: Unit
    submission: ReportSubmission | None
    status: str
    cells: list = field(default_factory=list)
    status_label: str = ""
    level_label: str = ""


@dataclass
class Dashboard:
    obligation: ReportObligation
    year: int
    deadline: object
    indicators: list
    rows: list
    counts: dict
    attainment_counts: list
    timeline: list
    consolidated_id: int | None = None  # the consolidated report of the year, if compiled
    page: tuple | None = None  # page_rows()' arguments of the page read with the overview
    page_found: list = field(default_factory=list)
    found: int | None = None  # the units a search matches, counted with its first page

    def chart_data(self):
        """Plain data for static/reports/dashboard.js (via json_script)."""
        return {
            "indicators": [
                {
                    "label": item["indicator"].label,
                    "met": item["met"],
                    "not_met": item["not_met"],
                    "missing": item["missing"],
                }
                for item in self.attainment_counts
            ],
            "timeline": [{"date": day, "count": total} for day, total in self.timeline],
            "required": self.counts["required"],
            "deadline": deadline_text(self.deadline),
            "labels": {
                "met": str(Attainment.MET.label),
                "not_met": str(Attainment.NOT_MET.label),
                "missing": str(Attainment.MISSING.label),
                "submitted": _("Số đơn vị đã nộp (cộng dồn)"),
            },
        }


def _status_of(state, is_late):
    if state is None or state == SubmissionState.DRAFT:
        return UnitStatus.MISSING
    if state == SubmissionState.RETURNED:
        return UnitStatus.RETURNED
    return UnitStatus.LATE if is_late else UnitStatus.SUBMITTED


def _status(submission):
    if submission is None:
        return UnitStatus.MISSING
    return _status_of(submission.state, submission.is_late)


def _reports_standing(obligation, year, *states, **extra):
    """The ids of the units whose report for `year` is in one of `states` (a subquery)."""
    return ReportSubmission.objects.filter(
        obligation=obligation, year=year, state__in=states, **extra
    ).values("unit_id")


def units_with_status(obligation, year, *, search="", status=""):
    """The units that must report (obligation_units), filtered in the database: `search`
    accent-free (every word in the unit's name or codes), `status` one of UnitStatus (the
    twin of _status(): a draft or no report is missing)."""
    qs = obligation_units(obligation)
    for word in accent_fold(search).split():
        qs = qs.filter(search_text__contains=word)
    submitted, returned = SubmissionState.SUBMITTED, SubmissionState.RETURNED
    if status == UnitStatus.MISSING:
        qs = qs.exclude(pk__in=_reports_standing(obligation, year, submitted, returned))
    elif status == UnitStatus.RETURNED:
        qs = qs.filter(pk__in=_reports_standing(obligation, year, returned))
    elif status in (UnitStatus.SUBMITTED, UnitStatus.LATE):
        late = status == UnitStatus.LATE
        qs = qs.filter(pk__in=_reports_standing(obligation, year, submitted, is_late=late))
    elif status:
        qs = qs.none()
    return qs


def _attainment_cases(indicators):
    """When() clauses giving a submitted value's attainment against the threshold of its
    unit's `level` (reports.attainment.met_condition, the twin of evaluate()); a value
    that matches none is "missing"."""
    cases = []
    met, not_met, missing = (Value(a.value) for a in Attainment)
    for indicator in indicators:
        this = Q(indicator_id=indicator.pk)
        levels = dict.fromkeys(t.get("level") for t in indicator.level_thresholds)
        for level in levels:  # the thresholds of one level first, then the default
            condition = met_condition(*indicator.threshold_for(level))
            at_level = this & Q(level=level)
            if condition is not None:
                cases.append(When(at_level & condition, then=met))
            cases.append(When(at_level, then=not_met if condition is not None else missing))
        condition = met_condition(indicator.comparator, indicator.value, indicator.value_max)
        if condition is not None:
            cases += [When(this & condition, then=met), When(this, then=not_met)]
    return cases


def _units_key(obligation):
    """What obligation_units() is made of."""
    return (
        obligation.pk,
        obligation.campaign.issuing_body_id,
        obligation.participant_mode,
        tuple(obligation.unit_kinds or ()),
    )


# The columns of the dashboard's statement, every part of its UNION ALL giving all of
# them (NULL where it has none): the part's name; the overview's text, flag, day, id;
# a page's unit, its report and a value; the count.
COLUMNS = {
    "part": CharField(),
    "text": CharField(),
    "flag": BooleanField(),
    "day": DateField(),
    "ident": IntegerField(),
    "u_id": IntegerField(),
    "u_code": CharField(),
    "u_name": CharField(),
    "u_level": CharField(),
    "u_path": CharField(),
    "r_id": IntegerField(),
    "r_state": CharField(),
    "r_late": BooleanField(),
    "r_at": DateTimeField(),
    "r_by": IntegerField(),
    "v_indicator": IntegerField(),
    "v_value": DecimalField(max_digits=14, decimal_places=2),
    "n": IntegerField(),
}
PAGE_COLUMNS = slice(5, 17)  # u_id … v_value


def _part(queryset, name, *, counted=False, **columns):
    """`queryset` as one part of the statement: every column of COLUMNS, those not in
    `columns` NULL of their type; with `counted` the rows grouped by the columns and
    counted (n), else n is NULL."""
    names = list(COLUMNS)
    queryset = queryset.order_by().annotate(
        part=Value(name, output_field=CharField()),
        **{
            # A typed NULL: PostgreSQL matches the parts' columns two by two, and two
            # untyped NULLs would make a text column.
            column: columns.get(column, _null(field))
            for column, field in COLUMNS.items()
            if column not in ("part", "n")
        },
    )
    if counted:
        return queryset.values_list(*names[:-1]).annotate(n=Count("pk"))
    return queryset.annotate(n=_null(IntegerField())).values_list(*names)


class _IntegerNull(Cast):
    """A NULL typed integer whose column is read back as it comes: the ids and counts the
    other parts give there come from PostgreSQL and SQLite as ints already, and the int()
    the ORM would run on that column of every row of the statement (the first part's
    converters apply to all) is left out."""

    convert_value = staticmethod(Cast._convert_value_noop)


def _null(field):
    return (_IntegerNull if isinstance(field, IntegerField) else Cast)(
        Value(None), output_field=field
    )


def _page_part(obligation, year, search, status, offset, limit):
    """The page of units_with_status() (`limit` units from `offset`), each unit with its
    report for `year` and the report's values: a row per unit and value."""
    page = units_with_status(obligation, year, search=search, status=status)
    return _part(
        Unit.objects.filter(pk__in=page[offset : offset + limit].values("pk")).annotate(
            report=_report_of_year(obligation, year)
        ),
        "page",
        u_id=F("pk"),
        u_code=F("code"),
        u_name=F("name"),
        u_level=F("level"),
        u_path=F("path"),
        r_id=F("report__pk"),
        r_state=F("report__state"),
        r_late=F("report__is_late"),
        r_at=F("report__submitted_at"),
        r_by=F("report__submitted_by"),
        v_indicator=F("report__values__indicator"),
        v_value=F("report__values__value"),
    )


def _counts_found(page):
    """Whether the overview counts the units a search matches: with its first page (whose
    number needs no count to be known; the later ones are counted before, by the view)."""
    return bool(page and page[0] and page[2] == 0)


def _overview_statement(obligation, year, indicators, page=None):
    """The dashboard's one statement, its parts joined by UNION ALL (COLUMNS):

    - "page" (with `page`: search, status, offset, limit): _page_part();
    - "status": the units that must report, left-joined to their report for `year`,
      counted per (state, late, local day of submission): text, flag, day, n;
    - "attainment": the values of the reports that stand submitted, of the units that
      must report, counted per indicator and attainment against the threshold of the
      unit's level (reports.attainment.met_condition, the twin of evaluate()): text (the
      attainment), ident (the indicator), n;
    - "found" (with a search's first page): the units the search matches, n;
    - "consolidated": ident, the id of the consolidated report of `year`, if there is one.
    """
    parts = [_page_part(obligation, year, *page)] if page else []
    if _counts_found(page):
        search, status = page[:2]
        parts.append(
            _part(
                units_with_status(obligation, year, search=search, status=status),
                "found",
                counted=True,
            )
        )
    parts.append(
        _part(
            obligation_units(obligation).annotate(report=_report_of_year(obligation, year)),
            "status",
            counted=True,
            text=F("report__state"),
            flag=F("report__is_late"),
            day=TruncDate("report__submitted_at", tzinfo=timezone.get_current_timezone()),
        )
    )
    cases = _attainment_cases(indicators)
    if cases:
        parts.append(
            _part(
                IndicatorValue.objects.filter(
                    _must_report(obligation, "submission__unit__"),
                    submission__obligation=obligation,
                    submission__year=year,
                    submission__state=SubmissionState.SUBMITTED,
                    value__isnull=False,
                ).alias(level=F("submission__unit__level")),
                "attainment",
                counted=True,
                text=Case(
                    *cases, default=Value(Attainment.MISSING.value), output_field=CharField()
                ),
                ident=F("indicator_id"),
            )
        )
    parts.append(
        _part(
            ConsolidatedReport.objects.filter(obligation=obligation, year=year),
            "consolidated",
            ident=F("pk"),
        )
    )
    return parts


def _overview_rows(obligation, year, indicators, page=None):
    """The rows of _overview_statement(). The ORM spends some 4 ms compiling its CASE (a
    WHEN per indicator and level) that the database answers in about 1: the statement is
    compiled once for what it is made of (obligation, year, who must report, every
    indicator's thresholds, the time zone of the days, the page) and its SQL run again
    while those stay the same (_cached_rows)."""
    key = (
        "overview",
        IndicatorValue.objects.db,
        *_units_key(obligation),
        year,
        timezone.get_current_timezone_name(),
        tuple(
            (
                i.pk,
                i.comparator,
                str(i.value),
                str(i.value_max),
                json.dumps(i.level_thresholds, sort_keys=True, default=str),
            )
            for i in indicators
        ),
        page,
    )
    return _cached_rows(key, lambda: _overview_statement(obligation, year, indicators, page))


def with_reports(units, obligation, year):
    """`units` (a Unit queryset), each with its report for `year` read in the same query
    (a LEFT JOIN: one report per obligation, unit and year): `report_pk` (None when the
    unit has not started one), `report_state`, `report_is_late`, `report_submitted_at`,
    `report_submitted_by_id` (unit_rows(..., reports_joined=True) reads them)."""
    return units.annotate(report=_report_of_year(obligation, year)).annotate(
        **{f"report_{name}": F(f"report__{column}") for name, column in REPORT_JOIN}
    )


def _report_of_year(obligation, year):
    return FilteredRelation(
        "report_submissions",
        condition=Q(report_submissions__obligation=obligation, report_submissions__year=year),
    )


REPORT_JOIN = (
    ("pk", "pk"),
    ("state", "state"),
    ("is_late", "is_late"),
    ("submitted_at", "submitted_at"),
    ("submitted_by_id", "submitted_by"),
)


def dashboard_overview(obligation, year, *, page=None):
    """The dashboard's figures over every unit that must report: counts per status,
    met / not met / missing per indicator (counted by the database), the running total
    of submissions per day, and the id of the year's consolidated report. Two queries
    (indicators; one statement: the units counted by their report's state and day of
    submission, the attainment, the consolidated report) whatever the number of units.
    With `page` (search, status, offset, limit: page_rows()' arguments) the statement
    reads that page of the unit table too, which page_rows() then takes."""
    indicators = _indicators(obligation)
    counts = Counter()
    by_day = Counter()
    results = Counter()
    required, consolidated_id, page_found = 0, None, []
    found = 0 if _counts_found(page) else None
    for row in _overview_rows(obligation, year, indicators, page):
        part, text, flag, day, ident, n = *row[:5], row[-1]
        if part == "page":
            page_found.append(row[PAGE_COLUMNS])
        elif part == "status":
            required += n
            status = _status_of(text, bool(flag))
            counts[status] += n
            if status in (UnitStatus.SUBMITTED, UnitStatus.LATE) and day:
                if isinstance(day, str):  # SQLite hands back the text of the date
                    day = datetime.date.fromisoformat(day)
                by_day[day] += n
        elif part == "attainment":
            results[ident, text] += n
        elif part == "found":
            found += n
        else:
            consolidated_id = ident
    timeline, running = [], 0
    for day in sorted(by_day):
        running += by_day[day]
        timeline.append((day.strftime("%d/%m/%Y"), running))
    attainment_counts = []
    for indicator in indicators:
        met = results[indicator.pk, Attainment.MET.value]
        not_met = results[indicator.pk, Attainment.NOT_MET.value]
        attainment_counts.append(
            {
                "indicator": indicator,
                "met": met,
                "not_met": not_met,
                "missing": required - met - not_met,
            }
        )
    return Dashboard(
        obligation=obligation,
        year=year,
        deadline=obligation.deadline_for(year),
        indicators=indicators,
        rows=[],
        counts={
            "required": required,
            **{status.value: counts.get(status.value, 0) for status in UnitStatus},
        },
        attainment_counts=attainment_counts,
        timeline=timeline,
        consolidated_id=consolidated_id,
        # The units of the page (path order), their reports and values, as read with it.
        page=page,
        page_found=sorted(page_found, key=lambda row: (row[4], row[0])),
        found=found,
    )


def _indicators(obligation):
    """list(obligation.indicators.all()): every field, in their order, each knowing its
    obligation; those read with it (managed_obligation), else read here, the SQL compiled
    once per obligation (_cached_rows)."""
    prefetched = getattr(obligation, "_prefetched_objects_cache", {}).get("indicators")
    if prefetched is not None:
        return list(prefetched)
    db = ReportIndicator.objects.db
    rows = _cached_rows(
        ("indicators", db, obligation.pk),
        lambda: obligation.indicators.all().values_list(*_INDICATOR_FIELDS),
    )
    indicators = []
    for row in rows:
        indicator = ReportIndicator.from_db(db, _INDICATOR_FIELDS, list(row))
        ReportIndicator.obligation.field.set_cached_value(indicator, obligation)
        indicators.append(indicator)
    return indicators


_INDICATOR_FIELDS = [f.attname for f in ReportIndicator._meta.concrete_fields]


def unit_rows(board, units, *, every_unit=False, reports_joined=False):
    """The table rows of `units` (a page of them, or with `every_unit` all the units that
    must report): status, and each indicator's value against the threshold of the unit's
    level. Two queries (their reports, the values of those that stand submitted); one when
    the units come `with_reports` (`reports_joined`): their reports read with them."""
    obligation, year = board.obligation, board.year
    if reports_joined:
        submissions = {
            unit.pk: ReportSubmission(
                pk=unit.report_pk,
                obligation_id=obligation.pk,
                unit_id=unit.pk,
                year=year,
                state=unit.report_state,
                is_late=unit.report_is_late,
                submitted_at=unit.report_submitted_at,
                submitted_by_id=unit.report_submitted_by_id,
            )
            for unit in units
            if unit.report_pk is not None
        }
    else:
        reports = ReportSubmission.objects.filter(obligation=obligation, year=year)
        if not every_unit:
            reports = reports.filter(unit_id__in=[unit.pk for unit in units])
        submissions = {
            s.unit_id: s
            for s in reports.order_by().only(
                "pk", "unit_id", "state", "is_late", "submitted_at", "submitted_by_id"
            )
        }
    standing = [s.pk for s in submissions.values() if s.state == SubmissionState.SUBMITTED]
    values = defaultdict(dict)
    if standing:
        found = IndicatorValue.objects.filter(submission__state=SubmissionState.SUBMITTED)
        if every_unit:
            found = found.filter(submission__obligation=obligation, submission__year=year)
        else:
            found = found.filter(submission_id__in=standing)
        for submission_id, indicator_id, value in found.values_list(
            "submission_id", "indicator_id", "value"
        ):
            values[submission_id][indicator_id] = value
    return _rows(board, units, submissions, values)


def page_rows(board, *, search="", status="", offset=0, limit):
    """The table rows of one page of units_with_status() (`limit` units from `offset`), as
    unit_rows() gives them: the units, their reports and the values of the reports
    standing submitted (a row per unit and value: at most the page's units × the
    indicators), as dashboard_overview(page=…) read them with the figures, else in one
    query of their own, compiled once for what it is made of (_cached_rows)."""
    obligation, year = board.obligation, board.year
    page = (search, status, offset, limit)
    db = Unit.objects.db
    if board.page == page:  # read with the overview, in its statement
        found = board.page_found
    else:
        key = ("page", db, *_units_key(obligation), year, *page)
        found = sorted(
            (
                row[PAGE_COLUMNS]
                for row in _cached_rows(key, lambda: _page_part(obligation, year, *page))
            ),
            key=lambda row: (row[4], row[0]),
        )
    units, submissions, values = [], {}, defaultdict(dict)
    fields, last = len(UNIT_FIELDS), None
    for row in found:
        pk = row[0]
        if pk != last:  # a unit's rows follow one another (a row per value)
            last = pk
            _pk, code, name, level, path = row[:fields]
            units.append(_loaded(Unit, db, id=pk, code=code, name=name, level=level, path=path))
            report_pk, state, is_late, submitted_at, submitted_by_id = row[fields : fields + 5]
            if report_pk is not None:
                submissions[pk] = _loaded(
                    ReportSubmission,
                    db,
                    id=report_pk,
                    obligation_id=obligation.pk,
                    unit_id=pk,
                    year=year,
                    state=state,
                    is_late=is_late,
                    submitted_at=submitted_at,
                    submitted_by_id=submitted_by_id,
                )
        indicator_id, value = row[-2:]
        if indicator_id is not None and row[fields + 1] == SubmissionState.SUBMITTED:
            values[row[fields]][indicator_id] = value
    return _rows(board, units, submissions, values)


def _loaded(model, db, **known):
    """An instance as the ORM builds one for .only(): the fields not `known` deferred
    (read from the database if asked for). Built as Model.from_db() leaves it, without
    running __init__ over every field (some 7 µs an instance, a hundred a page): the
    known fields (attnames) set on a fresh instance, nothing else, when no pre_init or
    post_init receiver wants to see it made (else from_db itself)."""
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        fields = [f for f in model._meta.concrete_fields if f.attname in known]
        return model.from_db(db, known, [known[f.attname] for f in fields])
    instance = model.__new__(model)
    state = instance._state = ModelState()
    state.adding, state.db = False, db
    instance.__dict__.update(known)
    return instance


def _rows(board, units, submissions, values):
    """UnitRow per unit: `submissions` {unit id: its report}, `values` {report id:
    {indicator id: value}} of the reports standing submitted."""
    indicators = board.indicators
    # The threshold and its text depend only on (indicator, level): work them out once.
    thresholds = {}
    for indicator in indicators:
        for level in {unit.level for unit in units}:
            comparator, low, high = indicator.threshold_for(level)
            thresholds[indicator.id, level] = (
                comparator,
                as_decimal(low),
                as_decimal(high),
                threshold_text(comparator, low, high, _uom(indicator)),
            )
    rows = []
    # Labels translated once, not once per row.
    status_labels = {status: str(label) for status, label in UnitStatus.choices}
    level_labels = {level: str(label) for level, label in UnitLevel.choices}
    indicator_ids = [(indicator, indicator.id) for indicator in indicators]
    missing = Attainment.MISSING
    for unit in units:
        submission = submissions.get(unit.id)
        status = _status(submission)
        mine = values.get(submission.id, {}) if submission else {}
        row = UnitRow(
            unit,
            submission,
            status,
            status_label=status_labels[status],
            level_label=level_labels.get(unit.level, ""),
        )
        cells, level = row.cells, unit.level
        for indicator, indicator_id in indicator_ids:
            value = mine.get(indicator_id)
            comparator, low, high, text = thresholds[indicator_id, level]
            if value is None:
                attainment = missing
            else:
                attainment = evaluate(comparator, low, high, value)
            cells.append(Cell(indicator, value, text, attainment))
        rows.append(row)
    return rows


UNIT_FIELDS = ("pk", "code", "name", "level", "path")


def dashboard(obligation, year):
    """Every required unit against the obligation for `year` (the exports and the
    consolidated report): the overview's figures and every unit's row. Four queries
    whatever the number of units (the overview's two; the units with their reports, the
    values)."""
    board = dashboard_overview(obligation, year)
    units = list(with_reports(obligation_units(obligation).only(*UNIT_FIELDS), obligation, year))
    board.rows = unit_rows(board, units, every_unit=True, reports_joined=True)
    return board


# --- what the awards app reads ------------------------------------------------------


def criteria_status_for_unit(criteria, unit):
    """{criterion pk: 'met' | 'not_met' | 'unknown'} from the unit's latest submitted values,
    judged against the threshold of the unit's level. One query for any number of criteria."""
    criteria = list(criteria)
    latest = {}
    rows = (
        IndicatorValue.objects.filter(
            indicator__criterion__in=criteria,
            submission__unit=unit,
            submission__state=SubmissionState.SUBMITTED,
            value__isnull=False,
        )
        .select_related("indicator")
        .order_by("-submission__year", "-submission__submitted_at", "-pk")
    )
    for reported in rows:
        latest.setdefault(reported.indicator.criterion_id, reported)
    statuses = {}
    for criterion in criteria:
        reported = latest.get(criterion.pk)
        if reported is None:
            statuses[criterion.pk] = "unknown"
            continue
        comparator, low, high = reported.indicator.threshold_for(unit.level)
        result = evaluate(comparator, low, high, reported.value)
        statuses[criterion.pk] = {Attainment.MET: "met", Attainment.NOT_MET: "not_met"}.get(
            result, "unknown"
        )
    return statuses


def criterion_status_for_unit(criterion, unit):
    """'met', 'not_met' or 'unknown': the criterion against the unit's latest submitted report."""
    return criteria_status_for_unit([criterion], unit)[criterion.pk]


# --- the consolidated report --------------------------------------------------------


def consolidated_summary(obligation, year):
    """What the consolidated report compiles (reports.compilation): the dashboard (status
    and values of every unit) and the units' narrative per template section."""
    board = dashboard(obligation, year)
    submitted_ids = [
        row.submission.pk
        for row in board.rows
        if row.status in (UnitStatus.SUBMITTED, UnitStatus.LATE)
    ]
    narrative = defaultdict(list)
    answers = (
        ReportSubmission.objects.filter(pk__in=submitted_ids)
        .values_list("answers__section_id", "unit__name", "answers__text")
        .order_by("unit__path")
    )
    for section_id, unit_name, text in answers:
        if section_id and (text or "").strip():
            narrative[section_id].append((unit_name, text.strip()))
    return {
        "dashboard": board,
        "counts": board.counts,
        "narrative": [(s, narrative.get(s.pk, [])) for s in obligation.sections.all()],
        "late_units": [r.unit for r in board.rows if r.status == UnitStatus.LATE],
        "missing_units": [
            r.unit for r in board.rows if r.status in (UnitStatus.MISSING, UnitStatus.RETURNED)
        ],
    }


def milestones_without_obligation(user):
    """'Unit reports due' milestones of the published plans the user's office runs that
    have no obligation yet (the office makes one with a click)."""
    if not getattr(user, "is_authenticated", False):
        return Milestone.objects.none()
    qs = Milestone.objects.filter(
        kind=MilestoneKind.UNIT_REPORTS_DUE, report_obligations__isnull=True
    ).exclude(campaign__state=CampaignState.DRAFT)
    if not is_admin(user):
        paths = user.scope_paths(Role.CAMPAIGN_OFFICE)
        if not paths:
            return qs.none()
        condition = Q()
        for path in paths:
            condition |= Q(campaign__issuing_body__path__startswith=path)
        qs = qs.filter(condition)
    return qs.select_related("campaign").order_by("-campaign__issue_year", "campaign_id", "order")
