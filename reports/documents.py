"""The consolidated report (Báo cáo kết quả thực hiện phong trào thi đua) for the level
above: a PDF on the shared document base (Decree 30/2020 layout) and an Excel workbook."""

from django.utils.translation import gettext as _

from core.documents import lines, number_line, render_pdf
from core.excel import ExcelWorkbook

from .compilation import (
    annex,
    figures_basis_text,
    participation_text,
    snapshot_time,
    target_rows,
)
from .services import report_snapshot


def consolidated_context(report):
    """Everything the consolidated report prints, from its one compiled snapshot: the
    header, the sections (the participation paragraph and the targets table after the one
    that asks for them, then the office's text), the recipients and signature, the annex."""
    snapshot = report_snapshot(report)
    sections = [
        {
            "heading": section.heading,
            "paragraphs": lines(section.body),
            "shows_attainment": section.shows_attainment,
        }
        for section in report.sections.all()
    ]
    at = snapshot_time(snapshot)
    return {
        "report": report,
        **report.header_context(),
        "sections": sections,
        "snapshot": snapshot,
        "compiled_at_text": at.strftime("%H:%M %d/%m/%Y") if at else "",
        "participation": participation_text(snapshot),
        "figures_basis": figures_basis_text(snapshot),
        "targets": target_rows(snapshot),
        "annex": annex(snapshot),
        "annex_reference": number_line(report.number, report.symbol).replace("Số:", "số", 1),
        **report.closing_context(),
    }


def render_consolidated_report_pdf(report):
    """The consolidated report as an official document (Decree 30/2020), as PDF bytes."""
    return render_pdf("documents/reports/consolidated_report.html", consolidated_context(report))


def consolidated_xlsx(report):
    """The same report as a workbook, from the same snapshot: the participation and the
    targets table, then the per-unit annex (the office's working copy for the level above)."""
    context = consolidated_context(report)
    book = ExcelWorkbook()
    sheet = book.sheet(_("Kết quả chỉ tiêu"))
    sheet.title((_("BÁO CÁO") + " " + report.title).upper())
    sheet.append([context["participation"]])
    sheet.append([context["figures_basis"]])
    sheet.blank()
    sheet.header(
        [
            _("STT"),
            _("Chỉ tiêu, tiêu chí"),
            _("Cấp"),
            _("Ngưỡng"),
            _("Kết quả tổng hợp"),
            _("Số đơn vị đạt"),
        ],
        freeze=False,
    )
    for row in context["targets"]:
        sheet.append(
            [
                row["number"] if row["first"] else "",
                row["label"] if row["first"] else "",
                row["level"],
                row["threshold"],
                row["figure"],
                row["met"],
            ]
        )
    sheet.widths([6, 50, 12, 16, 40, 24])
    annex_data = context["annex"]
    units = book.sheet(_("Phụ lục đơn vị"))
    units.title(
        _("SỐ LIỆU CỦA TỪNG ĐƠN VỊ (tổng hợp lúc %(at)s)") % {"at": context["compiled_at_text"]}
    )
    units.blank()
    units.header(
        [_("STT"), _("Đơn vị"), _("Cấp"), _("Tình trạng"), *annex_data["columns"]], freeze=True
    )
    for row in annex_data["rows"]:
        units.append([row["number"], row["name"], row["level"], row["status"], *row["cells"]])
    units.blank()
    units.append(["", _("* chưa đạt ngưỡng theo cấp của đơn vị; — chưa có số liệu.")])
    units.widths([6, 40, 10, 14] + [18] * len(annex_data["columns"]))
    return book.to_bytes()
