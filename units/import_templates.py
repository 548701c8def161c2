"""Downloadable templates for the units and people import: .xlsx (with a guide) and .csv."""

import csv
import io

from django.utils.translation import gettext as _

from core.excel import ExcelWorkbook

from .enums import Sex, UnitKind, UnitLevel
from .importers import COLUMNS, PEOPLE, UNITS

# One example row per kind; each imports cleanly once unit "NT-NH" exists.
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
# Codes keep their leading zeros ("00004") only in cells formatted as text.
TEXT_COLUMNS = {"code", "parent", "admin_code", "unit"}


def _allowed_values(kind):
    """(title, values) lists shown under the columns on the guide sheet."""
    if kind == UNITS:
        return [
            (
                _("Loại đơn vị (ghi một trong các giá trị)"),
                [str(label) for _v, label in UnitKind.choices],
            ),
            (_("Cấp (hoặc để trống)"), [str(label) for value, label in UnitLevel.choices if value]),
        ]
    return [(_("Giới tính"), [str(label) for _v, label in Sex.choices])]


def template_workbook(kind):
    """An .xlsx template: the header row in bold, one example row, a "Hướng dẫn" sheet."""
    columns = COLUMNS[kind]
    book = ExcelWorkbook()
    sheet = book.sheet(_("Đơn vị") if kind == UNITS else _("Cán bộ"))
    sheet.header([c.header for c in columns], wrap=False)
    sheet.text_columns(
        [index for index, column in enumerate(columns, start=1) if column.key in TEXT_COLUMNS]
    )
    sheet.append(EXAMPLES[kind])
    sheet.widths([max(12, len(column.header) + 6) for column in columns])

    guide = book.sheet(_("Hướng dẫn"))
    guide.header([_("Cột"), _("Bắt buộc"), _("Ghi chú")], wrap=False, freeze=False)
    for column in columns:
        guide.append([column.header, _("Có") if column.required else _("Không"), str(column.help)])
    for title, values in _allowed_values(kind):
        guide.blank()
        guide.append([title], bold=True)
        for value in values:
            guide.append([value])
    guide.widths([45, 10, 80])
    return book.to_bytes()


def template_csv(kind):
    """A UTF-8 CSV template with a BOM, so Excel opens the Vietnamese headers correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in COLUMNS[kind]])
    writer.writerow(EXAMPLES[kind])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
