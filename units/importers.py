"""Bulk import of units and people from .xlsx or .csv, in the layout offices keep.

The whole file is read and validated first; every bad row and column is reported in
Vietnamese; only a file without a single error is written, in one transaction. Rows are
keyed (units by "Mã đơn vị", people by "Mã cán bộ" or else unit + name + birth date), so
importing the same file again updates instead of duplicating.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from core.text import accent_fold

from .enums import Sex, UnitKind, UnitLevel
from .models import Person, Unit

UNITS, PEOPLE = "units", "people"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    aliases: tuple = ()
    help: str = ""


UNIT_COLUMNS = [
    Column("stt", "STT", help="Số thứ tự; không bắt buộc, không dùng khi nhập."),
    Column(
        "code",
        "Mã đơn vị",
        True,
        ("ma",),
        "Mã ổn định, không trùng; dùng để cập nhật khi nhập lại.",
    ),
    Column("name", "Tên đơn vị", True, ("ten",), "Tên đầy đủ."),
    Column("short_name", "Tên viết tắt", aliases=("ten tat",)),
    Column("kind", "Loại đơn vị", True, ("loai",), "Một trong các loại ở bảng dưới."),
    Column(
        "level",
        "Cấp",
        aliases=("cap hanh chinh",),
        help="Cấp tỉnh, Cấp huyện, Cấp xã, Thôn, tổ dân phố; để trống nếu không xác định.",
    ),
    Column(
        "parent",
        "Mã đơn vị cấp trên",
        aliases=("don vi cap tren", "ma cap tren"),
        help="Mã của một đơn vị trong tệp hoặc đã có trong hệ thống.",
    ),
    Column(
        "admin_code", "Mã hành chính", aliases=("ma dvhc",), help="Mã đơn vị hành chính, nếu có."
    ),
    Column("valid_from", "Hiệu lực từ ngày", aliases=("tu ngay",), help="dd/mm/yyyy"),
    Column(
        "valid_to",
        "Hiệu lực đến ngày",
        aliases=("den ngay",),
        help="dd/mm/yyyy; đơn vị cấp huyện: 30/06/2025.",
    ),
    Column(
        "is_active", "Đang hoạt động", aliases=("hoat dong",), help="Có / Không; để trống là Có."
    ),
]

PERSON_COLUMNS = [
    Column("stt", "STT", help="Số thứ tự; không bắt buộc, không dùng khi nhập."),
    Column(
        "code",
        "Mã cán bộ",
        aliases=("ma can bo", "ma"),
        help="Không bắt buộc; nếu có thì không trùng và dùng để cập nhật.",
    ),
    Column("full_name", "Họ và tên", True, ("ho ten",), "Họ và tên đầy đủ, có dấu."),
    Column("sex", "Giới tính", True, ("gioi",), "Nam / Nữ."),
    Column("date_of_birth", "Ngày sinh", help="dd/mm/yyyy; không bắt buộc."),
    Column("position", "Chức vụ", aliases=("chuc danh",)),
    Column("unit", "Mã đơn vị", True, ("don vi",), "Mã của đơn vị (đã có trong hệ thống)."),
    Column(
        "is_leader",
        "Lãnh đạo",
        aliases=("lanh dao quan ly",),
        help="Có / Không (x = Có); để trống là Không.",
    ),
    Column("is_active", "Đang công tác", aliases=("cong tac",), help="Có / Không; để trống là Có."),
]

COLUMNS = {UNITS: UNIT_COLUMNS, PEOPLE: PERSON_COLUMNS}
TRUE_WORDS = {"co", "x", "1", "true", "yes", "dung"}
FALSE_WORDS = {"khong", "0", "false", "no", "sai"}


@dataclass
class RowError:
    row: int | None
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
    """The file cannot be read at all (wrong format, empty)."""


def read_rows(fileobj):
    """Return the sheet as a list of rows (lists of cell values); the first is the header."""
    fileobj.seek(0)
    data = fileobj.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("Không đọc được tệp: tệp phải là Excel (.xlsx) hoặc CSV mã hóa UTF-8.")
        ) from error
    if "\x00" in text:
        raise ImportFileError(
            _("Không đọc được tệp: tệp phải là Excel (.xlsx) hoặc CSV mã hóa UTF-8.")
        )
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(data):
    from openpyxl import load_workbook  # heavy: only imports pay for it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(
            _("Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx.")
        ) from error
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _match_headers(header_row, columns):
    """Map column keys to their index; headers match without accents or case."""
    by_name = {}
    for column in columns:
        by_name[accent_fold(column.header)] = column.key
        for alias in column.aliases:
            by_name[accent_fold(alias)] = column.key
    found = {}
    for index, cell in enumerate(header_row):
        key = by_name.get(accent_fold(_text(cell)))
        if key and key not in found:
            found[key] = index
    return found


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


def _records(rows, columns, errors):
    """Yield (row number, {key: raw value}) for every non-empty row after the header."""
    if not rows:
        errors.append(RowError(None, _("(tệp)"), _("Tệp không có dữ liệu.")))
        return []
    found = _match_headers(rows[0], columns)
    missing = [c for c in columns if c.required and c.key not in found]
    for column in missing:
        errors.append(RowError(None, column.header, _("Thiếu cột bắt buộc này ở dòng tiêu đề.")))
    if missing:
        return []
    records = []
    for number, row in enumerate(rows[1:], start=2):
        values = {key: (row[index] if index < len(row) else None) for key, index in found.items()}
        if all(_text(v) == "" for k, v in values.items() if k != "stt"):
            continue
        records.append((number, values))
    if not records:
        errors.append(RowError(None, _("(tệp)"), _("Tệp không có dòng dữ liệu nào.")))
    return records


def _header(columns, key):
    return next(c.header for c in columns if c.key == key)


def validate_units(rows):
    errors = []
    records = _records(rows, UNIT_COLUMNS, errors)
    h = lambda key: _header(UNIT_COLUMNS, key)  # noqa: E731 - local shorthand
    kinds, levels = _unit_kind_lookup(), _level_lookup()
    parsed, seen = [], {}
    for number, values in records:
        item = {"row": number}
        for key in ("code", "name", "short_name", "admin_code", "parent"):
            item[key] = _text(values.get(key))
        for key in ("code", "name"):
            if not item[key]:
                errors.append(RowError(number, h(key), _("Không được để trống.")))
        if item["code"]:
            if item["code"] in seen:
                errors.append(
                    RowError(
                        number,
                        h("code"),
                        _("Mã «%(code)s» trùng với dòng %(row)s.")
                        % {"code": item["code"], "row": seen[item["code"]]},
                    )
                )
            seen.setdefault(item["code"], number)
        kind_text = _text(values.get("kind"))
        item["kind"] = kinds.get(accent_fold(kind_text))
        if not kind_text:
            errors.append(RowError(number, h("kind"), _("Không được để trống.")))
        elif item["kind"] is None:
            errors.append(
                RowError(
                    number,
                    h("kind"),
                    _("«%(value)s» không phải loại đơn vị hợp lệ.") % {"value": kind_text},
                )
            )
        level_text = _text(values.get("level"))
        item["level"] = levels.get(accent_fold(level_text), None) if level_text else ""
        if item["level"] is None:
            errors.append(
                RowError(
                    number,
                    h("level"),
                    _("«%(value)s» không phải cấp hợp lệ.") % {"value": level_text},
                )
            )
        for key in ("valid_from", "valid_to"):
            try:
                item[key] = _parse_date(values.get(key))
            except ValueError as error:
                errors.append(RowError(number, h(key), str(error)))
                item[key] = None
        if item["valid_from"] and item["valid_to"] and item["valid_to"] < item["valid_from"]:
            errors.append(
                RowError(number, h("valid_to"), _("Ngày hết hiệu lực trước ngày bắt đầu hiệu lực."))
            )
        try:
            item["is_active"] = _parse_bool(values.get("is_active"), True)
        except ValueError as error:
            errors.append(RowError(number, h("is_active"), str(error)))
        if item["parent"] and item["parent"] == item["code"]:
            errors.append(
                RowError(number, h("parent"), _("Đơn vị không thể là cấp trên của chính nó."))
            )
        parsed.append(item)
    in_file = {item["code"] for item in parsed if item["code"]}
    wanted = {item["parent"] for item in parsed if item["parent"] and item["parent"] not in in_file}
    existing = set(Unit.objects.filter(code__in=wanted).values_list("code", flat=True))
    for item in parsed:
        if item["parent"] and item["parent"] not in in_file and item["parent"] not in existing:
            errors.append(
                RowError(
                    item["row"],
                    h("parent"),
                    _("Không tìm thấy đơn vị có mã «%(code)s» trong tệp hoặc trong hệ thống.")
                    % {"code": item["parent"]},
                )
            )
    _check_cycles(parsed, errors, h("parent"))
    return parsed, errors


def _check_cycles(parsed, errors, header):
    parent_of = {item["code"]: item["parent"] for item in parsed if item["code"]}
    rows = {item["code"]: item["row"] for item in parsed if item["code"]}
    for code in parent_of:
        seen, current = set(), code
        while current in parent_of and parent_of[current]:
            if current in seen:
                errors.append(
                    RowError(rows[code], header, _("Quan hệ cấp trên tạo thành vòng lặp."))
                )
                break
            seen.add(current)
            current = parent_of[current]


def validate_people(rows):
    errors = []
    records = _records(rows, PERSON_COLUMNS, errors)
    h = lambda key: _header(PERSON_COLUMNS, key)  # noqa: E731 - local shorthand
    sexes = _choice_lookup(Sex.choices)
    parsed, seen_codes = [], {}
    for number, values in records:
        item = {"row": number}
        for key in ("code", "full_name", "position", "unit"):
            item[key] = _text(values.get(key))
        for key in ("full_name", "unit"):
            if not item[key]:
                errors.append(RowError(number, h(key), _("Không được để trống.")))
        if item["code"]:
            if item["code"] in seen_codes:
                errors.append(
                    RowError(
                        number,
                        h("code"),
                        _("Mã «%(code)s» trùng với dòng %(row)s.")
                        % {"code": item["code"], "row": seen_codes[item["code"]]},
                    )
                )
            seen_codes.setdefault(item["code"], number)
        sex_text = _text(values.get("sex"))
        item["sex"] = sexes.get(accent_fold(sex_text))
        if item["sex"] is None:
            message = (
                _("Không được để trống.")
                if not sex_text
                else _("«%(value)s» không hợp lệ; ghi Nam hoặc Nữ.") % {"value": sex_text}
            )
            errors.append(RowError(number, h("sex"), message))
        try:
            item["date_of_birth"] = _parse_date(values.get("date_of_birth"))
        except ValueError as error:
            errors.append(RowError(number, h("date_of_birth"), str(error)))
            item["date_of_birth"] = None
        for key, default in (("is_leader", False), ("is_active", True)):
            try:
                item[key] = _parse_bool(values.get(key), default)
            except ValueError as error:
                errors.append(RowError(number, h(key), str(error)))
        parsed.append(item)
    units = Unit.objects.in_bulk(
        {item["unit"] for item in parsed if item["unit"]}, field_name="code"
    )
    for item in parsed:
        if item["unit"] and item["unit"] not in units:
            errors.append(
                RowError(
                    item["row"],
                    h("unit"),
                    _("Không tìm thấy đơn vị có mã «%(code)s».") % {"code": item["unit"]},
                )
            )
        item["unit_obj"] = units.get(item["unit"])
    return parsed, errors


def _parents_first(parsed):
    by_code = {item["code"]: item for item in parsed}
    ordered, done = [], set()

    def visit(item):
        if item["code"] in done:
            return
        parent = by_code.get(item["parent"])
        if parent is not None:
            visit(parent)
        done.add(item["code"])
        ordered.append(item)

    for item in parsed:
        visit(item)
    return ordered


@transaction.atomic
def _write_units(parsed, result):
    existing = Unit.objects.in_bulk([item["code"] for item in parsed], field_name="code")
    parents = Unit.objects.in_bulk(
        {item["parent"] for item in parsed if item["parent"]}, field_name="code"
    )
    for item in _parents_first(parsed):
        unit = existing.get(item["code"])
        if unit is None:
            unit = Unit(code=item["code"])
            result.created += 1
        else:
            result.updated += 1
        unit.name = item["name"]
        unit.short_name = item["short_name"]
        unit.kind = item["kind"]
        unit.level = item["level"]
        unit.admin_code = item["admin_code"]
        unit.valid_from = item["valid_from"]
        unit.valid_to = item["valid_to"]
        unit.is_active = item["is_active"]
        unit.parent = parents.get(item["parent"]) if item["parent"] else None
        unit.save()
        parents[unit.code] = unit


@transaction.atomic
def _write_people(parsed, result):
    codes = [i["code"] for i in parsed if i["code"]]
    by_code = {p.code: p for p in Person.objects.filter(code__in=codes)}
    for item in parsed:
        person = by_code.get(item["code"]) if item["code"] else None
        if person is None and not item["code"]:
            person = Person.objects.filter(
                unit=item["unit_obj"],
                full_name=item["full_name"],
                date_of_birth=item["date_of_birth"],
                code="",
            ).first()
        if person is None:
            person = Person(code=item["code"])
            result.created += 1
        else:
            result.updated += 1
        person.full_name = item["full_name"]
        person.sex = item["sex"]
        person.date_of_birth = item["date_of_birth"]
        person.position = item["position"]
        person.unit = item["unit_obj"]
        person.is_leader = item["is_leader"]
        person.is_active = item["is_active"]
        person.save()


def import_file(fileobj, *, kind):
    """Validate the whole file; write it only when no row has an error."""
    result = ImportResult(kind=kind)
    try:
        rows = read_rows(fileobj)
    except ImportFileError as error:
        result.errors.append(RowError(None, _("(tệp)"), str(error)))
        return result
    if kind == UNITS:
        parsed, result.errors = validate_units(rows)
        if result.ok:
            _write_units(parsed, result)
    else:
        parsed, result.errors = validate_people(rows)
        if result.ok:
            _write_people(parsed, result)
    return result


def template_workbook(kind):
    """An .xlsx template: the header row, one example row, and a sheet explaining columns."""
    from openpyxl import Workbook  # heavy: only downloads pay for it
    from openpyxl.styles import Font

    columns = COLUMNS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đơn vị" if kind == UNITS else "Cán bộ"
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(EXAMPLES[kind])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
            12, len(column.header) + 6
        )
    guide = workbook.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Bắt buộc", "Ghi chú"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in columns:
        guide.append([column.header, "Có" if column.required else "Không", column.help])
    if kind == UNITS:
        guide.append([])
        guide.append(["Loại đơn vị (ghi đúng một trong các giá trị)"])
        for _value, label in UnitKind.choices:
            guide.append([str(label)])
    guide.column_dimensions["A"].width = 40
    guide.column_dimensions["C"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(kind):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in COLUMNS[kind]])
    writer.writerow(EXAMPLES[kind])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


EXAMPLES = {
    UNITS: [
        1,
        "NT-NH-TRH",
        "UBND xã Tri Hải",
        "UBND xã Tri Hải",
        "Ủy ban nhân dân",
        "Cấp xã",
        "NT-NH",
        "",
        "",
        "30/06/2025",
        "Có",
    ],
    PEOPLE: [
        1,
        "NT-NH-TRH-01",
        "Nguyễn Văn An",
        "Nam",
        "10/01/1980",
        "Chủ tịch UBND xã",
        "NT-NH-TRH",
        "Có",
        "Có",
    ],
}
