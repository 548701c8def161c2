"""Award history (tra cứu khen thưởng): every award a collective or person received, from
issued decisions and from past decisions imported from a spreadsheet; searchable without
accents; each row says whether the award stands."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.enums import NomineeKind
from core.text import accent_fold
from units.importers import (
    FILE_COLUMN,
    Column,
    ImportFileError,
    RowError,
    _parse_date,
    _records,
    _text,
    read_rows,
)
from units.models import Person, Unit
from units.rules import is_admin

from .enums import DecisionKind, DecisionState
from .models import DecisionLine, PastAward

HISTORY_STATES = (DecisionState.ISSUED, DecisionState.AMENDED, DecisionState.REVOKED)
LIMIT = 200


@dataclass
class HistoryRow:
    name: str
    post: str
    form: str
    number: str
    day: date | None
    issuer: str
    revoked_by: str  # the revoking decision's number, or ""
    source: str  # "decision" | "past"
    decision_pk: int | None = None


def _scope_condition(user, *, person_path, unit_path, extra=None):
    """Awards of a person or a collective in the user's scope, or given by a body in it
    (`extra`): the scope's units as one subquery on the unit table, matched against the
    awards' own unit columns, instead of a join to the unit table for each path."""
    if is_admin(user):
        return Q()
    paths = user.scope_paths()
    if not paths:
        return Q(pk__in=[])
    within = Q()
    for path in paths:
        within |= Q(path__startswith=path)
    units = Unit.objects.filter(within).values("pk")
    condition = Q(**{f"{person_path}__in": units}) | Q(**{f"{unit_path}__in": units})
    if extra:
        condition |= Q(**{f"{extra}__in": units})
    return condition


def history_rows(user, *, search="", person=None, unit=None):
    """The awards the user may see (of collectives and people in scope, or given by a body
    in scope), newest first, filtered by folded words or by one person or collective. A
    revoking decision's lines name the awards it takes back: they are not awards, the
    revoked line says "Đã bị hủy bỏ theo Quyết định số …" instead."""
    lines = (
        DecisionLine.objects.filter(decision__state__in=HISTORY_STATES)
        .exclude(decision__kind=DecisionKind.REVOKE)
        .filter(
            _scope_condition(
                user,
                person_path="person__unit",
                unit_path="nominee_unit",
                extra="decision__issuing_body",
            )
        )
    )
    past = PastAward.objects.filter(
        _scope_condition(
            user,
            person_path="person__unit",
            unit_path="nominee_unit",
            extra="scope",
        )
    )
    for word in accent_fold(search).split():
        lines = lines.filter(search_text__contains=word)
        past = past.filter(search_text__contains=word)
    if person is not None:
        lines, past = lines.filter(person=person), past.filter(person=person)
    if unit is not None:
        lines, past = lines.filter(nominee_unit=unit), past.filter(nominee_unit=unit)
    rows = [
        HistoryRow(
            name=line.name,
            post=line.post_and_unit,
            form=line.decision.form.name,
            number=line.decision.number_text,
            day=line.decision.issued_on,
            issuer=line.decision.authority_title,
            revoked_by=line.revoked_by.number_text if line.revoked_by_id else "",
            source="decision",
            decision_pk=line.decision_id,
        )
        for line in lines.select_related("decision__form", "revoked_by").order_by(
            "-decision__issued_on", "-pk"
        )[:LIMIT]
    ]
    rows += [
        HistoryRow(
            name=name,
            post="",
            form=form_name,
            number=number,
            day=day,
            issuer=issuer,
            revoked_by="",
            source="past",
        )
        for name, form_name, number, day, issuer in past.order_by(
            "-decision_date", "-pk"
        ).values_list("name", "form_name", "decision_number", "decision_date", "issuer")[:LIMIT]
    ]
    rows.sort(key=lambda row: row.day or date.min, reverse=True)
    return rows[:LIMIT]


