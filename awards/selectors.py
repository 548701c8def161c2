"""Scope-aware reads of dossiers and nominations."""

from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns import quotas
from campaigns.enums import Authority, CampaignState, Comparator, NomineeKind, QuotaTarget
from campaigns.models import AwardForm, AwardRound, Criterion, Quota, RatioRule
from core import statements
from core.params import is_id
from core.statements import cached_objects, cached_rows
from core.text import accent_fold
from units.enums import Role
from units.models import Person, Unit
from units.rules import is_admin

from .checks import BOARD_STATES, QuotaTally, round_quotas
from .enums import Appraisal, DossierState, NominationState
from .models import Dossier, Nomination


def dossiers_visible_to(user, *, resolved=False):
    """Unit staff: their units' dossiers. Office, appraiser, approver of the issuing body:
    every dossier past the draft; the office and the approver also the body's own dossiers
    (its proposals, in its rounds or to the level above) from the draft on. Admin: all.

    `resolved`: the scope's units and rounds read first (one small query per grant) and
    written into the query as lists of ids. A list reads the whole table (the dossier list
    counts and sorts every dossier in scope): the planner then knows how many rows a unit's
    ids select (an index for a unit's 40 dossiers, not a walk of the 20,000 in order) and
    matches each row against a constant list instead of a subquery's hash."""
    return _visible(user, resolved=resolved)


