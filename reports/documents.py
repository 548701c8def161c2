"""The consolidated report (Báo cáo kết quả thực hiện phong trào thi đua) for the level
above: a PDF on the shared document base (Decree 30/2020 layout) and an Excel workbook."""

from django.utils.translation import gettext as _

from core.documents import lines, render_pdf
from core.excel import ExcelWorkbook

from .selectors import consolidated_summary


def level_label(level):
    labels = {"province": _("cấp tỉnh"), "district": _("cấp huyện"), "commune": _("cấp xã")}
    return labels.get(level, _("cấp khác"))


def attainment_rows(summary):
    """The per-indicator table as printed: thresholds per level in words, counts, rate."""
    rows = []
    for index, item in enumerate(summary["table"], start=1):
        thresholds = item["thresholds"]
        if len(thresholds) == 1:
            threshold = thresholds[0][1]
        else:
            threshold = "; ".join(f"{text} ({level_label(level)})" for level, text in thresholds)
        rows.append(
            {
                "number": index,
                "label": item["indicator"].label,
                "threshold": threshold or "—",
                "met": item["met"],
                "not_met": item["not_met"],
                "missing": item["missing"],
                "rate": f"{item['rate']}%" if item["rate"] is not None else "—",
            }
        )
    return rows


def consolidated_context(report):
    """Everything the consolidated report prints: the header, the edited sections (each
    with its paragraphs), the attainment table after the section that asks for it, the
    recipients and the signature."""
    summary = consolidated_summary(report.obligation, report.year)
    sections = [
        {
            "heading": section.heading,
            "paragraphs": lines(section.body),
            "shows_attainment": section.shows_attainment,
        }
        for section in report.sections.all()
    ]
    return {
        "report": report,
        **report.header_context(),
        "sections": sections,
        "counts": summary["counts"],
        "attainment": attainment_rows(summary),
        **report.closing_context(),
    }


def render_consolidated_report_pdf(report):
    """The consolidated report as an official document (Decree 30/2020), as PDF bytes."""
    return render_pdf("documents/reports/consolidated_report.html", consolidated_context(report))


def consolidated_xlsx(report):
    """The same report as a workbook: the attainment table, then every unit's status and
    values (the office's working copy for the level above)."""
    context = consolidated_context(report)
    summary = consolidated_summary(report.obligation, report.year)
    board = summary["dashboard"]
    book = ExcelWorkbook()
    sheet = book.sheet(_("Kết quả chỉ tiêu"))
    sheet.title((_("BÁO CÁO") + " " + report.title).upper())
    counts = context["counts"]
    sheet.append(
        [
            _(
                "Phải báo cáo: %(required)s; đúng hạn: %(submitted)s; nộp muộn: %(late)s; "
                "bị trả lại: %(returned)s; chưa nộp: %(missing)s."
            )
            % counts
        ]
    )
    sheet.blank()
    sheet.header(
        [
            _("STT"),
            _("Chỉ tiêu, tiêu chí"),
            _("Ngưỡng"),
            _("Đạt"),
            _("Không đạt"),
            _("Chưa có số liệu"),
            _("Tỷ lệ đạt"),
        ],
        freeze=False,
    )
    for row in context["attainment"]:
        sheet.append(
            [
                row["number"],
                row["label"],
                row["threshold"],
                row["met"],
                row["not_met"],
                row["missing"],
                row["rate"],
            ]
        )
    sheet.widths([6, 55, 30, 8, 11, 16, 10])
    units = book.sheet(_("Đơn vị"))
    units.header(
        [_("STT"), _("Đơn vị"), _("Trạng thái"), *[i.label for i in board.indicators]],
        freeze=False,
    )
    for index, row in enumerate(board.rows, start=1):
        units.append(
            [
                index,
                row.unit.name,
                str(row.status_label),
                *[
                    f"{cell.value_text} ({cell.threshold})" if cell.value_text else ""
                    for cell in row.cells
                ],
            ]
        )
    units.widths([None, 40, 14])
    return book.to_bytes()