# --- Excel import of past decisions -----------------------------------------------------
COLUMNS = [
    Column("stt", "STT"),
    Column("name", "Tên tập thể, họ và tên", required=True, aliases=("Họ và tên", "Tên tập thể")),
    Column("code", "Mã cán bộ hoặc mã đơn vị", aliases=("Mã cán bộ", "Mã đơn vị", "Mã")),
    Column("kind", "Đối tượng", required=True, help=gettext_lazy("«Tập thể» hoặc «Cá nhân».")),
    Column("form", "Hình thức khen thưởng", required=True, aliases=("Hình thức",)),
    Column("number", "Số quyết định", required=True, aliases=("Số QĐ",)),
    Column("date", "Ngày quyết định", required=True, aliases=("Ngày QĐ",)),
    Column("issuer", "Cơ quan ban hành", required=True, aliases=("Người ký", "Cấp khen")),
    Column(
        "year",
        "Năm thành tích",
        aliases=("Năm",),
        help=gettext_lazy("Năm của thành tích được khen; để trống là năm của quyết định."),
    ),
]
KINDS = {
    "tap the": NomineeKind.COLLECTIVE,
    "ca nhan": NomineeKind.INDIVIDUAL,
    "ho gia dinh": NomineeKind.HOUSEHOLD,
}


def _header(key):
    return next(c.header for c in COLUMNS if c.key == key)


def validate_past_awards(rows, *, scope):
    """([PastAward unsaved], [RowError]): every row checked before anything is saved. A
    code, when given, must name a person or unit within `scope`."""
    errors = []
    records = _records(rows, COLUMNS, errors)
    awards = []
    for number, values in records:
        text = {key: _text(value) for key, value in values.items()}
        row_errors = []
        for key in ("name", "kind", "form", "number", "issuer"):
            if not text.get(key):
                row_errors.append(RowError(number, _header(key), _("Chưa có nội dung.")))
        kind = KINDS.get(accent_fold(text.get("kind", "")))
        if text.get("kind") and kind is None:
            row_errors.append(
                RowError(
                    number, _header("kind"), _("Phải là «Tập thể», «Cá nhân» hoặc «Hộ gia đình».")
                ),
            )
        try:
            day = _parse_date(values.get("date"))
            if day is None:
                row_errors.append(RowError(number, _header("date"), _("Chưa có ngày.")))
        except ValueError as error:
            day = None
            row_errors.append(RowError(number, _header("date"), str(error)))
        year = None
        if text.get("year"):
            if text["year"].isdigit() and 1945 <= int(text["year"]) <= 2100:
                year = int(text["year"])
            else:
                row_errors.append(
                    RowError(number, _header("year"), _("Phải là một năm, ví dụ 2023."))
                )
        person = unit = None
        code = text.get("code", "")
        if code and kind:
            if kind == NomineeKind.INDIVIDUAL:
                person = Person.objects.filter(code=code, unit__path__startswith=scope.path).first()
            else:
                unit = Unit.objects.filter(code=code, path__startswith=scope.path).first()
            if person is None and unit is None:
                row_errors.append(
                    RowError(
                        number,
                        _header("code"),
                        _("Không có cán bộ hoặc đơn vị mã «%(code)s» trong phạm vi của bạn.")
                        % {"code": code},
                    )
                )
        errors += row_errors
        if not row_errors:
            awards.append(
                PastAward(
                    nominee_kind=kind,
                    person=person,
                    nominee_unit=unit,
                    name=text["name"][:255],
                    form_name=text["form"][:255],
                    decision_number=text["number"][:50],
                    decision_date=day,
                    achievement_year=year,
                    issuer=text["issuer"][:255],
                    scope=scope,
                )
            )
    return awards, errors


def import_past_awards(fileobj, *, scope, by):
    """Import a spreadsheet of past decisions into `scope`'s history: all or nothing."""
    try:
        rows = read_rows(fileobj)
    except ImportFileError as error:
        return 0, [RowError(None, FILE_COLUMN, str(error))]
    awards, errors = validate_past_awards(rows, scope=scope)
    if errors:
        return 0, errors
    with transaction.atomic():
        for award in awards:
            award.imported_by = by
            award.save()
    return len(awards), []


def template_xlsx():
    """The import template: the header row and one example row."""
    from core.excel import ExcelWorkbook  # noqa: PLC0415

    book = ExcelWorkbook()
    sheet = book.sheet(_("Khen thưởng trước đây"))
    sheet.header([c.header for c in COLUMNS])
    sheet.append(
        [
            1,
            "Nguyễn Thị Lan",
            "",
            "Cá nhân",
            "Giấy khen của Chủ tịch UBND huyện",
            "125/QĐ-UBND",
            "15/12/2022",
            "UBND huyện Ninh Hải",
            2022,
        ]
    )
    sheet.widths([6, 30, 22, 12, 36, 16, 16, 30, 14])
    return book.to_bytes()
