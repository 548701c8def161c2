"""Checks on a dossier, computed on the server: shown while filling, enforced on submit.

Each check returns plain data (no writes), so the form page and the submit service show
and enforce the same thing.
"""

import math
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connections
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import quotas
from campaigns.enums import DossierPart, NomineeKind, PercentBase, QuotaTarget
from campaigns.models import AwardForm, AwardRound, Quota, RatioRule, Registration
from core.memo import LRU
from core.statements import cached_objects, cached_rows
from units.models import Unit

from .enums import Appraisal, AttachmentKind, DossierState, NominationState
from .models import Dossier, Nomination


@dataclass
class NomineeCheck:
    nomination: Nomination
    problems: list = field(default_factory=list)
    council: bool | None = None
    # Other dossiers of the round proposing the same nominee for the same form (office view).
    duplicates: list = field(default_factory=list)

    @property
    def eligible(self):
        return not self.problems


@dataclass
class QuotaUse:
    quota: Quota
    label: str
    used: int
    limit: int
    mine: int = 0
    approved_elsewhere: int = 0

    @property
    def exceeded(self):
        return self.used > self.limit

    @property
    def short(self):
        """An exact quota ("chọn 02 trường hợp") of the unit's own not yet filled."""
        return self.quota.exact and own_quota(self.quota) and self.used < self.limit

    @property
    def words(self):
        """What the count is made of, in words."""
        quota, whom = self.quota, quotas.whom(self.quota)
        if quotas.counts_each_unit_apart(quota):
            words = _("%(mine)s đề nghị của hồ sơ này; chỉ tiêu tính cho %(whom)s") % {
                "mine": self.mine,
                "whom": whom,
            }
        elif quota.applies_to == QuotaTarget.UNIT:
            words = _(
                "%(others)s đã được phê duyệt ở các hồ sơ khác của đơn vị + %(mine)s đề nghị "
                "của hồ sơ này; chỉ tiêu riêng của %(whom)s"
            ) % {"others": self.approved_elsewhere, "mine": self.mine, "whom": whom}
        elif quota.applies_to == QuotaTarget.UNIT_KIND:
            words = _(
                "%(others)s đã được phê duyệt ở các hồ sơ khác + %(mine)s đề nghị của hồ sơ "
                "này; chỉ tiêu chung của %(whom)s"
            ) % {"others": self.approved_elsewhere, "mine": self.mine, "whom": whom}
        else:
            words = _(
                "%(others)s đã được phê duyệt trong đợt ở các hồ sơ khác + %(mine)s đề nghị "
                "của hồ sơ này; chỉ tiêu chung của cả đợt"
            ) % {"others": self.approved_elsewhere, "mine": self.mine}
        if quota.exact:
            words += "; " + _("phải đúng %(limit)s") % {"limit": self.limit}
        return words


def _nominee_key(nomination):
    return (nomination.person_id, nomination.nominee_unit_id, nomination.form_id)


def held_and_proposed_elsewhere(dossier, nominations, *, duplicates=False):
    """Two readings of the other dossiers, in a query each for the whole dossier:

    - held: the (person id, unit id, form id) already approved in another dossier of the
      campaign;
    - with `duplicates`, one achievement, one award (Luật Điều 5): for each nomination, the
      units of the other filed dossiers of the same round proposing the same nominee for
      the same form ({nomination pk: [unit names]}, in the tree's order)."""
    persons = {n.person_id for n in nominations if n.person_id}
    units = {n.nominee_unit_id for n in nominations if n.nominee_unit_id}
    if not persons and not units:
        return set(), {}
    # Two queries, each with a plan that stays small on 100,000 nominations: the approvals
    # in the campaign (rare, so joined row by row), and with `duplicates` the round's other
    # filed proposals (the round's dossiers, some 500, by their index). One OR over both
    # made PostgreSQL hash the whole dossier table (20,000 rows, 5-15 ms), and their UNION
    # started parallel workers (20 ms on a busy machine).
    columns = (
        "person_id",
        "nominee_unit_id",
        "form_id",
        "state",
        "dossier__round_id",
        "dossier__state",
        "dossier__unit__name",
        "dossier__unit__path",
    )
    # Each compiled once for its number of persons and units (core.statements).
    persons, units = sorted(persons), sorted(units)
    alias = dossier._state.db or "default"
    shape = (alias, len(persons), len(units))

    def mine(marks):
        return (
            Nomination.objects.filter(
                Q(person_id__in=marks[: len(persons)])
                | Q(nominee_unit_id__in=marks[len(persons) : len(persons) + len(units)])
            )
            .exclude(dossier_id=marks[-2])
            .order_by()
        )

    def held_rows(*marks):
        return (
            mine(marks)
            .filter(dossier__round__campaign_id=marks[-1], state=NominationState.APPROVED)
            .values_list(*columns)
        )

    def filed_rows(*marks):
        return (
            mine(marks)
            .filter(dossier__round_id=marks[-1])
            .exclude(dossier__state=DossierState.DRAFT)
            .exclude(state__in=[NominationState.APPROVED, NominationState.REJECTED])
            .values_list(*columns)
        )

    ids = [*persons, *units, dossier.pk]
    rows = cached_rows(
        ("awards.held_elsewhere", *shape), held_rows, [*ids, dossier.round.campaign_id]
    )
    if duplicates:
        rows = [
            *rows,
            *cached_rows(("awards.filed_elsewhere", *shape), filed_rows, [*ids, dossier.round_id]),
        ]
    rows = sorted(rows, key=lambda row: row[-1])  # in the tree's order
    held, by_key = set(), {}
    for person_id, unit_id, form_id, state, round_id, dossier_state, unit_name, _path in rows:
        key = (person_id, unit_id, form_id)
        if state == NominationState.APPROVED:
            held.add(key)
        if (
            duplicates
            and round_id == dossier.round_id
            and dossier_state != DossierState.DRAFT
            and state != NominationState.REJECTED
        ):
            by_key.setdefault(key, []).append(unit_name)
    elsewhere = {n.pk: by_key[_nominee_key(n)] for n in nominations if _nominee_key(n) in by_key}
    return held, elsewhere


