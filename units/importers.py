"""Bulk import of units and people from .xlsx or .csv, in the layout offices keep.

The whole file is read and validated first; every bad row and column is reported in
Vietnamese; only a file without a single error is written, in one transaction. Rows are
keyed (units by "Mã đơn vị", people by "Mã cán bộ" or else unit + name + birth date), so
importing the same file again updates instead of duplicating.

Layers: `read_rows` (bytes -> list of rows), `validate_units` / `validate_people` (rows ->
parsed items and errors, reads only), `import_units_file` (the one service that writes).
"""

import codecs
import csv
import datetime
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import accent_fold

from .enums import Sex, UnitKind, UnitLevel
from .models import Person, Unit

logger = logging.getLogger(__name__)

UNITS, PEOPLE = "units", "people"
FILE_COLUMN = "(tệp)"  # the "column" of an error about the whole file
HEADER_SCAN_ROWS = 10  # offices often put a title and a date above the header row


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the header as written in the template; matched without accents or case
    required: bool = False
    aliases: tuple = ()
    help: str = ""


UNIT_COLUMNS = [
    Column("stt", "STT", help=gettext_lazy("Số thứ tự; không bắt buộc, không dùng khi nhập.")),
    Column(
        "code",
        "Mã đơn vị",
        True,
        ("ma",),
        gettext_lazy("Mã ổn định, không trùng; dùng để cập nhật khi nhập lại."),
    ),
    Column("name", "Tên đơn vị", True, ("ten",), gettext_lazy("Tên đầy đủ.")),
    Column("short_name", "Tên viết tắt", aliases=("ten tat",)),
    Column(
        "kind",
        "Loại đơn vị",
        True,
        ("loai",),
        gettext_lazy("Một trong các loại ở bảng dưới (có dấu hoặc không dấu)."),
    ),
    Column(
        "level",
        "Cấp",
        aliases=("cap hanh chinh",),
        help=gettext_lazy(
            "Cấp tỉnh, Cấp huyện, Cấp xã, Thôn, tổ dân phố; để trống nếu không xác định."
        ),
    ),
    Column(
        "parent",
        "Mã đơn vị cấp trên",
        aliases=("ma cap tren", "don vi cap tren"),
        help=gettext_lazy("Mã của một đơn vị trong tệp hoặc đã có trong hệ thống."),
    ),
    Column(
        "admin_code",
        "Mã hành chính",
        aliases=("ma dvhc",),
        help=gettext_lazy("Mã đơn vị hành chính, nếu có."),
    ),
    Column("valid_from", "Hiệu lực từ ngày", aliases=("tu ngay",), help="dd/mm/yyyy"),
    Column(
        "valid_to",
        "Hiệu lực đến ngày",
        aliases=("den ngay",),
        help=gettext_lazy("dd/mm/yyyy; đơn vị cấp huyện: 30/06/2025."),
    ),
    Column(
        "is_active",
        "Đang hoạt động",
        aliases=("hoat dong",),
        help=gettext_lazy("Có / Không (x = Có); để trống là Có."),
    ),
]

PERSON_COLUMNS = [
    Column("stt", "STT", help=gettext_lazy("Số thứ tự; không bắt buộc, không dùng khi nhập.")),
    Column(
        "code",
        "Mã cán bộ",
        aliases=("ma",),
        help=gettext_lazy("Không bắt buộc; nếu có thì không trùng và dùng để cập nhật."),
    ),
    Column("full_name", "Họ và tên", True, ("ho ten",), gettext_lazy("Họ và tên đầy đủ, có dấu.")),
    Column("sex", "Giới tính", True, ("gioi",), gettext_lazy("Nam / Nữ.")),
    Column("date_of_birth", "Ngày sinh", help=gettext_lazy("dd/mm/yyyy; không bắt buộc.")),
    Column("position", "Chức vụ", aliases=("chuc danh",)),
    Column(
        "unit",
        "Mã đơn vị",
        True,
        ("ma don vi cong tac",),
        gettext_lazy("Mã của đơn vị (đã có trong hệ thống)."),
    ),
    Column(
        "is_leader",
        "Lãnh đạo",
        aliases=("lanh dao quan ly", "lanh dao, quan ly"),
        help=gettext_lazy("Có / Không (x = Có); để trống là Không."),
    ),
    Column(
        "is_active",
        "Đang công tác",
        aliases=("cong tac",),
        help=gettext_lazy("Có / Không (x = Có); để trống là Có."),
    ),
]

