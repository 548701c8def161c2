"""Excel exports of the office's dashboard: the status of every unit, and its values
against the thresholds. openpyxl is imported inside the functions (style.md §6)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from units.models import User

from .enums import Attainment, UnitStatus

FILLS = {  # the dashboard's colours, as Excel fills
    Attainment.MET: "D1E7DD",
    Attainment.NOT_MET: "F8D7DA",
    Attainment.MISSING: "E2E3E5",
    UnitStatus.SUBMITTED: "D1E7DD",
    UnitStatus.LATE: "FFF3CD",
    UnitStatus.RETURNED: "FFF3CD",
    UnitStatus.MISSING: "F8D7DA",
}


FIRST_ROW = 4  # under the heading, a blank row and the column titles


def _local(value, fmt="%H:%M %d/%m/%Y"):
    return timezone.localtime(value).strftime(fmt) if value else ""


def _sheet(workbook, title, heading, columns):
    from openpyxl.styles import Alignment, Font

    sheet = workbook.active
    sheet.title = title
    sheet.append([heading])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(columns)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A4"
    return sheet


def _fill(cell, key):
    from openpyxl.styles import PatternFill

    color = FILLS.get(key)
    if color:
        cell.fill = PatternFill("solid", start_color=color, end_color=color)


def _widths(sheet, widths):
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _save(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _heading(board, what):
    deadline = _local(board.deadline) if board.deadline else "—"
    return _("%(what)s: %(title)s — năm %(year)s (hạn: trước %(deadline)s)") % {
        "what": what,
        "title": board.obligation.title,
        "year": board.year,
        "deadline": deadline,
    }


def status_workbook(board):
    """One row per unit that must report: status, when, who, late flag; counts below."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = _sheet(
        workbook,
        _("Tình hình nộp"),
        _heading(board, _("Tình hình nộp báo cáo")),
        [_("STT"), _("Mã đơn vị"), _("Đơn vị"), _("Trạng thái"), _("Nộp lúc"), _("Người nộp")],
    )
    submitters = User.objects.in_bulk(
        {r.submission.submitted_by_id for r in board.rows if r.submission} - {None}
    )
    for index, row in enumerate(board.rows, start=1):
        submission = row.submission
        submitter = submitters.get(submission.submitted_by_id) if submission else None
        sheet.append(
            [
                index,
                row.unit.code,
                row.unit.name,
                str(row.status_label),
                _local(submission.submitted_at) if submission else "",
                str(submitter or ""),
            ]
        )
        _fill(sheet.cell(row=FIRST_ROW + index - 1, column=4), row.status)
    sheet.append([])
    sheet.append(["", "", _("Phải báo cáo"), board.counts["required"]])
    for status in UnitStatus:
        sheet.append(["", "", str(status.label), board.counts[status.value]])
    _widths(sheet, [6, 14, 45, 16, 18, 28])
    return _save(workbook)


def values_workbook(board):
    """One row per unit, per indicator three columns: value, threshold of the unit's level,
    met / not met / missing (coloured)."""
    from openpyxl import Workbook

    columns = [_("STT"), _("Mã đơn vị"), _("Đơn vị"), _("Cấp"), _("Trạng thái")]
    for indicator in board.indicators:
        columns += [indicator.label, _("Ngưỡng"), _("Kết quả")]
    workbook = Workbook()
    sheet = _sheet(workbook, _("Số liệu"), _heading(board, _("Số liệu báo cáo")), columns)
    for index, row in enumerate(board.rows, start=1):
        line = [
            index,
            row.unit.code,
            row.unit.name,
            row.unit.get_level_display(),
            str(row.status_label),
        ]
        for cell in row.cells:
            value = cell.value
            line += [
                float(value) if value is not None else None,
                cell.threshold,
                str(Attainment(cell.attainment).label),
            ]
        sheet.append(line)
        for offset, cell in enumerate(row.cells):
            _fill(sheet.cell(row=FIRST_ROW + index - 1, column=6 + offset * 3 + 2), cell.attainment)
    sheet.append([])
    for item in board.attainment_counts:
        sheet.append(
            [
                "",
                "",
                item["indicator"].label,
                "",
                "",
                _("Đạt: %(n)s") % {"n": item["met"]},
                _("Không đạt: %(n)s") % {"n": item["not_met"]},
                _("Chưa có số liệu: %(n)s") % {"n": item["missing"]},
            ]
        )
    _widths(sheet, [6, 14, 40, 12, 14] + [16, 10, 14] * len(board.indicators))
    return _save(workbook)