def approved_elsewhere(nomination):
    """The nomination of another dossier of the round already approved for the same nominee
    and form, or None. Called under the round's lock at approval."""
    if not (nomination.person_id or nomination.nominee_unit_id):
        return None
    return (
        Nomination.objects.filter(
            dossier__round_id=nomination.dossier.round_id,
            form_id=nomination.form_id,
            person_id=nomination.person_id,
            nominee_unit_id=nomination.nominee_unit_id,
            state=NominationState.APPROVED,
        )
        .exclude(pk=nomination.pk)
        .select_related("dossier__unit")
        .first()
    )


def _achievement_year(round_):
    return round_.year or round_.campaign.year


def awarded_before(round_, nominations):
    """One achievement, one award (Luật Thi đua, khen thưởng, Điều 5), read from the award
    history: per nomination, the message naming the decision by which the nominee already
    holds the same form for the round's achievement year (an issued decision not revoked,
    or a past award imported from the office's spreadsheet). The decision that awarded
    this very nomination does not count. Two queries for all the nominations."""
    from decisions.selectors import same_form, standing_awards  # noqa: PLC0415

    year = _achievement_year(round_)
    if year is None:
        return {}
    awards = standing_awards(
        person_ids={n.person_id for n in nominations},
        unit_ids={n.nominee_unit_id for n in nominations if not n.person_id},
    )
    found = {}
    for nomination in nominations:
        for award in awards:
            mine = (
                award.person_id == nomination.person_id
                if nomination.person_id
                else award.unit_id is not None and award.unit_id == nomination.nominee_unit_id
            )
            if (
                not mine
                or award.year != year
                or (award.nomination_id is not None and award.nomination_id == nomination.pk)
                or not same_form(award.form_name, nomination.form.name)
            ):
                continue
            found[id(nomination)] = _(
                "Đã được tặng «%(form)s» cho thành tích năm %(year)s theo Quyết định số "
                "%(number)s ngày %(day)s của %(issuer)s: một thành tích chỉ được khen thưởng "
                "một lần."
            ) % {
                "form": award.form_name,
                "year": year,
                "number": award.number,
                "day": award.day.strftime("%d/%m/%Y") if award.day else "…",
                "issuer": award.issuer,
            }
            break
    return found