COLUMNS = {UNITS: UNIT_COLUMNS, PEOPLE: PERSON_COLUMNS}
TRUE_WORDS = {"co", "x", "1", "true", "yes", "dung"}
FALSE_WORDS = {"khong", "0", "false", "no", "sai"}


@dataclass
class RowError:
    row: int | None  # as the user sees it in the spreadsheet; None for the whole file
    column: str
    message: str

    def __str__(self):
        if self.row is None:
            return _("Cột «%(column)s»: %(message)s") % {
                "column": self.column,
                "message": self.message,
            }
        return _("Dòng %(row)s, cột «%(column)s»: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


class ImportFileError(Exception):
    """The file cannot be read at all (wrong format, damaged)."""


# Reading ------------------------------------------------------------------------------


def read_rows(fileobj):
    """Return the first sheet as a list of rows (lists of cell values), row 1 first.

    The format comes from the content, never the name: an .xlsx is a zip archive; anything
    else must be text (UTF-8 with or without BOM, or Excel's UTF-16 "Unicode Text").
    """
    fileobj.seek(0)
    data = fileobj.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    return _read_csv(data)


# An .xlsx is a zip: refuse one that would inflate past this before openpyxl reads it.
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024


def _read_xlsx(data):
    from openpyxl import load_workbook  # heavy: only imports pay for it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ImportFileError(
            _("Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx.")
        ) from error
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportFileError(
            _(
                "Tệp Excel khi giải nén lớn bất thường (hơn %(limit)s MB); hãy lưu lại tệp rồi thử lại."
            )
            % {"limit": MAX_XLSX_UNPACKED_BYTES // 1024 // 1024}
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # Some tools write a wrong sheet size ("A1"); read what is really there instead.
        sheet.reset_dimensions()
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    except Exception as error:  # openpyxl raises many kinds for a damaged or non-Excel zip
        raise ImportFileError(
            _("Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx.")
        ) from error
    workbook.close()
    return rows


def _read_csv(data):
    refused = _("Không đọc được tệp: tệp phải là Excel (.xlsx) hoặc CSV mã hóa UTF-8.")
    encoding = (
        "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ImportFileError(refused) from error
    if "\x00" in text:
        raise ImportFileError(refused)
    # Vietnamese Excel saves CSV with ";" (the comma is the decimal mark); "Unicode Text"
    # uses tabs. The top lines (title rows included) tell which one this file uses.
    head = "\n".join(text.splitlines()[:HEADER_SCAN_ROWS])
    delimiter = max([",", ";", "\t"], key=head.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:  # e.g. a cell longer than the csv module's field limit
        raise ImportFileError(refused) from error


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores 12345 as 12345.0
    return " ".join(str(value).split())


def _fold_header(value):
    """'Mã đơn vị (*)', 'MA DON VI', 'Mã đơn vị:' -> 'ma don vi'."""
    text = re.sub(r"\([^)]*\)", " ", _text(value))
    return accent_fold(text.replace("*", " ").replace(":", " "))


def _match_headers(header_row, columns):
    """Map column keys to their index. Exact headers win over synonyms, so a sheet with
    both "Mã đơn vị" and "Mã" reads each one as what it says."""
    found = {}
    tables = (
        {_fold_header(c.header): c.key for c in columns},
        {_fold_header(a): c.key for c in columns for a in c.aliases},
    )
    for table in tables:
        for index, cell in enumerate(header_row):
            key = table.get(_fold_header(cell))
            if key and key not in found and index not in found.values():
                found[key] = index
    return found


def _find_header(rows, columns):
    """(index, columns found) of the header row: the first top row holding every required
    column; failing that, the top row that matches most (to name what is missing)."""
    required = {c.key for c in columns if c.required}
    best = (0, {})
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = _match_headers(row, columns)
        if required <= found.keys():
            return index, found
        if len(found) > len(best[1]):
            best = (index, found)
    return best


def _records(rows, columns, errors):
    """[(row number, {key: raw value})] for every non-empty row under the header."""
    if not any(_text(cell) for row in rows for cell in row):
        errors.append(RowError(None, FILE_COLUMN, _("Tệp không có dữ liệu.")))
        return []
    header_index, found = _find_header(rows, columns)
    missing = [c for c in columns if c.required and c.key not in found]
    for column in missing:
        errors.append(RowError(None, column.header, _("Thiếu cột bắt buộc này ở dòng tiêu đề.")))
    if missing:
        return []
    records = []
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        values = {key: (row[i] if i < len(row) else None) for key, i in found.items()}
        if all(_text(v) == "" for k, v in values.items() if k != "stt"):
            continue
        records.append((index + 1, values))
    if not records:
        errors.append(RowError(None, FILE_COLUMN, _("Tệp không có dòng dữ liệu nào.")))
    return records


# Cell values --------------------------------------------------------------------------


def _parse_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(
        _("«%(value)s» không phải ngày hợp lệ (định dạng dd/mm/yyyy).") % {"value": text}
    )


def _parse_bool(value, default):
    text = accent_fold(_text(value))
    if not text:
        return default
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(_("«%(value)s» không hợp lệ; ghi Có hoặc Không.") % {"value": _text(value)})


def _choice_lookup(choices):
    lookup = {}
    for value, label in choices:
        lookup[accent_fold(str(value))] = value
        lookup[accent_fold(str(label))] = value
    return lookup


def _unit_kind_lookup():
    lookup = _choice_lookup(UnitKind.choices)
    # Short words offices write in the column.
    lookup.update(
        {
            "tinh": UnitKind.PROVINCE,
            "huyen": UnitKind.DISTRICT,
            "xa": UnitKind.COMMUNE,
            "phuong": UnitKind.COMMUNE,
            "thi tran": UnitKind.COMMUNE,
            "thon": UnitKind.VILLAGE,
            "to dan pho": UnitKind.VILLAGE,
            "ubnd": UnitKind.PEOPLES_COMMITTEE,
            "uy ban nhan dan": UnitKind.PEOPLES_COMMITTEE,
            "phong": UnitKind.OFFICE,
            "co quan": UnitKind.OFFICE,
            "truong": UnitKind.SCHOOL,
            "truong hoc": UnitKind.SCHOOL,
            "tram y te": UnitKind.HEALTH_STATION,
            "doan the": UnitKind.MASS_ORGANISATION,
            "doanh nghiep": UnitKind.ENTERPRISE,
            "khac": UnitKind.OTHER,
        }
    )
    return lookup


def _level_lookup():
    lookup = _choice_lookup([c for c in UnitLevel.choices if c[0]])
    lookup.update({"tinh": "province", "huyen": "district", "xa": "commune", "thon": "village"})
    return lookup


class _Checker:
    """Collects the errors of one file; `header(key)` names a column as the user wrote it."""

    def __init__(self, columns, model):
        self.columns = {c.key: c for c in columns}
        self.model = model
        self.errors = []

    def header(self, key):
        return self.columns[key].header

    def add(self, row, key, message):
        self.errors.append(RowError(row, self.header(key), message))

    def text(self, row, values, key, *, required=False):
        """The cell as text: blanks refused when required, lengths held to the model's."""
        text = _text(values.get(key))
        limit = self.model._meta.get_field(key).max_length
        if required and not text:
            self.add(row, key, _("Không được để trống."))
        elif len(text) > limit:
            self.add(
                row,
                key,
                _("Dài %(length)s ký tự, vượt giới hạn %(limit)s ký tự.")
                % {"length": len(text), "limit": limit},
            )
        return text

    def value(self, row, key, parse, *args):
        try:
            return parse(*args)
        except ValueError as error:
            self.add(row, key, str(error))
            return None

    def unique(self, row, value, seen):
        """The earlier row of the file holding the same key `value`, if any."""
        earlier = seen.setdefault(value, row)
        return earlier if earlier != row else None


def _duplicate_code(code, earlier):
    return _("Mã «%(code)s» trùng với dòng %(row)s.") % {"code": code, "row": earlier}


# Units --------------------------------------------------------------------------------


def validate_units(rows):
    """(parsed rows, errors) of a units sheet; reads the database, never writes."""
    check = _Checker(UNIT_COLUMNS, Unit)
    records = _records(rows, UNIT_COLUMNS, check.errors)
    kinds, levels = _unit_kind_lookup(), _level_lookup()
    parsed, seen = [], {}
    for row, values in records:
        item = {"row": row}
        item["code"] = check.text(row, values, "code", required=True)
        item["name"] = check.text(row, values, "name", required=True)
        item["short_name"] = check.text(row, values, "short_name")
        item["admin_code"] = check.text(row, values, "admin_code")
        item["parent"] = _text(values.get("parent"))
        if item["code"] and (earlier := check.unique(row, item["code"], seen)):
            check.add(row, "code", _duplicate_code(item["code"], earlier))
        kind_text = _text(values.get("kind"))
        item["kind"] = kinds.get(accent_fold(kind_text))
        if not kind_text:
            check.add(row, "kind", _("Không được để trống."))
        elif item["kind"] is None:
            check.add(
                row, "kind", _("«%(value)s» không phải loại đơn vị hợp lệ.") % {"value": kind_text}
            )
        level_text = _text(values.get("level"))
        item["level"] = levels.get(accent_fold(level_text)) if level_text else ""
        if item["level"] is None:
            check.add(row, "level", _("«%(value)s» không phải cấp hợp lệ.") % {"value": level_text})
        for key in ("valid_from", "valid_to"):
            item[key] = check.value(row, key, _parse_date, values.get(key))
        if item["valid_from"] and item["valid_to"] and item["valid_to"] < item["valid_from"]:
            check.add(row, "valid_to", _("Ngày hết hiệu lực trước ngày bắt đầu hiệu lực."))
        item["is_active"] = check.value(
            row, "is_active", _parse_bool, values.get("is_active"), True
        )
        if item["parent"] and item["parent"] == item["code"]:
            check.add(row, "parent", _("Đơn vị không thể là cấp trên của chính nó."))
        parsed.append(item)
    if records:
        _check_tree(parsed, check)
    return parsed, check.errors


def _check_tree(parsed, check):
    """Refuse unknown parents and loops in the tree as it will be once the file is applied.

    A loop can run through the database: a unit of the file placed under one of its own
    current descendants. So the walk up follows the file's parent for units of the file
    and the current parent for the others. Sets item["depth"] (the save order).
    """
    file_parent = {item["code"]: item["parent"] for item in parsed if item["code"]}
    outside = {item["parent"] for item in parsed if item["parent"]} - file_parent.keys()
    known_paths = dict(Unit.objects.filter(code__in=outside).values_list("code", "path"))
    known = file_parent.keys() | known_paths.keys()
    for item in parsed:
        if item["parent"] and item["parent"] not in known:
            check.add(
                item["row"],
                "parent",
                _("Không tìm thấy đơn vị có mã «%(code)s» trong tệp hoặc trong hệ thống.")
                % {"code": item["parent"]},
            )
    # Current ancestors of the outside parents, from their materialised paths, in one query.
    chains = {code: [int(pk) for pk in path.split(".") if pk] for code, path in known_paths.items()}
    code_of = dict(
        Unit.objects.filter(pk__in={pk for chain in chains.values() for pk in chain}).values_list(
            "pk", "code"
        )
    )
    db_parent = {}
    for chain in chains.values():
        codes = [code_of[pk] for pk in chain]
        db_parent.update(zip(codes, [None, *codes[:-1]], strict=True))

    def parent_of(code):
        return file_parent[code] if code in file_parent else db_parent.get(code)

    for item in parsed:
        code, steps = item["code"], [item["code"]]
        if not code or item["parent"] == code:
            continue  # a blank code or a unit as its own parent is reported already
        current = parent_of(code)
        while current and current not in steps:
            steps.append(current)
            current = parent_of(current)
        item["depth"] = len(steps)
        if current == code:
            check.add(
                item["row"],
                "parent",
                _("Quan hệ cấp trên tạo thành vòng lặp: %(chain)s.")
                % {"chain": " → ".join([*steps, code])},
            )


@transaction.atomic
def _write_units(parsed, result):
    existing = Unit.objects.in_bulk([item["code"] for item in parsed], field_name="code")
    saved, outside = {}, {}
    # Every unit's ancestors first (its depth in the tree the file builds), so a parent's
    # path is final before a child copies it.
    for item in sorted(parsed, key=lambda item: item["depth"]):
        unit = existing.get(item["code"])
        is_new = unit is None
        if is_new:
            unit = Unit(code=item["code"])
            result.created += 1
        else:
            result.updated += 1
        old_parent_id = unit.parent_id
        for key in ("name", "short_name", "kind", "level", "admin_code"):
            setattr(unit, key, item[key])
        for key in ("valid_from", "valid_to", "is_active"):
            setattr(unit, key, item[key])
        code = item["parent"]
        if not code:
            unit.parent = None
        elif code in saved:
            unit.parent = saved[code]
        else:
            if code not in outside:
                outside[code] = Unit.objects.get(code=code)
            unit.parent = outside[code]
        unit.save()
        saved[unit.code] = unit
        if not is_new and old_parent_id != unit.parent_id:
            # A move rewrote the paths of a subtree: units fetched before may be stale.
            outside.clear()


# People -------------------------------------------------------------------------------


def validate_people(rows):
    """(parsed rows, errors) of a people sheet; reads the database, never writes."""
    check = _Checker(PERSON_COLUMNS, Person)
    records = _records(rows, PERSON_COLUMNS, check.errors)
    sexes = _choice_lookup(Sex.choices)
    today = timezone.localdate()
    parsed, seen_codes, seen_keys = [], {}, {}
    for row, values in records:
        item = {"row": row}
        item["code"] = check.text(row, values, "code")
        item["full_name"] = check.text(row, values, "full_name", required=True)
        item["position"] = check.text(row, values, "position")
        item["unit"] = _text(values.get("unit"))
        if not item["unit"]:
            check.add(row, "unit", _("Không được để trống."))
        sex_text = _text(values.get("sex"))
        item["sex"] = sexes.get(accent_fold(sex_text))
        if not sex_text:
            check.add(row, "sex", _("Không được để trống."))
        elif item["sex"] is None:
            check.add(
                row, "sex", _("«%(value)s» không hợp lệ; ghi Nam hoặc Nữ.") % {"value": sex_text}
            )
        item["date_of_birth"] = check.value(
            row, "date_of_birth", _parse_date, values.get("date_of_birth")
        )
        if item["date_of_birth"] and item["date_of_birth"] > today:
            check.add(row, "date_of_birth", _("Ngày sinh sau ngày hôm nay."))
        item["is_leader"] = check.value(
            row, "is_leader", _parse_bool, values.get("is_leader"), False
        )
        item["is_active"] = check.value(
            row, "is_active", _parse_bool, values.get("is_active"), True
        )
        item["key"] = (item["unit"], item["full_name"], item["date_of_birth"])
        if item["code"]:
            if earlier := check.unique(row, item["code"], seen_codes):
                check.add(row, "code", _duplicate_code(item["code"], earlier))
        elif item["full_name"] and item["unit"]:
            # Without a code this triple is the key; two such rows would be one person.
            if earlier := check.unique(row, item["key"], seen_keys):
                check.add(
                    row,
                    "full_name",
                    _(
                        "Trùng đơn vị, họ tên và ngày sinh với dòng %(row)s; "
                        "ghi «Mã cán bộ» để phân biệt."
                    )
                    % {"row": earlier},
                )
        parsed.append(item)
    units = Unit.objects.in_bulk(
        {item["unit"] for item in parsed if item["unit"]}, field_name="code"
    )
    for item in parsed:
        item["unit_obj"] = units.get(item["unit"])
        if item["unit"] and item["unit_obj"] is None:
            check.add(
                item["row"],
                "unit",
                _("Không tìm thấy đơn vị có mã «%(code)s».") % {"code": item["unit"]},
            )
    return parsed, check.errors


@transaction.atomic
def _write_people(parsed, result):
    by_code = {
        p.code: p for p in Person.objects.filter(code__in=[i["code"] for i in parsed if i["code"]])
    }
    uncoded = {}
    for person in Person.objects.filter(
        unit__in={item["unit_obj"] for item in parsed}, code=""
    ).select_related("unit"):
        uncoded.setdefault((person.unit.code, person.full_name, person.date_of_birth), person)
    # A row with a code not yet in the system takes over the person imported earlier
    # without one, unless a row without a code in this file claims that person.
    claimed = {item["key"] for item in parsed if not item["code"]}
    for item in parsed:
        person = by_code.get(item["code"]) if item["code"] else None
        if person is None and (not item["code"] or item["key"] not in claimed):
            person = uncoded.pop(item["key"], None)
        if person is None:
            person = Person()
            result.created += 1
        else:
            result.updated += 1
        person.code = item["code"]
        for key in ("full_name", "sex", "date_of_birth", "position", "is_leader", "is_active"):
            setattr(person, key, item[key])
        person.unit = item["unit_obj"]
        person.save()


# The service --------------------------------------------------------------------------


def import_units_file(fileobj, *, kind=UNITS, by=None):
    """Validate the whole file of `kind` (units or people); write it only when no row has
    an error, in one transaction. `by` is the user importing (None from the command line).
    """
    if kind not in COLUMNS:
        raise ValueError(f"Unknown import kind: {kind!r}")
    result = ImportResult(kind=kind)
    try:
        rows = read_rows(fileobj)
    except ImportFileError as error:
        result.errors.append(RowError(None, FILE_COLUMN, str(error)))
        return result
    validate, write = (
        (validate_units, _write_units) if kind == UNITS else (validate_people, _write_people)
    )
    parsed, result.errors = validate(rows)
    if result.ok:
        write(parsed, result)
        logger.info(
            "Imported %s by %s: %s created, %s updated",
            kind,
            getattr(by, "username", None) or "command line",
            result.created,
            result.updated,
        )
    return result