def _visible(user, *, resolved=False, board=None):
    """dossiers_visible_to; with `board` (a dict, and `resolved`), the published rounds
    among the rounds a grant's query read, {pk: label}, put into it as they are read, and
    board[None] = False when a grant's rounds were too many to read (left a subquery)."""
    qs = Dossier.objects.select_related("unit", "round__campaign__issuing_body")
    if is_admin(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()

    def ids(subquery, path):
        if not resolved:
            return subquery.values("pk")
        if board is None:
            return _ids_or_subquery(subquery)
        # The list's: the same query, compiled once per grant's body (core.statements).
        key = ("dossier_list.scope", subquery.db, subquery.model._meta.label, path, RESOLVED_MAX)
        found = cached_rows(key, lambda: subquery.values_list("pk", flat=True)[: RESOLVED_MAX + 1])
        return [pk for (pk,) in found] if len(found) <= RESOLVED_MAX else subquery.values("pk")

    def round_ids(rounds, path):
        if not resolved or board is None:
            return ids(rounds, path)
        # The same query as _ids_or_subquery's, which reads what the list's approval
        # boards show of the round as well (awards.views.DossierListView), compiled once
        # per grant's body.
        key = ("dossier_list.rounds", rounds.db, path, RESOLVED_MAX)
        found = cached_rows(
            key,
            lambda: rounds.values_list("pk", "label", "campaign__state")[: RESOLVED_MAX + 1],
        )
        if len(found) > RESOLVED_MAX:
            board[None] = False
            return rounds.values("pk")
        board.update((pk, label) for pk, label, state in found if state == PUBLISHED)
        return [pk for pk, _label, _state in found]

    condition = Q(pk__in=[])
    for grant in user.grants:
        path = grant.body.path
        # Scope as subqueries on small tables (units, rounds), so the dossier table is
        # filtered on its own indexed columns instead of joined through the campaign.
        if grant.role == Role.UNIT_STAFF:
            condition |= Q(unit__in=ids(Unit.objects.filter(path__startswith=path), path))
        elif grant.role in (Role.CAMPAIGN_OFFICE, Role.APPRAISER, Role.APPROVER):
            rounds = AwardRound.objects.filter(campaign__issuing_body__path__startswith=path)
            condition |= Q(round__in=round_ids(rounds, path)) & ~Q(state=DossierState.DRAFT)
            if grant.role in (Role.CAMPAIGN_OFFICE, Role.APPROVER):
                # The body's own dossiers, drafts too: in its own rounds and in the upper
                # body's rounds (awards.rules.is_office_of_own_dossier, ..._approver_...).
                condition |= Q(unit_id=grant.body_id)
    return qs.filter(condition)


PUBLISHED = CampaignState.PUBLISHED.value


DOSSIER_LIST_ORDER = ("-updated_at", "-pk")

# Above this many ids a scope or a search stays a subquery: one bound parameter per id,
# and SQLite takes at most 999 of them in a statement on older builds.
RESOLVED_MAX = 500


def _ids_or_subquery(queryset):
    """The pks of `queryset` as a list when there are at most RESOLVED_MAX of them (the
    planner then knows how many rows they select), else the queryset as a subquery. One
    query either way."""
    found = list(queryset.values_list("pk", flat=True)[: RESOLVED_MAX + 1])
    return found if len(found) <= RESOLVED_MAX else queryset.values("pk")


def _page_flags(joined_round=False):
    """{flag: EXISTS in SQL} of dossiers_for_page, each about the outer query's dossier
    row. Written here with names from the models' meta: four EXISTS composed by the ORM
    cost the dossier's query more to build than the four queries they replace.

    `joined_round`: the outer query joins the dossier's round under its table's name
    (select_related, and no other join of the rounds' table before it): the EXISTS read
    its campaign there rather than join the round again, each (less for the planner)."""
    from decisions.models import PublicComment  # noqa: PLC0415

    quote = connection.ops.quote_name

    def table(model):
        return quote(model._meta.db_table)

    def column(model, name):
        return quote(model._meta.get_field(name).column)

    dossier = table(Dossier)  # the outer query's own table, unaliased

    round_ = table(AwardRound) if joined_round else "r"

    def for_round(model, extra=""):
        if joined_round:
            return (
                f"EXISTS (SELECT 1 FROM {table(model)} x "  # noqa: S608 - names from the models' meta
                f"WHERE x.{column(model, 'campaign')} = {round_}.{column(AwardRound, 'campaign')}"
                f"{extra})"
            )
        return (
            f"EXISTS (SELECT 1 FROM {table(model)} x "  # noqa: S608 - names from the models' meta
            f"INNER JOIN {table(AwardRound)} r "
            f"ON r.{column(AwardRound, 'campaign')} = x.{column(model, 'campaign')} "
            f"WHERE r.{column(AwardRound, 'id')} = {dossier}.{column(Dossier, 'round')}{extra})"
        )

    def in_round(model):  # the round's own, or the campaign's for every round
        return (
            f" AND (x.{column(model, 'round')} = {round_}.{column(AwardRound, 'id')} "
            f"OR x.{column(model, 'round')} IS NULL)"
        )

    return {
        "has_ratio_rules": (for_round(RatioRule, in_round(RatioRule)), ()),
        "has_quotas": (for_round(Quota, in_round(Quota)), ()),
        "has_criteria": (
            for_round(Criterion, f" AND x.{column(Criterion, 'comparator')} <> %s"),
            (Comparator.QUALITATIVE.value,),
        ),
        "has_public_comments": (
            f"EXISTS (SELECT 1 FROM {table(PublicComment)} c "  # noqa: S608 - names from the models' meta
            f"INNER JOIN {table(Nomination)} n "
            f"ON n.{column(Nomination, 'id')} = c.{column(PublicComment, 'nomination')} "
            f"WHERE n.{column(Nomination, 'dossier')} = {dossier}.{column(Dossier, 'id')})",
            (),
        ),
    }


def dossiers_for_page(user):
    """dossiers_visible_to(user), each saying in its own query what the checks panel and
    the public's comments would find at all: ratio rules and quotas for its round,
    measurable criteria of its campaign, comments on its nominations (EXISTS on indexed
    columns). The dossier pages skip the query of what is not there."""
    return dossiers_visible_to(user).annotate(
        **{
            flag: RawSQL(sql, params, output_field=BooleanField())  # noqa: S611 - no user input
            for flag, (sql, params) in _page_flags().items()
        }
    )


def _scope_on_joins(user):
    """dossiers_visible_to(user)'s scope as conditions on the dossier's own unit and its
    round's issuing body, the rows that select_related() joins anyway (one dossier's read:
    a subquery per grant more for the planner cost it more than the read). The same rows:
    a round has its campaign, a campaign its issuing body."""
    condition = Q(pk__in=[])
    for grant in user.grants:
        path = grant.body.path
        if grant.role == Role.UNIT_STAFF:
            condition |= Q(unit__path__startswith=path)
        elif grant.role in (Role.CAMPAIGN_OFFICE, Role.APPRAISER, Role.APPROVER):
            condition |= Q(round__campaign__issuing_body__path__startswith=path) & ~Q(
                state=DossierState.DRAFT
            )
            if grant.role in (Role.CAMPAIGN_OFFICE, Role.APPROVER):
                condition |= Q(unit_id=grant.body_id)
    return condition


def dossier_for_page(user, pk):
    """The dossier `pk` as dossiers_for_page(user) reads it, or None outside the user's
    scope: in a statement compiled once per scope (the user's grants) and run with the
    dossier's id (core.statements)."""
    if not getattr(user, "is_authenticated", False):
        return None
    admin = is_admin(user)
    scope = (
        ()
        if admin
        else tuple((grant.role, grant.body.path, grant.body_id) for grant in user.grants)
    )

    def build(dossier_id):
        qs = Dossier.objects.select_related("unit", "round__campaign__issuing_body")
        if not admin:
            qs = qs.filter(_scope_on_joins(user))
        return (
            qs.filter(pk=dossier_id)
            .order_by()
            .annotate(
                **{
                    flag: RawSQL(sql, params, output_field=BooleanField())  # noqa: S611 - no user input
                    for flag, (sql, params) in _page_flags(joined_round=True).items()
                }
            )
        )

    found = cached_objects(("awards.dossier_page", Dossier.objects.db, admin, scope), build, [pk])
    return found[0] if found else None


@dataclass
class ListScope:
    """What the dossier list reads of the user's scope, once: the dossiers the user may see
    (`dossiers_visible_to(user, resolved=True)`) and the rounds whose approval board the
    list links to, [(pk, label)] newest first, read by the scope's own queries of the
    rounds (None when they were not: the admin's, or a grant of more than RESOLVED_MAX
    rounds; `board_rounds` reads them then)."""

    dossiers: object
    rounds: list | None

    def board_rounds(self, user):
        """The published rounds of rounds_for_board(user), [(pk, label)], newest first."""
        if self.rounds is not None:
            return self.rounds
        return list(
            rounds_for_board(user)
            .filter(campaign__state=CampaignState.PUBLISHED)
            .order_by("-pk")
            .values_list("pk", "label")
        )


def list_scope(user):
    """The dossier list's `ListScope`: one query per grant, compiled once per grant's body
    (core.statements), the board's rounds read with the grant's rounds, not by a query of
    their own."""
    board = {}
    dossiers = _visible(user, resolved=True, board=board)
    complete = board.pop(None, True) and not is_admin(user)
    return ListScope(dossiers, sorted(board.items(), reverse=True) if complete else None)


def dossier_list(user, *, state="", unit="", late="", round_id="", search="", visible=None):
    """The dossiers the list may show, filtered, newest first, bare (`visible`: the user's
    dossiers_visible_to(user, resolved=True), read here when not given): the page counts
    and reads them with `DossierListRows`."""
    if visible is None:
        visible = dossiers_visible_to(user, resolved=True)
    qs = visible.select_related(None)
    if state:
        qs = qs.filter(state=state)
    if is_id(unit):
        qs = qs.filter(unit_id=int(unit))
    if late == "1":
        qs = qs.filter(is_late=True)
    if is_id(round_id):
        qs = qs.filter(round_id=int(round_id))
    words = accent_fold(search).split()
    if words:
        # The units named first (a small table), then their dossiers by the unit's index:
        # not every dossier joined to its unit to match the words on 20,000 rows.
        units = Unit.objects.all()
        for word in words:
            units = units.filter(search_text__contains=word)
        qs = qs.filter(unit_id__in=_ids_or_subquery(units))
    return qs.order_by(*DOSSIER_LIST_ORDER)


def _rows_sql(ids_sql):
    """The list's rows of one page, newest first (`ids_sql`: the ids of every dossier the
    list shows, any order): what the list shows only, each row counting its nominations by
    a subquery, and every row how many dossiers the list shows (`list_total`, a subquery
    the database runs once). The page is the LIMIT and OFFSET of the ids in the list's
    order (the sort and the offset walk the ordering index, joining nothing), its rows
    then read by id. Written once here rather than built by the ORM on every page:
    composing the annotated, joined, narrowed query cost more than running it."""
    quote = connection.ops.quote_name

    def table(model):
        return quote(model._meta.db_table)

    def column(model, name):
        return quote(model._meta.get_field(name).column)

    d = [f"d.{column(Dossier, f)}" for f in ("id", "state", "is_late", "submitted_at")]
    order = (
        f"{table(Dossier)}.{column(Dossier, 'updated_at')} DESC, "
        f"{table(Dossier)}.{column(Dossier, 'id')} DESC"
    )
    # PostgreSQL counts the ids in the list's order: it then walks the ordering index
    # (dossier_list_cover_idx, which holds the columns the scope and the filters test),
    # index only, rather than every row of the table past its JSON snapshot, which the
    # planner prices lower unordered (20,000 dossiers in the bench: 3.4 -> 2.0 ms). A
    # unit's forty dossiers are sorted instead, in no time.
    counted = f"{ids_sql} ORDER BY {order}" if connection.vendor == "postgresql" else ids_sql
    return (
        f"SELECT {', '.join(d)}, d.{column(Dossier, 'updated_at')}, "  # noqa: S608 - names from the models' meta
        f"d.{column(Dossier, 'unit')}, d.{column(Dossier, 'round')}, "
        f"u.{column(Unit, 'name')} AS unit_name, r.{column(AwardRound, 'label')} AS round_label, "
        f"(SELECT COUNT(*) FROM {table(Nomination)} n "
        f"WHERE n.{column(Nomination, 'dossier')} = d.{column(Dossier, 'id')}) AS nomination_count, "
        f"(SELECT COUNT(*) FROM ({counted}) s) AS list_total "
        f"FROM {table(Dossier)} d "
        f"INNER JOIN {table(Unit)} u ON u.{column(Unit, 'id')} = d.{column(Dossier, 'unit')} "
        f"INNER JOIN {table(AwardRound)} r "
        f"ON r.{column(AwardRound, 'id')} = d.{column(Dossier, 'round')} "
        f"WHERE d.{column(Dossier, 'id')} IN ({ids_sql} ORDER BY {order} LIMIT %s OFFSET %s) "
        f"ORDER BY d.{column(Dossier, 'updated_at')} DESC, d.{column(Dossier, 'id')} DESC"
    )


class DossierListRows:
    """`dossier_list`'s dossiers as `Paginator` reads them: how many, then the rows of a
    page, the page the request asks for (`number`, None when it is not a page number)
    read with the count in one statement (`_rows_sql`): dossiers with their state,
    lateness, submission time and `nomination_count`, each with its unit (name) and round
    (label), the other fields deferred. A page past the last (no rows, so no count) and
    "last" count apart first, as Paginator would."""

    def __init__(self, dossiers, per_page, number):
        self.dossiers = dossiers
        self.offset = (number - 1) * per_page if number else None
        self.per_page = per_page
        self.total = self.rows = None

    def __len__(self):
        if self.total is None and self.offset is not None:
            self.rows, total = self._read(self.offset, self.per_page)
            if self.rows or not self.offset:
                self.total = total
        if self.total is None:
            self.total = self.dossiers.order_by().count()
        return self.total

    def __getitem__(self, index):
        start, stop = index.start or 0, index.stop
        if self.rows is not None and start == self.offset and stop - start <= self.per_page:
            return self.rows[: stop - start]
        return self._read(start, stop - start)[0] if stop > start else []

    def _read(self, offset, limit):
        """(the `limit` rows from `offset`, how many dossiers in all: 0 without rows). The
        statement run as core.statements runs its own: on PostgreSQL prepared on its
        connection from its second run (the same page of the same list: planning it took
        about as long as running it)."""
        try:
            ids_sql, params = self.dossiers.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a scope without any unit or round
            return [], 0
        alias = self.dossiers.db
        rows = statements.run(alias, _rows_sql(ids_sql), (*params, *params, limit, offset))
        if not rows:
            return [], 0
        compiler, converters = _row_converters(alias)
        if converters:
            rows = compiler.apply_converters(rows, converters)
        dossiers = []
        for row in rows:
            dossier = Dossier.from_db(alias, _ROW_FIELDS, [row[i] for i in _ROW_ORDER])
            dossier.unit = Unit.from_db(alias, ["id", "name"], [row[5], row[7]])
            dossier.round = AwardRound.from_db(alias, ["id", "label"], [row[6], row[8]])
            dossier.nomination_count = row[9]
            dossiers.append(dossier)
        return dossiers, row[10]


# The columns of _rows_sql's rows that are the dossier's own, and their order (positions)
# as Dossier.from_db takes them: the model's.
_ROW_COLUMNS = ["id", "state", "is_late", "submitted_at", "updated_at", "unit_id", "round_id"]
_ATTNAMES = [f.attname for f in Dossier._meta.concrete_fields]
_ROW_ORDER = sorted(range(len(_ROW_COLUMNS)), key=lambda i: _ATTNAMES.index(_ROW_COLUMNS[i]))
_ROW_FIELDS = [_ROW_COLUMNS[i] for i in _ROW_ORDER]


def _row_converters(alias):
    """(a compiler, its converters of _ROW_COLUMNS): the backend's and the fields' own, as
    the ORM applies them to these columns (none on PostgreSQL; SQLite's times are text)."""
    connection = connections[alias]
    compiler = connection.ops.compiler("SQLCompiler")(Query(Dossier), connection, alias)
    table = Dossier._meta.db_table
    columns = [Dossier._meta.get_field(name).get_col(table) for name in _ROW_COLUMNS]
    return compiler, compiler.get_converters(columns)


def open_rounds_for(user):
    """Rounds of published campaigns the user's units take part in (to start a dossier)."""
    if not getattr(user, "is_authenticated", False):
        return AwardRound.objects.none()
    ancestors = set()
    for grant in user.grants:
        if grant.role == Role.UNIT_STAFF:
            path = grant.body.path
            ancestors |= {path[: i + 1] for i, ch in enumerate(path) if ch == "."}
    return (
        AwardRound.objects.filter(
            campaign__state=CampaignState.PUBLISHED, campaign__issuing_body__path__in=ancestors
        )
        .select_related("campaign")
        .order_by("-campaign__issue_year", "order")
    )


def _board_scope(user):
    """What `rounds_for_board` filters on: None for every round (admin), else the paths
    of the bodies whose rounds `user` may open (none: no round)."""
    if is_admin(user):
        return None
    if not getattr(user, "is_authenticated", False):
        return ()
    return tuple(user.scope_paths(Role.APPROVER, Role.CAMPAIGN_OFFICE, Role.APPRAISER))


def _rounds_in(scope):
    qs = AwardRound.objects.select_related("campaign__issuing_body")
    if scope is None:
        return qs
    if not scope:
        return qs.none()
    condition = Q(pk__in=[])
    for path in scope:
        condition |= Q(campaign__issuing_body__path__startswith=path)
    return qs.filter(condition)


def rounds_for_board(user):
    """Rounds whose approval board `user` may open: the approver, the campaign office and
    the appraiser of the issuing body (or an ancestor of it); admin: all."""
    return _rounds_in(_board_scope(user))


def board_round(user, pk):
    """The round `pk` of `rounds_for_board(user)` with its campaign and issuing body, and
    its board revision (`awards.models.BoardRevision`, cached on it as select_related
    would: what `checks.QuotaTally` keys the round's reading by), or None. One query,
    compiled once per round and scope (the page's own statement)."""
    scope = _board_scope(user)
    found = cached_objects(
        ("awards.board_round", AwardRound.objects.db, pk, scope),
        lambda: _rounds_in(scope).filter(pk=pk).select_related("board_revision").order_by(),
    )
    return found[0] if found else None


def board_forms(round_):
    """The round's award forms in their order (`round_.forms`), by a statement compiled
    once per round."""
    return cached_objects(
        ("awards.board_forms", round_._state.db, round_.pk),
        lambda: round_.forms.order_by("order", "pk"),
    )


def _board_filters(form="", kind="", opinion="", state=""):
    """The board's filters as exact field values (form, kind, opinion, result)."""
    filters = {}
    if is_id(form):
        filters["form_id"] = int(form)
    if kind in NomineeKind.values:
        filters["nominee_kind"] = kind
    if opinion in (Appraisal.PROPOSE, Appraisal.NOT_PROPOSE):
        filters["appraisal"] = opinion
    if state in NominationState.values:
        filters["state"] = state
    return filters


def _board_queryset(round_, **filters):
    return Nomination.objects.filter(
        dossier__round=round_, dossier__state__in=BOARD_STATES, **filters
    ).exclude(appraisal=Appraisal.PENDING)


def board_nominations(round_, *, form="", kind="", opinion="", state=""):
    """The appraised nominations of the round (filters by form, kind, opinion, result)."""
    qs = _board_queryset(round_, **_board_filters(form, kind, opinion, state))
    return qs.select_related("form", "person__unit", "nominee_unit", "dossier__unit").order_by(
        *BOARD_ORDER
    )


@dataclass(slots=True)
class BoardRow:
    """One row of the approval board as plain values: the columns it shows, never the
    achievement report or the timestamps (fifty model instances with their related ones
    cost more than the rest of the page's queries)."""

    pk: int
    dossier_id: int
    form_id: int
    nominee_kind: str
    nominee_unit_id: int | None
    person_id: int | None
    household_head: str
    is_leader: bool
    achievement_summary: str
    state: str
    appraisal: str
    appraisal_note: str
    form_name: str
    form_authority: str
    person_name: str | None
    nominee_unit_name: str | None
    unit_name: str
    sent_upward: bool  # sent to the level above (a nomination there proposed from it)
    # Set by the view: other dossiers proposing the same nominee, the labels shown.
    duplicates: list = field(default_factory=list)
    kind_label: str = ""
    appraisal_label: str = ""
    state_label: str = ""

    @property
    def nominee_name(self):
        """As `Nomination.nominee_name`."""
        if self.person_id:
            return self.person_name
        if self.nominee_unit_id:
            return self.nominee_unit_name
        if self.household_head:
            return gettext("Hộ gia đình %(head)s") % {"head": self.household_head}
        return ""


# What the page's query reads of each row (the rest from the round's tally): columns of
# the nomination (and BoardRow's first twelve fields) ...
BOARD_ROW_COLUMNS = (
    "id",
    "dossier",
    "form",
    "nominee_kind",
    "nominee_unit",
    "person",
    "household_head",
    "is_leader",
    "achievement_summary",
    "state",
    "appraisal",
    "appraisal_note",
)
# ... then the person's name, the unit's name, sent upward, and the order in the dossier.


BOARD_ORDER = ("form__order", "form_id", "nominee_kind", "dossier__unit__path", "order", "pk")
BOARD_GROUPS_KEPT = 64  # filters whose groups a reading keeps (the form filter is typed)


def _board_page_sql(page, filters):
    """The rows of the page's groups, `page` {(form id, kind): [dossier ids]}: the
    columns a row shows and nothing to sort or name them by (the tally knows). Written
    here with names from the models' meta: the ORM took longer to build and compile the
    query, its 50 ids changing each page, than the database to answer it."""
    quote = connection.ops.quote_name
    nomination, person, unit = (quote(m._meta.db_table) for m in (Nomination, Person, Unit))

    def column(model, name):
        return quote(model._meta.get_field(name).column)

    columns = ", ".join(f"n.{column(Nomination, name)}" for name in BOARD_ROW_COLUMNS)
    parts, params = [], []
    for (form_id, kind), ids in page.items():
        parts.append(
            f"(n.{column(Nomination, 'form')} = %s AND n.{column(Nomination, 'nominee_kind')} = %s "
            f"AND n.{column(Nomination, 'dossier')} IN ({', '.join(['%s'] * len(ids))}))"
        )
        params += [form_id, kind, *ids]
    where = [f"({' OR '.join(parts)})", f"n.{column(Nomination, 'appraisal')} <> %s"]
    params.append(Appraisal.PENDING.value)
    for name in ("appraisal", "state"):
        if name in filters:
            where.append(f"n.{column(Nomination, name)} = %s")
            params.append(filters[name])
    sql = (
        f"SELECT {columns}, p.{column(Person, 'full_name')}, u.{column(Unit, 'name')}, "  # noqa: S608 - names from the models' meta
        # A subquery, not a self-join: a join more for the planner to order cost it more
        # than the 50 lookups of the unique index.
        f"EXISTS (SELECT 1 FROM {nomination} x "
        f"WHERE x.{column(Nomination, 'proposed_from')} = n.{column(Nomination, 'id')}), "
        f"n.{column(Nomination, 'order')} "
        f"FROM {nomination} n "
        f"LEFT OUTER JOIN {person} p "
        f"ON p.{column(Person, 'id')} = n.{column(Nomination, 'person')} "
        f"LEFT OUTER JOIN {unit} u ON u.{column(Unit, 'id')} = n.{column(Nomination, 'nominee_unit')} "
        f"WHERE {' AND '.join(where)}"
    )
    return sql, params


class BoardRows:
    """The board's proposals as `Paginator` reads them. How many, and which dossiers a page
    holds, come from the round's tally (`checks.QuotaTally` with `places`, read for the
    quota counters anyway): its groups of one form, kind and filing unit sort as the board
    does (form, kind, the unit in the tree's order), kept with the tally's reading per
    filter. A page is then one query over the dossiers of its groups alone, with only the
    columns a row shows, instead of counting, joining and sorting every proposal of the
    round; its rows are sorted here, the filing unit's place and name and the form taken
    from the tally."""

    def __init__(self, round_, tally, **params):
        self.round, self.tally = round_, tally
        self.filters = filters = _board_filters(**params)
        memo = tally.reading.groups if tally.reading is not None else {}
        key = tuple(sorted(filters.items()))
        found = memo.get(key)
        if found is None:
            found = self._groups(tally.places, filters)
            if len(memo) < BOARD_GROUPS_KEPT:
                memo[key] = found
        self.groups, self.total = found

    @staticmethod
    def _groups(places, filters):
        form, kind = filters.get("form_id"), filters.get("nominee_kind")
        opinion, state = filters.get("appraisal"), filters.get("state")
        groups = {}
        for order, form_id, n_kind, path, unit_id, n_state, n_opinion, d_state, n in places:
            if (
                d_state not in BOARD_STATES
                or n_opinion == Appraisal.PENDING
                or (form is not None and form_id != form)
                or (kind is not None and n_kind != kind)
                or (opinion is not None and n_opinion != opinion)
                or (state is not None and n_state != state)
            ):
                continue
            key = (order, form_id, n_kind, path, unit_id)
            groups[key] = groups.get(key, 0) + n
        return sorted(groups.items()), sum(groups.values())

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        start, stop = index.start or 0, index.stop
        page, seen = [], 0
        for key, n in self.groups:
            if seen >= stop:
                break
            if seen + n > start:
                if not page:
                    skip = start - seen
                page.append(key)
            seen += n
        if not page:
            return []
        units, forms = self.tally.units, self.tally.forms
        dossiers = {}
        for _order, form_id, kind, _path, unit_id in page:
            dossiers.setdefault((form_id, kind), []).append(units[unit_id][2])
        # The rows of the page's groups (their dossiers are on the board, their place in
        # the tree and their forms known from the tally): no join to sort them, nor to
        # name their units and forms; sorted here as BOARD_ORDER sorts them.
        with connections[Nomination.objects.db].cursor() as cursor:
            cursor.execute(*_board_page_sql(dossiers, self.filters))
            rows = cursor.fetchall()
        unit_of = self.tally.reading.unit_of()
        places = {}
        for row in rows:
            path = units[unit_of[row[1]]][1]
            places[row] = (forms[row[2]].order, row[2], row[3], path, row[-1], row[0])
        chosen = sorted(places, key=places.__getitem__)[skip : skip + stop - start]
        return [
            BoardRow(
                *row[:7],
                bool(row[7]),  # SQLite answers 0 or 1
                *row[8:12],
                forms[row[2]].name,
                forms[row[2]].authority,
                row[12],
                row[13],
                units[unit_of[row[1]]][0].name,
                bool(row[14]),
            )
            for row in chosen
        ]


@dataclass
class Counter:
    form: object
    label: str
    approved: int
    pending: int
    limit: int | None
    selected: int = 0
    exact: bool = False

    @property
    def after(self):
        return self.approved + self.selected

    @property
    def free(self):
        return None if self.limit is None else max(self.limit - self.approved, 0)

    @property
    def over(self):
        """Proposals still waiting beyond the places left (a warning, not a refusal)."""
        return self.limit is not None and self.pending > self.free

    @property
    def exceeds_after(self):
        return self.limit is not None and self.after > self.limit


def _count_selected(selected, quota, unit, kind):
    return sum(
        1
        for n in selected
        if n.form_id == quota.form_id
        and (kind is None or n.nominee_kind == kind)
        and quotas.applies_to(quota, n.dossier.unit)
        and quotas.counted_together(quota, n.dossier.unit, unit)
    )


def quota_counters(round_, selected=(), forms=None, quotas_=None, tally=None):
    """Per form and kind: approved in the round, proposals waiting, the limit; with
    `selected` nominations, what the counters will read after approving them.
    The round's own quotas first (one counter per form and kind), then each named unit's
    or kind's, then each filing unit's under a quota of each unit, read as the approval
    check reads them (`checks.QuotaTally`). Two queries whatever the number of nominations
    (three without `forms`, the round's award forms; none with the round's quotas and
    tally given)."""
    all_quotas = round_quotas(round_, forms) if quotas_ is None else quotas_
    tally = QuotaTally(round_) if tally is None else tally
    kinds = (
        (NomineeKind.COLLECTIVE, _("Tập thể")),
        (NomineeKind.INDIVIDUAL, _("Cá nhân")),
        (NomineeKind.HOUSEHOLD, _("Hộ gia đình")),
    )
    counters = []
    shared = [q for q in all_quotas if q.applies_to == QuotaTarget.ROUND and not q.per_unit]
    forms = sorted(
        {q.form for q in shared} | set(round_.forms.all() if forms is None else forms),
        key=lambda f: (f.order, f.pk),
    )
    for form in forms:
        form_quotas = [q for q in shared if q.form_id == form.pk]
        probe = Quota(form=form)  # counts the whole round for the form, without a limit
        for kind, label in kinds:
            limits = [tally.allowed(q, kind, None) for q in form_quotas]
            limits = [limit for limit in limits if limit is not None]
            approved = tally.count(probe, None, kind, state=NominationState.APPROVED)
            pending = tally.count(probe, None, kind, pending=True)
            chosen = _count_selected(selected, probe, None, kind)
            if not limits and not approved and not pending and not chosen:
                continue
            counters.append(
                Counter(form, label, approved, pending, min(limits) if limits else None, chosen)
            )
    for quota in all_quotas:
        if quota in shared:
            continue
        if quotas.counts_each_unit_apart(quota):
            units = [
                f for f in tally.filers() if quotas.applies_to(quota, f) and tally.count(quota, f)
            ]
        else:
            units = [quota.unit if quota.applies_to == QuotaTarget.UNIT else None]
        for unit in units:
            whom = unit.name if quotas.counts_each_unit_apart(quota) else quotas.whom(quota)
            for kind, label in [*kinds[:2], (None, _("Tập thể hoặc cá nhân"))]:
                limit = tally.allowed(quota, kind, unit)
                if limit is None:
                    continue
                counters.append(
                    Counter(
                        quota.form,
                        f"{whom} — {label}",
                        tally.count(quota, unit, kind, state=NominationState.APPROVED),
                        tally.count(quota, unit, kind, pending=True),
                        limit,
                        _count_selected(selected, quota, unit, kind),
                        quota.exact,
                    )
                )
    return counters


def units_owing_dossier(round_):
    """The units in the round's scope that have not submitted a dossier (none yet, a
    draft, or returned and not resubmitted): [(unit, dossier or None)], two queries."""
    from .reminders import units_of  # noqa: PLC0415 - reminders import the models

    dossiers = {
        d.unit_id: d
        for d in Dossier.objects.filter(round=round_).only("pk", "unit_id", "state", "round_id")
    }
    owing = []
    for unit in units_of(round_.campaign):
        dossier = dossiers.get(unit.pk)
        if dossier is None or dossier.state in (DossierState.DRAFT, DossierState.RETURNED):
            owing.append((unit, dossier))
    return owing


def rounds_proposing_upward(user):
    """Rounds whose proposals to the level above `user` may send: those of the bodies where
    the user is the campaign office or the chairman (awards.rules.can_propose_upward)."""
    if not getattr(user, "is_authenticated", False):
        return AwardRound.objects.none()
    bodies = [g.body_id for g in user.grants if g.role in (Role.CAMPAIGN_OFFICE, Role.APPROVER)]
    return AwardRound.objects.filter(campaign__issuing_body_id__in=bodies).select_related(
        "campaign__issuing_body",
        "upper_round__campaign__issuing_body__parent",
    )


@dataclass
class Upward:
    """What a round sends to the level above: the upper round, each form the level above
    decides (lower form -> the upper plan's form), the approved proposals not sent yet whose
    nominee is within the body's subtree (`pending`), those outside it (`outside`, never
    sent), how many went already, the body's dossier in the upper round if it exists, and
    what stops the sending (`problems`)."""

    round: AwardRound
    upper_round: AwardRound | None
    forms: dict
    pending: list
    outside: list
    sent: int
    dossier: Dossier | None
    problems: list

    @property
    def upper_body(self):
        return self.upper_round.campaign.issuing_body if self.upper_round else None


def _nominee_unit_path(nomination):
    if nomination.person_id:
        return nomination.person.unit.path
    if nomination.nominee_unit_id:
        return nomination.nominee_unit.path
    return None  # a household: filed by a unit of the body, it has no place in the tree


def upward(round_):
    """The round's proposals to the level above (see `Upward`), in six queries whatever
    their number. `round_` comes from `rounds_proposing_upward` (upper round selected)."""
    body = round_.campaign.issuing_body
    upper_round = round_.upper_round
    problems = []
    forms = {
        f: f.upper_form
        for f in round_.forms.filter(authority=Authority.PROPOSED_UP)
        .select_related("upper_form")
        .order_by("order", "pk")
    }
    if not forms:
        problems.append(_("Đợt này không có hình thức khen thưởng do cấp trên quyết định."))
    if upper_round is None:
        problems.append(_("Đợt này chưa được gắn với đợt khen thưởng của cấp trên."))
    else:
        upper_body = upper_round.campaign.issuing_body
        province = upper_body.parent or upper_body
        if upper_body.pk == body.pk or not body.path.startswith(province.path):
            problems.append(
                _("%(upper)s không phải cấp trên của %(body)s.")
                % {"upper": upper_body.name, "body": body.name}
            )
        if upper_round.campaign.state != CampaignState.PUBLISHED:
            problems.append(
                _("Kế hoạch của cấp trên (%(title)s) chưa ban hành hoặc đã kết thúc.")
                % {"title": upper_round.campaign.title}
            )
        offered = set(upper_round.forms.values_list("pk", flat=True))
        for form, upper_form in forms.items():
            if upper_form is None or upper_form.pk not in offered:
                problems.append(
                    _("Hình thức «%(form)s» chưa có hình thức tương ứng trong đợt «%(round)s».")
                    % {"form": form.name, "round": upper_round.label}
                )
    approved = list(
        Nomination.objects.filter(
            dossier__round=round_,
            form__in=list(forms),
            state=NominationState.APPROVED,
            proposed_upward__isnull=True,
        )
        .select_related("form", "person__unit", "nominee_unit", "dossier__unit")
        .order_by("form__order", "form_id", "nominee_kind", "dossier__unit__path", "order", "pk")
    )
    pending, outside = [], []
    for nomination in approved:
        path = _nominee_unit_path(nomination)
        inside = (
            path.startswith(body.path)
            if path
            else nomination.dossier.unit.path.startswith(body.path)
        )
        (pending if inside else outside).append(nomination)
    sent = Nomination.objects.filter(dossier__round=round_, proposed_upward__isnull=False).count()
    dossier = (
        Dossier.objects.filter(round=upper_round, unit=body).first()
        if upper_round is not None
        else None
    )
    return Upward(round_, upper_round, forms, pending, outside, sent, dossier, problems)


def upper_round_choices(round_):
    """Published rounds of the bodies above the round's body (a body whose province holds
    it, as `campaigns.services.link_upper_round` checks), newest plans first: where the
    round's proposals upward may go. One query."""
    body = round_.campaign.issuing_body
    prefixes = [body.path[: i + 1] for i, ch in enumerate(body.path) if ch == "."]
    return (
        AwardRound.objects.filter(campaign__state=CampaignState.PUBLISHED)
        .filter(
            Q(campaign__issuing_body__parent__path__in=prefixes)
            | Q(
                campaign__issuing_body__parent__isnull=True,
                campaign__issuing_body__path__in=prefixes,
            )
        )
        .exclude(campaign__issuing_body=body)
        .select_related("campaign__issuing_body")
        .order_by("-campaign__issue_year", "campaign_id", "order", "pk")
    )


def _instances(model, key, build):
    """Instances of `model`, every concrete field read as the ORM reads it, from the rows of
    `build()` (a queryset of `model`) compiled once per `key` (core.statements.cached_rows:
    what the statement is made of, the database alias second)."""
    names = [f.attname for f in model._meta.concrete_fields]
    rows = cached_rows(key, lambda: build().values_list(*names))
    return [model.from_db(key[1], names, row) for row in rows]


def nominee_options(dossier):
    """Who the dossier's unit may nominate: its units (itself and its sub-units, in the
    tree's order), their active people (by name, each with its unit from those) and the
    round's award forms. Three statements, each compiled once per unit or round: the edit
    page reads them on every opening, and the ORM took longer to build them than the
    database to answer."""
    unit, alias = dossier.unit, Unit.objects.db
    path, round_id = unit.path, dossier.round_id
    units = _instances(
        Unit,
        ("awards.nominee_units", alias, path),
        lambda: Unit.objects.subtree_of(unit).order_by("path"),
    )
    people = _instances(
        Person,
        ("awards.nominee_people", alias, path),
        lambda: Person.objects.filter(unit__path__startswith=path, is_active=True).order_by(
            "full_name", "pk"
        ),
    )
    by_pk = {u.pk: u for u in units}
    cache_unit = Person._meta.get_field("unit").set_cached_value
    for person in people:
        cache_unit(person, by_pk[person.unit_id])
    forms = _instances(
        AwardForm,
        ("awards.nominee_forms", alias, round_id),
        lambda: AwardForm.objects.filter(rounds__id=round_id).order_by("order", "pk"),
    )
    return units, people, forms


def page_nominations(dossier, units, people, forms):
    """The dossier's nominations in their order, each with its form, person (with its
    unit) and nominee unit as dossier.nominations.select_related("form", "person__unit",
    "nominee_unit") gives them, taken from `units`, `people` and `forms` (nominee_options):
    one statement on the nominations alone, compiled once per dossier. A person, unit or
    form not among them (a person since moved or retired, a form the round no longer
    offers) is read by its id, with the others of its kind (a statement each, compiled
    once for those ids)."""
    nominations = _instances(
        Nomination,
        ("awards.edit_nominations", Nomination.objects.db, dossier.pk),
        lambda: Nomination.objects.filter(dossier_id=dossier.pk),
    )
    units = {u.pk: u for u in units}
    people = {p.pk: p for p in people}
    forms = {f.pk: f for f in forms}
    missing = {n.person_id for n in nominations if n.person_id and n.person_id not in people}
    if missing:
        people.update((p.pk, p) for p in _people_by_id(sorted(missing)))
    for model, found, attname in (
        (Unit, units, "nominee_unit_id"),
        (AwardForm, forms, "form_id"),
    ):
        missing = {getattr(n, attname) for n in nominations} - found.keys() - {None}
        if missing:
            ids = tuple(sorted(missing))
            found.update(
                (obj.pk, obj)
                for obj in _instances(
                    model,
                    (f"awards.{model._meta.model_name}_by_id", model.objects.db, ids),
                    lambda model=model, ids=ids: model.objects.filter(pk__in=ids),
                )
            )
    field = Nomination._meta.get_field
    cache_dossier, cache_form, cache_person, cache_unit = (
        field(name).set_cached_value for name in ("dossier", "form", "person", "nominee_unit")
    )
    for nomination in nominations:
        cache_dossier(nomination, dossier)  # as the related manager gives it
        cache_form(nomination, forms[nomination.form_id])
        cache_person(nomination, people.get(nomination.person_id))
        cache_unit(nomination, units.get(nomination.nominee_unit_id))
    return nominations


def _people_by_id(ids):
    """The people of `ids`, each with its unit: one statement compiled once for those ids."""
    alias = Person.objects.db
    names = [f.attname for f in Person._meta.concrete_fields]
    unit_names = [f.attname for f in Unit._meta.concrete_fields]
    rows = cached_rows(
        ("awards.people_by_id", alias, tuple(ids)),
        lambda: Person.objects.filter(pk__in=ids).values_list(
            *names, *(f"unit__{name}" for name in unit_names)
        ),
    )
    cache_unit = Person._meta.get_field("unit").set_cached_value
    people, count = [], len(names)
    for row in rows:
        person = Person.from_db(alias, names, row[:count])
        cache_unit(person, Unit.from_db(alias, unit_names, row[count:]))
        people.append(person)
    return people