def nominee_checks(dossier, nominations, *, duplicates=False, forms=None):
    """Eligibility of each nominee: in scope, eligible kind, not holding the same form in the
    campaign, no pending discipline, the form offered by the round, the council vote.
    With `duplicates`, also the other dossiers proposing the same nominee (for the office).
    `forms`: the round's award forms when the caller has them already (one query less);
    without them, nominations that say whether the round offers their form
    (`form_offered`, awards.views._nominations) spare the round's forms' query."""
    campaign = dossier.round.campaign
    body_path = campaign.issuing_body.path
    if not dossier.unit.path.startswith(body_path):
        # A lower body's dossier to the level above (services.propose_upward): the
        # campaign reaches the body's subtree through it, and no further.
        body_path = dossier.unit.path
    if forms is None and all(hasattr(n, "form_offered") for n in nominations):
        not_offered = {id(n) for n in nominations if not n.form_offered}
    else:
        offered = {f.pk for f in (dossier.round.forms.all() if forms is None else forms)}
        not_offered = {id(n) for n in nominations if offered and n.form_id not in offered}
    held, elsewhere = held_and_proposed_elsewhere(dossier, nominations, duplicates=duplicates)
    before = awarded_before(dossier.round, nominations)
    seen = set()
    results = []
    for nomination in nominations:
        check = NomineeCheck(nomination, duplicates=elsewhere.get(nomination.pk, []))
        form = nomination.form
        if id(nomination) in not_offered:
            check.problems.append(
                _("Đợt này không xét hình thức «%(form)s».") % {"form": form.name}
            )
        if form.recipient_kinds and nomination.nominee_kind not in form.recipient_kinds:
            check.problems.append(
                _("Hình thức này không dành cho đối tượng «%(kind)s».")
                % {"kind": nomination.get_nominee_kind_display()}
            )
        if nomination.nominee_kind == NomineeKind.COLLECTIVE:
            unit = nomination.nominee_unit
            if unit is None or not unit.path.startswith(body_path):
                check.problems.append(_("Tập thể không thuộc phạm vi phong trào."))
            elif not unit.path.startswith(dossier.unit.path):
                check.problems.append(
                    _(
                        "Tập thể không thuộc đơn vị trình: chỉ đề nghị đơn vị mình và các đơn vị "
                        "trực thuộc, không đề nghị đơn vị cấp trên, ngang cấp hay cơ quan ban hành."
                    )
                )
            elif form.eligible_unit_kinds and unit.kind not in form.eligible_unit_kinds:
                check.problems.append(
                    _("Loại đơn vị «%(kind)s» không thuộc đối tượng được đề nghị.")
                    % {"kind": unit.get_kind_display()}
                )
            key = (None, nomination.nominee_unit_id, form.pk)
        elif nomination.nominee_kind == NomineeKind.HOUSEHOLD:
            if not nomination.household_head.strip() or not nomination.household_address.strip():
                check.problems.append(_("Hộ gia đình: cần ghi chủ hộ và địa chỉ."))
            key = ("household", nomination.household_head.strip().lower(), form.pk)
        else:
            person = nomination.person
            if person is None or not person.unit.path.startswith(dossier.unit.path):
                check.problems.append(_("Cá nhân không thuộc đơn vị trình."))
            elif person.discipline_pending:
                check.problems.append(
                    _(
                        "Cá nhân đang bị xem xét kỷ luật, điều tra, thanh tra: chưa được đề nghị khen thưởng."
                    )
                )
            elif not person.is_active:
                check.problems.append(_("Cá nhân không còn công tác tại đơn vị."))
            key = (nomination.person_id, None, form.pk)
        if id(nomination) in before:
            check.problems.append(before[id(nomination)])
        elif key in held:
            check.problems.append(_("Đã được tặng hình thức này trong phong trào."))
        if key in seen:
            check.problems.append(_("Trùng với một đề nghị khác trong hồ sơ."))
        seen.add(key)
        check.council = nomination.passes_council()
        if check.council is False:
            check.problems.append(
                _("Không đạt tỷ lệ phiếu đồng ý của Hội đồng Thi đua - Khen thưởng.")
            )
        results.append(check)
    return results


BOARD_STATES = [DossierState.APPRAISED, DossierState.DECIDED]
KINDS = (NomineeKind.COLLECTIVE, NomineeKind.INDIVIDUAL)


def own_quota(quota):
    """A quota of the filing unit's own (each unit apart, or a named unit): checked on the
    unit's dossier at submission, exceeding and, when exact, falling short."""
    return quotas.counts_each_unit_apart(quota) or quota.applies_to == QuotaTarget.UNIT


class Filer(NamedTuple):
    """The unit that filed a dossier, as much as a quota needs to know of it (a tuple: the
    board's tally makes hundreds)."""

    pk: int
    kind: str
    level: str
    name: str = ""


# What the approval board reads of a round, per process, by (database, round, the round's
# board revision, what was read): a reading stays right while the revision stays the same,
# since the database changes the revision with every write that could change it (the
# triggers of awards migrations 0007 and 0008, see awards.models.BoardRevision). A reading
# holds the round's groups and dossiers (some thousands of tuples), and as asked its totals,
# the filed proposals of each page's nominees (duplicates) and the board's groups per filter.
BOARD_READINGS = LRU(16)
BOARD_VENDORS = frozenset({"postgresql", "sqlite"})  # the databases migration 0007 serves


