"""The consolidated report (Báo cáo kết quả thực hiện phong trào thi đua) for the level
above: a PDF on the shared document base (Decree 30/2020 layout), the same text as an
editable .docx (decisions.paper), and an Excel workbook."""

from django.utils.translation import gettext as _

from core.documents import lines, number_line, render_pdf
from core.excel import ExcelWorkbook
from core.http import document_name
from decisions.paper import Closing, PageBreak, Paper, Para, Table, render_paper_docx

from .compilation import (
    annex,
    award_results,
    figures_basis_text,
    participation_text,
    snapshot_time,
    target_rows,
)
from .services import report_snapshot

# The award results print after the text of this compiled section (II. KẾT QUẢ ĐẠT ĐƯỢC).
AWARDS_SECTION = "results"


def consolidated_context(report):
    """Everything the consolidated report prints, from its one compiled snapshot: the
    header, the sections (the participation paragraph and the targets table after the one
    that asks for them, then the office's text; the award results after the results), the
    recipients and signature, the annex."""
    snapshot = report_snapshot(report)
    sections = [
        {
            "heading": section.heading,
            "paragraphs": lines(section.body),
            "shows_attainment": section.shows_attainment,
            "shows_awards": section.key == AWARDS_SECTION,
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
        "awards": award_results(snapshot),
        "annex_reference": number_line(report.number, report.symbol).replace("Số:", "số", 1),
        **report.closing_context(),
    }


def consolidated_paper(context):
    """The same report as a decisions.paper.Paper, for the editable .docx: the same header,
    sections, tables (targets, award results), closing and annex, from the same context."""
    report = context["report"]
    blocks = []
    for section in context["sections"]:
        if section["heading"]:
            blocks.append(Para(section["heading"], bold=True, space_before=6))
        if section["shows_attainment"]:
            blocks += [Para(context["participation"]), Para(context["figures_basis"])]
            blocks.append(
                Table(
                    columns=[
                        (_("STT"), 6, "center"),
                        (_("Chỉ tiêu, tiêu chí"), 30, "left"),
                        (_("Cấp"), 10, "left"),
                        (_("Ngưỡng"), 12, "center"),
                        (_("Kết quả tổng hợp"), 26, "left"),
                        (_("Số đơn vị đạt"), 16, "left"),
                    ],
                    rows=[
                        [
                            str(row["number"]) if row["first"] else "",
                            row["label"] if row["first"] else "",
                            row["level"],
                            row["threshold"],
                            row["figure"],
                            row["met"],
                        ]
                        for row in context["targets"]
                    ],
                )
            )
        blocks += [Para(text) for text in section["paragraphs"]]
        if section["shows_awards"] and context["awards"]:
            blocks += award_blocks(context["awards"])
    blocks.append(
        Closing(
            recipient_lines=context["recipient_lines"],
            signature_lines=context["signature_lines"],
            signer_name=context["signer_name"],
        )
    )
    annex_data = context["annex"]
    blocks += [
        PageBreak(),
        Para(_("PHỤ LỤC"), bold=True, align="center", indent=False),
        Para(_("SỐ LIỆU CỦA TỪNG ĐƠN VỊ"), bold=True, align="center", indent=False),
        Para(
            _("(Kèm theo Báo cáo %(reference)s của %(body)s; số liệu tổng hợp lúc %(at)s)")
            % {
                "reference": context["annex_reference"],
                "body": report.obligation.campaign.issuing_body.name,
                "at": context["compiled_at_text"],
            },
            italic=True,
            align="center",
            indent=False,
            size=13,
        ),
    ]
    width = max(6, 54 // max(1, len(annex_data["columns"])))
    blocks.append(
        Table(
            columns=[
                (_("STT"), 6, "center"),
                (_("Đơn vị"), 26, "left"),
                (_("Tình trạng"), 12, "left"),
                *[(label, width, "center") for label in annex_data["columns"]],
            ],
            rows=[
                [str(row["number"]), row["name"], row["status"], *row["cells"]]
                for row in annex_data["rows"]
            ],
        )
    )
    blocks.append(
        Para(
            _(
                "Ghi chú: * chưa đạt ngưỡng theo cấp của đơn vị; — chưa có số liệu (đơn vị chưa "
                "gửi hoặc báo cáo bị trả lại)."
            ),
            italic=True,
            indent=False,
            size=12,
        )
    )
    return Paper(
        header=report.header_context(),
        doc_type=_("BÁO CÁO"),
        title=report.title,
        blocks=blocks,
        filename=document_name("bao-cao", report),
    )


def award_blocks(awards):
    """The award results as Paper blocks: heading, sentence, the two tables."""
    kinds = [(kind, 9, "center") for kind in awards["kinds"]]
    rest = 100 - 9 * len(kinds)
    return [
        Para(_("Kết quả khen thưởng"), bold=True, space_before=6),
        Para(awards["text"]),
        Table(
            columns=[
                (_("STT"), 6, "center"),
                (_("Quyết định"), 20, "left"),
                (_("Người ban hành"), rest - 6 - 20 - 16 - 20, "left"),
                (_("Hình thức khen thưởng"), 20, "left"),
                *kinds,
                (_("Tiền thưởng (đồng)"), 16, "right"),
            ],
            rows=[
                [str(row["number"]), row["decision"], row["issuer"], row["what"], *row["counts"]]
                + [row["amount"]]
                for row in awards["decisions"]
            ],
        ),
        Table(
            columns=[
                (_("STT"), 6, "center"),
                (_("Hình thức khen thưởng"), rest - 6 - 18, "left"),
                *kinds,
                (_("Tiền thưởng (đồng)"), 18, "right"),
            ],
            rows=[
                [row["number"], row["form"], *row["counts"], row["amount"]]
                for row in awards["forms"]
            ],
            bold_rows={len(awards["forms"]) - 1},
        ),
    ]


def consolidated_docx(report):
    """The consolidated report as an editable Word file, from the same snapshot as the PDF."""
    return render_paper_docx(consolidated_paper(consolidated_context(report)))


def render_consolidated_report_pdf(report):
    """The consolidated report as an official document (Decree 30/2020), as PDF bytes."""
    return render_pdf("documents/reports/consolidated_report.html", consolidated_context(report))


def consolidated_xlsx(report):
    """The same report as a workbook, from the same snapshot: the participation and the
    targets table, then the per-unit annex (the office's working copy for the level above),
    then the award results when decisions were issued."""
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
    awards = context["awards"]
    if awards:
        sheet = book.sheet(_("Kết quả khen thưởng"))
        sheet.title(_("KẾT QUẢ KHEN THƯỞNG"))
        sheet.append([awards["text"]])
        sheet.blank()
        sheet.header(
            [
                _("STT"),
                _("Quyết định"),
                _("Người ban hành"),
                _("Hình thức khen thưởng"),
                *awards["kinds"],
                _("Tiền thưởng (đồng)"),
            ],
            freeze=False,
        )
        for row in awards["decisions"]:
            sheet.append(
                [row["number"], row["decision"], row["issuer"], row["what"], *row["counts"]]
                + [row["amount"]]
            )
        sheet.blank()
        sheet.header(
            [_("STT"), _("Hình thức khen thưởng"), *awards["kinds"], _("Tiền thưởng (đồng)")],
            freeze=False,
        )
        for row in awards["forms"]:
            sheet.append(
                [row["number"], row["form"], *row["counts"], row["amount"]],
                bold=row.get("is_total", False),
            )
        sheet.widths([6, 30, 30, 40] + [12] * len(awards["kinds"]) + [18])
    return book.to_bytes()
