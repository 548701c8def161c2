"""Excel exports of the office's dashboard: the status of every unit, and its values
against the thresholds, written with the shared writer (core.excel: formula-looking text
stays text; one named cell style per status and per result, shared by every cell)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.excel import ExcelWorkbook
from core.text import deadline_text
from units.models import User

from .enums import Attainment, UnitStatus

# The dashboard's colours, as Excel fills. Two tables: a result and a status share the
# value "missing" (no figure: grey; not submitted: red).
RESULT_FILLS = {
    Attainment.MET: "D1E7DD",
    Attainment.NOT_MET: "F8D7DA",
    Attainment.MISSING: "E2E3E5",
}
STATUS_FILLS = {
    UnitStatus.SUBMITTED: "D1E7DD",
    UnitStatus.LATE: "FFF3CD",
    UnitStatus.RETURNED: "FFF3CD",
    UnitStatus.MISSING: "F8D7DA",
}


def _named_styles(book, choices, fills):
    """{value: style name}: one named style per status or result, named by its label."""
    return {value: book.named_style(label, fill=fills[value]) for value, label in choices}


def _local(value, fmt="%H:%M %d/%m/%Y"):
    return timezone.localtime(value).strftime(fmt) if value else ""


def _sheet(book, title, heading, columns):
    """The heading, a blank row, the column titles (bold, frozen under them)."""
    sheet = book.sheet(title)
    sheet.title(heading)
    sheet.blank()
    sheet.header(columns)
    return sheet


def _heading(board, what):
    deadline = deadline_text(board.deadline) if board.deadline else "—"
    return _("%(what)s: %(title)s — năm %(year)s (hạn: %(deadline)s)") % {
        "what": what,
        "title": board.obligation.title,
        "year": board.year,
        "deadline": deadline,
    }


def status_workbook(board):
    """One row per unit that must report: status, when, who, late flag; counts below."""
    book = ExcelWorkbook()
    sheet = _sheet(
        book,
        _("Tình hình nộp"),
        _heading(board, _("Tình hình nộp báo cáo")),
        [_("STT"), _("Mã đơn vị"), _("Đơn vị"), _("Trạng thái"), _("Nộp lúc"), _("Người nộp")],
    )
    styles = _named_styles(book, UnitStatus.choices, STATUS_FILLS)
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
            ],
            styles={4: styles.get(row.status)},
        )
    sheet.blank()
    sheet.append(["", "", _("Phải báo cáo"), board.counts["required"]])
    for status in UnitStatus:
        sheet.append(["", "", str(status.label), board.counts[status.value]])
    sheet.widths([6, 14, 45, 16, 18, 28])
    return book.to_bytes()


def values_workbook(board):
    """One row per unit, per indicator three columns: value, threshold of the unit's level,
    met / not met / missing (coloured)."""
    columns = [_("STT"), _("Mã đơn vị"), _("Đơn vị"), _("Cấp"), _("Trạng thái")]
    for indicator in board.indicators:
        columns += [indicator.label, _("Ngưỡng"), _("Kết quả")]
    book = ExcelWorkbook()
    sheet = _sheet(book, _("Số liệu"), _heading(board, _("Số liệu báo cáo")), columns)
    results = {value: str(label) for value, label in Attainment.choices}  # translated once
    styles = _named_styles(book, Attainment.choices, RESULT_FILLS)
    for index, row in enumerate(board.rows, start=1):
        line = [index, row.unit.code, row.unit.name, row.level_label, row.status_label]
        looks = {}
        for offset, cell in enumerate(row.cells):
            value = cell.value
            line += [
                float(value) if value is not None else None,
                cell.threshold,
                results[cell.attainment],
            ]
            looks[6 + offset * 3 + 2] = styles.get(cell.attainment)
        sheet.append(line, styles=looks)
    sheet.blank()
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
    sheet.widths([6, 14, 40, 12, 14] + [16, 10, 14] * len(board.indicators))
    return book.to_bytes()