def board_key(round_, *what):
    """The key of what the board reads of `round_` as of its board revision, or None when
    the round was not read with its revision (`selectors.board_round`): then read afresh.
    The revision read first, what it keys read after it: a reading is never older than its
    key (at worst newer, for a request that raced a write)."""
    revision_of = AwardRound._meta.get_field("board_revision")
    alias = round_._state.db
    if not revision_of.is_cached(round_) or connections[alias].vendor not in BOARD_VENDORS:
        return None
    revision = revision_of.get_cached_value(round_)
    return (alias, round_.pk, None if revision is None else revision.value, *what)


UNIT_FIELDS = ("unit_id", "unit__kind", "unit__level", "unit__name", "unit__path", "pk")


def _read_units(rows):
    """unit id -> (Filer, path, dossier id) from rows of UNIT_FIELDS."""
    return {
        unit_id: (Filer(unit_id, kind, level, name), path, dossier_id)
        for unit_id, kind, level, name, path, dossier_id in rows
    }


def _round_totals(rows):
    """{(form id, kind, state, waiting on the board): count} of a tally's rows."""
    totals = {}
    for _filer, f_id, nominee_kind, n_state, appraisal, d_state, n in rows:
        waiting = (
            n_state == NominationState.PROPOSED
            and appraisal == Appraisal.PROPOSE
            and d_state in BOARD_STATES
        )
        key = (f_id, nominee_kind, n_state, waiting)
        totals[key] = totals.get(key, 0) + n
    return totals


class BoardReading:
    """A round's proposals as the approval board reads them (`QuotaTally` with `places`):
    `units` (unit id -> (Filer, path, dossier id), every dossier of the round), `rows` and
    `places` (QuotaTally's), `totals` (`_round_totals`), `missing_forms` (forms of the
    proposals the round no longer offers: a reading with them is not kept), and filled
    when first asked: `filed` (the round's filed proposals of a page's nominees, for the
    duplicates, per page) and `groups` (selectors.BoardRows' groups, per filter)."""

    def __init__(self, round_pk, alias, units, rows, places, missing_forms):
        self.round_pk, self.alias = round_pk, alias
        self.units, self.rows, self.places = units, rows, places
        self.missing_forms = missing_forms
        self.totals = _round_totals(rows)
        self.filers = sorted({row[0] for row in rows}, key=lambda f: (f.name, f.pk))
        self.filed = {}
        self.groups = {}
        self._unit_of = None

    def unit_of(self):
        """{dossier id: its filing unit's id}."""
        if self._unit_of is None:
            self._unit_of = {dossier: unit for unit, (_f, _p, dossier) in self.units.items()}
        return self._unit_of

    def filed_for(self, nominations):
        """{(person id, unit id, form id): [(dossier id, filing unit's name)]} of the
        round's filed proposals (dossiers past the draft, not refused) of the persons and
        collectives of `nominations` (a board page's), each list in the tree's order. One
        small query per page the first time the reading is asked for it (the round's
        thousands of proposals are never all read for a page of them); the page's answer
        kept with the reading."""
        persons = sorted({n.person_id for n in nominations if n.person_id})
        units = sorted({n.nominee_unit_id for n in nominations if n.nominee_unit_id})
        page = (tuple(persons), tuple(units))
        found = self.filed.get(page)
        if found is not None:
            return found
        round_pk, alias = self.round_pk, self.alias
        # Each list padded to a power of two (its last id again): a few statement shapes
        # kept per process, not one per count of persons and collectives on a page.
        persons, units = _padded(persons), _padded(units)

        def filed_rows(*marks):
            return (
                Nomination.objects.filter(
                    Q(person_id__in=marks[: len(persons)])
                    | Q(nominee_unit_id__in=marks[len(persons) : -1])
                )
                .filter(dossier__round_id=marks[-1])
                .exclude(dossier__state=DossierState.DRAFT)
                .exclude(state=NominationState.REJECTED)
                .values_list(
                    "person_id", "nominee_unit_id", "form_id", "dossier_id", "dossier__unit_id"
                )
                .order_by()
            )

        rows = cached_rows(
            ("awards.board_filed", alias, len(persons), len(units)),
            filed_rows,
            [*persons, *units, round_pk],
        )
        units_of = self.units
        missing = {row[4] for row in rows if row[4] not in units_of}
        if missing:  # a dossier filed after the round's dossiers were read
            units_of = {
                **units_of,
                **_read_units(_round_units(round_pk).filter(unit_id__in=missing)),
            }
        by_key = {}
        for person_id, unit_id, form_id, dossier_id, filer_id in sorted(
            rows, key=lambda row: units_of[row[4]][1]
        ):
            by_key.setdefault((person_id, unit_id, form_id), []).append(
                (dossier_id, units_of[filer_id][0].name)
            )
        if len(self.filed) >= 64:  # pages kept per reading, at most
            self.filed.clear()
        self.filed[page] = by_key
        return by_key


