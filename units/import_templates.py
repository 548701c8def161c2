"""Downloadable templates for the units and people import: .xlsx (with a guide) and .csv."""

import csv
import io

from django.utils.translation import gettext as _

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
    from openpyxl import Workbook  # heavy: only downloads pay for it
    from openpyxl.styles import Font

    bold = Font(bold=True)
    columns = COLUMNS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Đơn vị") if kind == UNITS else _("Cán bộ")
    sheet.append([c.header for c in columns])
    sheet.append(EXAMPLES[kind])
    for index, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=index).font = bold
        dimension = sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter]
        dimension.width = max(12, len(column.header) + 6)
        if column.key in TEXT_COLUMNS:
            dimension.number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet(_("Hướng dẫn"))
    guide.append([_("Cột"), _("Bắt buộc"), _("Ghi chú")])
    for column in columns:
        guide.append([column.header, _("Có") if column.required else _("Không"), str(column.help)])
    for title, values in _allowed_values(kind):
        guide.append([])
        guide.append([title])
        guide.cell(row=guide.max_row, column=1).font = bold
        for value in values:
            guide.append([value])
    for cell in guide[1]:
        cell.font = bold
    guide.column_dimensions["A"].width = 45
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 80

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(kind):
    """A UTF-8 CSV template with a BOM, so Excel opens the Vietnamese headers correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in COLUMNS[kind]])
    writer.writerow(EXAMPLES[kind])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
