"""Nominees imported from an Excel (or CSV) file into a dossier, all or nothing.

The template has one row per nominee: name, kind, position, unit, form, achievement
summary. The whole file is read and checked first (the same reader and header matching
as the units import); any error is reported by row and column in Vietnamese and nothing
is written. A clean file appends its nominations to the dossier in one transaction.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.enums import NomineeKind
from core.excel import ExcelWorkbook
from core.text import accent_fold
from core.workflow import log_event
from units.importers import Column, ImportFileError, RowError, _records, _text, read_rows

from .forms import nominee_choices
from .models import Nomination
from .services import ensure_dossier_editable
from .workflows import DOSSIER

COLUMNS = [
    Column("stt", "STT"),
    Column(
        "name",
        "Họ và tên hoặc tên tập thể",
        True,
        ("ho va ten", "ten", "ten tap the"),
        gettext_lazy(
            "Cá nhân: họ và tên như trong danh sách cán bộ; tập thể: tên đơn vị; "
            "hộ gia đình: họ và tên chủ hộ."
        ),
    ),
    Column(
        "kind",
        "Đối tượng",
        True,
        ("loai",),
        gettext_lazy("Tập thể, Cá nhân hoặc Hộ gia đình."),
    ),
    Column("position", "Chức vụ", aliases=("chuc danh",), help=gettext_lazy("Để đối chiếu.")),
    Column(
        "unit",
        "Đơn vị",
        aliases=("don vi cong tac", "dia chi"),
        help=gettext_lazy(
            "Cá nhân: đơn vị công tác (để phân biệt người trùng tên); hộ gia đình: địa chỉ."
        ),
    ),
    Column(
        "form",
        "Hình thức khen thưởng",
        aliases=("hinh thuc",),
        help=gettext_lazy("Để trống nếu đợt chỉ xét một hình thức."),
    ),
    Column("summary", "Tóm tắt thành tích", True, ("thanh tich",)),
]
EXAMPLE = [
    1,
    "Nguyễn Văn An",
    "Cá nhân",
    "Chuyên viên",
    "UBND xã Tri Hải",
    "Giấy khen của Chủ tịch UBND huyện",
    "Hoàn thành xuất sắc nhiệm vụ chuyển đổi số năm 2023.",
]


def template_workbook(dossier):
    book = ExcelWorkbook()
    sheet = book.sheet(_("Đề nghị khen thưởng"))
    sheet.header([c.header for c in COLUMNS], wrap=False)
    forms = list(dossier.round.forms.order_by("order", "pk"))
    example = list(EXAMPLE)
    example[4] = dossier.unit.name
    example[5] = forms[0].name if forms else ""
    sheet.append(example)
    sheet.widths([6, 32, 14, 20, 32, 36, 60])
    guide = book.sheet(_("Hướng dẫn"))
    guide.header([_("Cột"), _("Bắt buộc"), _("Ghi chú")], wrap=False, freeze=False)
    for column in COLUMNS:
        guide.append([column.header, _("Có") if column.required else _("Không"), str(column.help)])
    guide.blank()
    guide.append([_("Đối tượng (ghi một trong các giá trị)")], bold=True)
    for _value, label in NomineeKind.choices:
        guide.append([str(label)])
    guide.blank()
    guide.append([_("Hình thức khen thưởng của đợt")], bold=True)
    for form in forms:
        guide.append([form.name])
    guide.widths([40, 10, 80])
    return book.to_bytes()


def _lookup(items, key):
    table = {}
    for item in items:
        table.setdefault(accent_fold(key(item)), []).append(item)
    return table


def validate_nominees(dossier, rows):
    """([Nomination, unsaved], [RowError]) for the rows of a file; reads only."""
    errors = []
    records = _records(rows, COLUMNS, errors)
    headers = {c.key: c.header for c in COLUMNS}
    units, people, forms = nominee_choices(dossier)
    kinds = {accent_fold(str(label)): value for value, label in NomineeKind.choices}
    units_by_name = _lookup(units, lambda u: u.name)
    units_by_code = {accent_fold(u.code): u for u in units}
    people_by_name = _lookup(people, lambda p: p.full_name)
    forms_by_name = _lookup(forms, lambda f: f.name)
    order = dossier.nominations.count()
    nominations = []

    def add(row, key, message):
        errors.append(RowError(row, headers[key], message))

    for row, values in records:
        name = _text(values.get("name"))
        kind_text = _text(values.get("kind"))
        unit_text = _text(values.get("unit"))
        form_text = _text(values.get("form"))
        summary = _text(values.get("summary"))
        kind = kinds.get(accent_fold(kind_text))
        if not name:
            add(row, "name", _("Không được để trống."))
        if kind is None:
            add(
                row,
                "kind",
                _("«%(value)s» không phải Tập thể, Cá nhân hoặc Hộ gia đình.")
                % {"value": kind_text},
            )
        if not summary:
            add(row, "summary", _("Không được để trống."))
        if form_text:
            matches = forms_by_name.get(accent_fold(form_text), [])
            form = matches[0] if matches else None
            if form is None:
                add(
                    row,
                    "form",
                    _("Đợt này không xét hình thức «%(value)s».") % {"value": form_text},
                )
        elif len(forms) == 1:
            form = forms[0]
        else:
            form = None
            add(row, "form", _("Đợt xét nhiều hình thức: ghi rõ hình thức khen thưởng."))
        nomination = Nomination(
            dossier=dossier,
            form=form,
            nominee_kind=kind or "",
            achievement_summary=summary,
            order=order + len(nominations) + 1,
        )
        if kind == NomineeKind.COLLECTIVE and name:
            matches = units_by_name.get(accent_fold(name)) or (
                [units_by_code[accent_fold(name)]] if accent_fold(name) in units_by_code else []
            )
            if not matches:
                add(
                    row,
                    "name",
                    _(
                        "«%(value)s» không phải đơn vị mình hay đơn vị trực thuộc: chỉ đề nghị "
                        "được các đơn vị đó."
                    )
                    % {"value": name},
                )
            else:
                nomination.nominee_unit = matches[0]
        elif kind == NomineeKind.INDIVIDUAL and name:
            matches = people_by_name.get(accent_fold(name), [])
            if unit_text:
                matches = [p for p in matches if accent_fold(p.unit.name) == accent_fold(unit_text)]
            if not matches:
                add(
                    row,
                    "name",
                    _(
                        "Không có «%(value)s» trong danh sách cán bộ đang công tác của đơn vị "
                        "mình và các đơn vị trực thuộc."
                    )
                    % {"value": name},
                )
            elif len(matches) > 1:
                add(
                    row,
                    "unit",
                    _("Có %(n)s người tên «%(value)s»: ghi đơn vị công tác để phân biệt.")
                    % {"n": len(matches), "value": name},
                )
            else:
                nomination.person = matches[0]
                nomination.is_leader = matches[0].is_leader
        elif kind == NomineeKind.HOUSEHOLD and name:
            if not unit_text:
                add(row, "unit", _("Hộ gia đình: ghi địa chỉ ở cột này."))
            nomination.household_head = name[:255]
            nomination.household_address = unit_text[:500]
        nominations.append(nomination)
    return nominations, errors


def import_nominees(dossier, fileobj, *, by):
    """All or nothing: (created count, errors). Nothing is written when there is an error."""
    ensure_dossier_editable(dossier, by=by)
    try:
        rows = read_rows(fileobj)
    except ImportFileError as error:
        return 0, [RowError(None, _("(tệp)"), str(error))]
    nominations, errors = validate_nominees(dossier, rows)
    if errors:
        return 0, errors
    with transaction.atomic():
        Nomination.objects.bulk_create(nominations)
        log_event(
            dossier,
            workflow=DOSSIER.name,
            action="edit",
            by=by,
            data={
                "summary": _("Nhập %(n)s đề nghị từ tệp %(file)s")
                % {"n": len(nominations), "file": getattr(fileobj, "name", "")}
            },
        )
    return len(nominations), []