def _padded(ids):
    """`ids` (sorted, distinct) with its last id repeated up to a power of two long."""
    if not ids:
        return ids
    return [*ids, *[ids[-1]] * ((1 << (len(ids) - 1).bit_length()) - len(ids))]


def _round_units(round_pk):
    return Dossier.objects.filter(round_id=round_pk).values_list(*UNIT_FIELDS)


class QuotaTally:
    """The round's filed nominations (dossiers past the draft) and approvals, counted per filing unit,
    form, kind, state and opinion in one query; what each quota has used and allows.

    The unit's page, the submission check, the approval board and approval itself all
    count with this, through `campaigns.quotas`, so they read the same rules."""

    def __init__(self, round_, forms=None, *, exclude_dossier=None, places=None):
        """`places`: the round's award forms (for their order), to know also where each
        group sorts on the approval board (`self.places`, see `selectors.BoardRows`); the
        board's reading is then kept per round revision (`BOARD_READINGS`)."""

        def counted():
            qs = Nomination.objects.filter(dossier__round_id=round_.pk).filter(
                Q(state=NominationState.APPROVED) | ~Q(dossier__state=DossierState.DRAFT)
            )
            if forms is not None:
                qs = qs.filter(form_id__in=list(forms))
            if exclude_dossier is not None:
                qs = qs.exclude(dossier_id=exclude_dossier)
            return qs

        self.round = round_
        self.rows, self.places = [], []
        self.reading = None
        self._registered = None
        self._totals = None
        if places is not None:
            what = (tuple(sorted(forms)) if forms is not None else None, exclude_dossier)
            self._read_with_places(counted, places, what)
        else:
            qs = counted()
            filers = {}
            for unit_id, kind, level, name, form_id, nominee_kind, state, appraisal, dstate, n in (
                qs.values_list(
                    "dossier__unit_id",
                    "dossier__unit__kind",
                    "dossier__unit__level",
                    "dossier__unit__name",
                    "form_id",
                    "nominee_kind",
                    "state",
                    "appraisal",
                    "dossier__state",
                )
                .annotate(n=Count("pk"))
                .order_by()
            ):
                filer = filers.get(unit_id)
                if filer is None:
                    filer = filers[unit_id] = Filer(unit_id, kind, level, name)
                self.rows.append((filer, form_id, nominee_kind, state, appraisal, dstate, n))

    def _read_with_places(self, counted, forms, what):
        """The board's reading (`BoardReading`), kept per round revision: the forms
        (`self.forms`, pk -> form) are the request's, `forms`, the round's."""
        self.forms = {form.pk: form for form in forms}
        key = board_key(self.round, "tally", tuple((f.pk, f.order) for f in forms), what)
        reading = None if key is None else BOARD_READINGS.get(key)
        if reading is None:
            reading = self._read_board(counted, what)
            if key is not None and not reading.missing_forms:
                BOARD_READINGS.put(key, reading)
        self.forms.update(reading.missing_forms)
        self.reading = reading
        self.units, self.rows, self.places = reading.units, reading.rows, reading.places
        self._totals = reading.totals

    def _read_board(self, counted, what):
        """The groups of `counted()` (the tally's queryset) on ids and codes alone (hashing
        each row's unit name and path cost PostgreSQL more than reading the round's units
        apart), then the round's dossiers with their filing unit and its place in the tree;
        the forms of `self.forms`, the round's, and those it no longer offers. `what`: the
        other arguments the statement is made of."""
        # The same two statements on every reading of the round's board: compiled once.
        alias, round_pk = Nomination.objects.db, self.round.pk
        units = _read_units(
            cached_rows(("awards.board_units", alias, round_pk), lambda: _round_units(round_pk))
        )
        grouped = cached_rows(
            ("awards.board_tally", alias, round_pk, what),
            lambda: (
                counted()
                .values_list(
                    "dossier__unit_id",
                    "form_id",
                    "nominee_kind",
                    "state",
                    "appraisal",
                    "dossier__state",
                )
                .annotate(n=Count("pk"))
                .order_by()
            ),
        )
        missing = {row[0] for row in grouped if row[0] not in units}
        if missing:  # a dossier filed between the two readings
            units.update(_read_units(_round_units(round_pk).filter(unit_id__in=missing)))
        forms = self.forms
        missing = {row[1] for row in grouped if row[1] not in forms}
        missing_forms = {}
        if missing:  # a form no longer offered by the round
            missing_forms = {f.pk: f for f in AwardForm.objects.filter(pk__in=missing)}
        orders = {pk: form.order for pk, form in (*forms.items(), *missing_forms.items())}
        rows, places = [], []
        for unit_id, form_id, nominee_kind, state, appraisal, dstate, n in grouped:
            filer, path, _dossier = units[unit_id]
            rows.append((filer, form_id, nominee_kind, state, appraisal, dstate, n))
            places.append(
                (orders[form_id], form_id, nominee_kind, path, unit_id, state, appraisal, dstate, n)
            )
        return BoardReading(round_pk, alias, units, rows, places, missing_forms)

    def duplicates(self, nominations):
        """For the board's rows (of this round; a board's tally only): per nomination, the
        units of the other filed dossiers of the round proposing the same nominee for the
        same form ({pk: [names]}, in the tree's order). The filed proposals of the page's
        nominees are read once per reading and page (`BoardReading.filed_for`), and only
        for a page with a person or a unit on it."""
        if not any(n.person_id or n.nominee_unit_id for n in nominations):
            return {}
        filed = self.reading.filed_for(nominations)
        result = {}
        for n in nominations:
            if not (n.person_id or n.nominee_unit_id):
                continue
            others = [name for d, name in filed.get(_nominee_key(n), ()) if d != n.dossier_id]
            if others:
                result[n.pk] = others
        return result

    def registered(self):
        """Units registered to take part (the participants, when the plan gives no number)."""
        if self._registered is None:
            self._registered = Registration.objects.filter(
                campaign_id=self.round.campaign_id
            ).count()
        return self._registered

    def filers(self):
        if self.reading is not None:
            return self.reading.filers
        return sorted({row[0] for row in self.rows}, key=lambda f: (f.name, f.pk))

    def count(self, quota, unit, kind=None, *, state=None, pending=False):
        """Nominations of `quota`'s form (of `kind`; None: every kind) whose places are
        counted with `unit`'s; `state` APPROVED: approved only; `pending`: waiting on the
        approval board."""
        if quota.applies_to == QuotaTarget.ROUND and not quotas.counts_each_unit_apart(quota):
            # Everyone's places are counted together: read the totals, summed once.
            return self._round_total(quota.form_id, kind, state, pending)
        total = 0
        for filer, form_id, nominee_kind, n_state, appraisal, d_state, n in self.rows:
            if form_id != quota.form_id or (kind is not None and nominee_kind != kind):
                continue
            if state is not None and n_state != state:
                continue
            if pending and not (
                n_state == NominationState.PROPOSED
                and appraisal == Appraisal.PROPOSE
                and d_state in BOARD_STATES
            ):
                continue
            if quotas.counted_together(quota, filer, unit):
                total += n
        return total

    def _round_total(self, form_id, kind, state, pending):
        """`count` for a round-wide quota, from totals per form, kind, state and whether
        waiting on the board, summed over the rows once (the board asks for dozens)."""
        if self._totals is None:
            self._totals = _round_totals(self.rows)
        return sum(
            n
            for (f_id, nominee_kind, n_state, waiting), n in self._totals.items()
            if f_id == form_id
            and (kind is None or nominee_kind == kind)
            and (state is None or n_state == state)
            and (waiting or not pending)
        )

    def allowed(self, quota, kind, unit, *, extra_filed=0):
        """What `quota` allows of `kind` (None: every kind together, `max_total`)."""
        if kind is None:
            return quota.max_total
        if kind not in KINDS:
            return None
        filed = (
            self.count(quota, unit, kind) + extra_filed
            if quota.pct_base == PercentBase.FILED
            else 0
        )
        registered = (
            self.registered()
            if quota.pct_base == PercentBase.PARTICIPANTS
            and kind == NomineeKind.COLLECTIVE
            and quota.pct_collective is not None
            and quota.base_collective is None
            else None
        )
        return quotas.allowance(quota, kind, filed=filed, registered=registered)


def quota_uses(dossier, nominations, quotas_):
    """'tập thể: 2 / 3': per quota that applies to the dossier's unit, and kind, the places
    this dossier would use. A quota of each unit counts this dossier's proposals; a shared
    one (the round, a named unit, the units of a kind) counts its approvals in the other
    dossiers plus this dossier's proposals, and says so in words."""
    unit = dossier.unit
    applicable = [q for q in quotas_ if quotas.applies_to(q, unit)]
    if not applicable:
        return []
    tally = QuotaTally(dossier.round, {q.form_id for q in applicable}, exclude_dossier=dossier.pk)
    uses = []
    for quota in applicable:
        filed = [n for n in nominations if n.form_id == quota.form_id]
        mine = [n for n in filed if n.state != NominationState.REJECTED]
        apart = quotas.counts_each_unit_apart(quota)
        name = quota.form.name
        if quota.applies_to != QuotaTarget.ROUND or quota.per_unit:
            name = f"{name} ({quotas.whom(quota)})"
        kinds = ((NomineeKind.COLLECTIVE, _("tập thể")), (NomineeKind.INDIVIDUAL, _("cá nhân")))
        for kind, label in kinds:
            limit = tally.allowed(
                quota, kind, unit, extra_filed=sum(1 for n in filed if n.nominee_kind == kind)
            )
            if limit is None:
                continue
            own = sum(1 for n in mine if n.nominee_kind == kind)
            others = 0 if apart else tally.count(quota, unit, kind, state=NominationState.APPROVED)
            uses.append(QuotaUse(quota, f"{name} — {label}", own + others, limit, own, others))
        if quota.max_total is not None:
            others = 0 if apart else tally.count(quota, unit, state=NominationState.APPROVED)
            uses.append(
                QuotaUse(
                    quota,
                    f"{name} — {_('tập thể hoặc cá nhân')}",
                    len(mine) + others,
                    quota.max_total,
                    len(mine),
                    others,
                )
            )
    return uses


def leader_ratio(nominations, rules):
    """(leaders, individuals, allowed leaders or None, problem message or '')."""
    individuals = [n for n in nominations if n.nominee_kind == NomineeKind.INDIVIDUAL]
    leaders = sum(1 for n in individuals if n.is_leader)
    for rule in rules:
        if rule.leader_max_pct is None or not individuals:
            continue
        allowed = math.floor(float(rule.leader_max_pct) * len(individuals) / 100)
        if leaders > allowed:
            return (
                leaders,
                len(individuals),
                allowed,
                _(
                    "Cá nhân là lãnh đạo, quản lý chiếm %(leaders)s/%(total)s, vượt tỷ lệ %(pct)s%% (%(rule)s)."
                )
                % {
                    "leaders": leaders,
                    "total": len(individuals),
                    "pct": f"{rule.leader_max_pct.normalize():f}",
                    "rule": rule.text or "",
                },
            )
        return leaders, len(individuals), allowed, ""
    return leaders, len(individuals), None, ""


def round_quotas(round_, forms=None):
    """The quotas of the round's forms (the round's own and the campaign's). `forms`: the
    round's award forms when the caller has them already: the quotas then join nothing
    but their unit, and take their form and round from what the page holds."""
    if forms is None:
        return list(
            Quota.objects.filter(campaign=round_.campaign, form__in=round_.forms.all())
            .filter(Q(round=round_) | Q(round__isnull=True))
            .select_related("form", "round", "unit")
            .order_by("order", "pk")
        )
    by_pk = {form.pk: form for form in forms}
    if not by_pk:
        return []
    campaign_id, round_pk, form_ids = round_.campaign_id, round_.pk, list(by_pk)
    found = cached_objects(  # the board's and the dossier pages' statement, compiled once
        ("awards.round_quotas", Quota.objects.db, round_pk, campaign_id, *form_ids),
        lambda: (
            Quota.objects.filter(campaign_id=campaign_id, form_id__in=form_ids)
            .filter(Q(round_id=round_pk) | Q(round__isnull=True))
            .select_related("unit")
            .order_by("order", "pk")
        ),
    )
    for quota in found:
        quota.form = by_pk[quota.form_id]
        quota.round = round_ if quota.round_id is not None else None
    return found


def round_ratio_rules(round_):
    return list(
        RatioRule.objects.filter(campaign=round_.campaign)
        .filter(Q(round=round_) | Q(round__isnull=True))
        .order_by("order", "pk")
    )


def _names(nominations):
    return ", ".join(n.nominee_name for n in nominations)


def missing_parts(dossier, nominations, reported_ids):
    """The parts the round requires that the dossier lacks, one message per part, naming
    every missing field or nominee. `reported_ids`: nominations with an uploaded
    achievement report tied to them."""
    required = set(dossier.round.required_parts)
    missing = []
    if DossierPart.LETTER in required:
        fields = [
            label
            for name, label in (
                ("letter_number", _("số")),
                ("letter_date", _("ngày")),
                ("letter_signer", _("người ký")),
            )
            if not getattr(dossier, name)
        ]
        if fields:
            missing.append(_("Tờ trình: thiếu %(fields)s.") % {"fields": ", ".join(fields)})
    if DossierPart.COUNCIL in required:
        fields = [
            label
            for name, label in (
                ("council_date", _("ngày họp")),
                ("council_members", _("tổng số thành viên Hội đồng")),
                ("council_present", _("số thành viên có mặt")),
            )
            if getattr(dossier, name) in (None, "")
        ]
        if fields:
            missing.append(
                _("Biên bản họp Hội đồng Thi đua - Khen thưởng: thiếu %(fields)s.")
                % {"fields": ", ".join(fields)}
            )
    if DossierPart.VOTES in required:
        without = [n for n in nominations if n.votes_for is None]
        if without:
            missing.append(
                _("Chưa nhập số phiếu đồng ý của: %(names)s.") % {"names": _names(without)}
            )
    if DossierPart.ACHIEVEMENT_REPORT in required:
        without = [
            n for n in nominations if not n.achievement_report.strip() and n.pk not in reported_ids
        ]
        if without:
            missing.append(
                _(
                    "Chưa có Báo cáo thành tích (nhập nội dung hoặc tải tệp gắn với người, "
                    "tập thể được đề nghị) của: %(names)s."
                )
                % {"names": _names(without)}
            )
    return missing


def vote_problems(dossier, nominations):
    """Votes cannot exceed the members present, nor the present the members."""
    problems = []
    members, present = dossier.council_members, dossier.council_present
    if members is not None and present is not None and present > members:
        problems.append(
            _("Số thành viên có mặt (%(present)s) lớn hơn tổng số thành viên (%(members)s).")
            % {"present": present, "members": members}
        )
    if present is not None:
        for n in nominations:
            if n.votes_for is not None and n.votes_for > present:
                problems.append(
                    _(
                        "%(name)s: số phiếu đồng ý (%(votes)s) lớn hơn số thành viên có mặt "
                        "(%(present)s)."
                    )
                    % {"name": n.nominee_name, "votes": n.votes_for, "present": present}
                )
    return problems


def reported_nomination_ids(dossier, attachments=None):
    """Nominations with an achievement report uploaded for them; from `attachments` (the
    dossier's, already fetched for the page) without a query."""
    if attachments is not None:
        return {
            a.nomination_id
            for a in attachments
            if a.kind == AttachmentKind.ACHIEVEMENT and a.nomination_id is not None
        }
    return set(
        dossier.attachments.filter(
            kind=AttachmentKind.ACHIEVEMENT, nomination__isnull=False
        ).values_list("nomination_id", flat=True)
    )


def dossier_problems(dossier, *, now=None):
    """Every reason the dossier cannot be submitted now (empty list: it can)."""
    nominations = list(dossier.nominations.select_related("form", "person__unit", "nominee_unit"))
    problems = []
    round_ = dossier.round
    now = now or timezone.now()
    if round_.opens_at and now < round_.opens_at:
        problems.append(
            _("Đợt khen thưởng chưa mở nhận hồ sơ (mở từ %(at)s).")
            % {"at": timezone.localtime(round_.opens_at).strftime("%H:%M %d/%m/%Y")}
        )
    if not nominations:
        problems.append(_("Hồ sơ chưa có đề nghị khen thưởng nào."))
    problems += missing_parts(dossier, nominations, reported_nomination_ids(dossier))
    problems += vote_problems(dossier, nominations)
    for check in nominee_checks(dossier, nominations):
        for problem in check.problems:
            problems.append(f"{check.nomination.nominee_name}: {problem}")
    for use in quota_uses(dossier, nominations, [q for q in round_quotas(round_) if own_quota(q)]):
        if use.exceeded:
            problems.append(
                _("Vượt số lượng %(label)s: %(used)s / %(limit)s.")
                % {"label": use.label, "used": use.used, "limit": use.limit}
            )
        elif use.short:
            problems.append(
                _("Chưa đủ số lượng %(label)s: phải đúng %(limit)s, hồ sơ có %(used)s.")
                % {"label": use.label, "used": use.used, "limit": use.limit}
            )
    *_counts, message = leader_ratio(nominations, round_ratio_rules(round_))
    if message:
        problems.append(message)
    return problems


def unit_in_campaign_scope(unit, campaign):
    return isinstance(unit, Unit) and unit.path.startswith(campaign.issuing_body.path)


def rejection_reasons(nominations):
    """The approver's reason for each rejected nomination ({pk: reason}), in one query."""
    from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415

    from core.models import TransitionLog  # noqa: PLC0415

    ids = [n.pk for n in nominations if n.state == NominationState.REJECTED]
    if not ids:
        return {}
    rows = (
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Nomination),
            object_id__in=ids,
            action="reject",
        )
        .exclude(reason="")
        .order_by("created_at", "pk")
        .values_list("object_id", "reason")
    )
    return dict(rows)
