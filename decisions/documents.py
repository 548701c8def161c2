"""The award decision with its attached list (Nghị định 30/2020/NĐ-CP; domain.md §5), as a
`Paper` (decisions.paper) printed to PDF and to .docx from the same text."""

from core.documents import lines

from . import cash, selectors
from .enums import DecisionKind
from .paper import Closing, PageBreak, Paper, Para, Table

KIND_WORDS = {"collective": "tập thể", "household": "hộ gia đình", "individual": "cá nhân"}


def _count_phrase(counts):
    parts = [f"{counts[kind]:02d} {word}" for kind, word in KIND_WORDS.items() if counts.get(kind)]
    return " và ".join(parts) if len(parts) <= 2 else ", ".join(parts[:-1]) + " và " + parts[-1]


def _authority_title(decision):
    return decision.authority_title


def decision_paper(decision):
    rows = selectors.decision_lines(decision)
    amounts, base = selectors.cash_preview(decision, rows)
    counts, total = selectors.totals(rows, amounts)
    form_name = decision.form.name
    blocks = [Para(decision.authority_line, bold=True, align="center", upper=True, space_before=6)]
    blocks += [Para(text, italic=True) for text in lines(decision.legal_basis)]
    blocks.append(Para("QUYẾT ĐỊNH:", bold=True, align="center", space_before=6))
    blocks += _articles(decision, counts, amounts, rows, total, form_name)
    blocks.append(Closing(**_closing(decision)))
    blocks.append(PageBreak())
    blocks += _annex(decision, rows, amounts, total, form_name)
    number = decision.number or "du-thao"
    return Paper(
        header=decision.header_context(),
        doc_type="QUYẾT ĐỊNH",
        title=decision.title,
        blocks=blocks,
        filename=f"quyet-dinh-{number}-{decision.issue_year or ''}".rstrip("-"),
    )


def _closing(decision):
    context = decision.closing_context()
    if not decision.signature_lines:  # a draft: the approver's title, not yet signed
        context["signature_lines"] = ["CHỦ TỊCH"]
    return context


def _reference(decision):
    target = decision.target
    return (
        f"Quyết định số {target.number_text} ngày {target.date_text} của {_authority_title(target)}"
    )


def _articles(decision, counts, amounts, rows, total, form_name):
    executors = (
        f"{decision.executors} và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm "
        "thi hành Quyết định này./."
    )
    if decision.kind == DecisionKind.REVOKE:
        return [
            Para(
                f"Hủy bỏ việc tặng {form_name} đối với {_count_phrase(counts)} tại "
                f"{_reference(decision)} (có danh sách kèm theo). Lý do: {decision.reason}",
                lead="Điều 1.",
            ),
            Para(
                f"Các tập thể, cá nhân có tên tại Điều 1 nộp lại {form_name} và tiền thưởng đã "
                "nhận theo quy định của Luật Thi đua, khen thưởng.",
                lead="Điều 2.",
            ),
            Para(f"Quyết định này có hiệu lực kể từ ngày ký. {executors}", lead="Điều 3."),
        ]
    if decision.kind == DecisionKind.AMEND:
        first = Para(
            f"Sửa đổi {_reference(decision)}: danh sách được tặng {form_name} được thay bằng "
            f"danh sách kèm theo Quyết định này, gồm {_count_phrase(counts)}. Lý do: "
            f"{decision.reason}",
            lead="Điều 1.",
        )
    else:
        first = Para(
            f"Tặng {form_name} cho {_count_phrase(counts)} (có danh sách kèm theo) đã có thành "
            f"tích {decision.reason}.",
            lead="Điều 1.",
        )
    return [
        first,
        Para(_cash_article(decision, counts, amounts, rows, total, form_name), lead="Điều 2."),
        Para(f"Quyết định này có hiệu lực kể từ ngày ký. {executors}", lead="Điều 3."),
    ]


def _cash_article(decision, counts, amounts, rows, total, form_name):
    if not total:
        return "Tiền thưởng thực hiện theo quy định hiện hành."
    per_kind = {}
    for line in rows:
        if amounts.get(line.pk):
            per_kind.setdefault(line.nominee_kind, amounts[line.pk])
    parts = [
        f"mỗi {KIND_WORDS[kind]} {cash.money(amount)} đồng" for kind, amount in per_kind.items()
    ]
    text = (
        f"Kèm theo {form_name} là tiền thưởng: {'; '.join(parts)}. Tổng cộng: "
        f"{cash.money(total)} đồng (Bằng chữ: {cash.in_words(total)})"
    )
    if decision.funding_source:
        text += f", chi từ {decision.funding_source}"
    return text + "."


def _annex(decision, rows, amounts, total, form_name):
    has_cash = bool(total)
    who = "các tập thể, cá nhân"
    heading = "DANH SÁCH"
    if decision.kind == DecisionKind.REVOKE:
        subtitle = f"{who.capitalize()} bị hủy bỏ việc tặng {form_name}"
    else:
        subtitle = f"{who.capitalize()} được tặng {form_name}"
    number = decision.number_text or "        /" + decision.symbol
    date = decision.date_text or "     /     /      "
    note = f"(Kèm theo Quyết định số {number} ngày {date} của {_authority_title(decision)})"
    blocks = [
        Para(heading, bold=True, align="center"),
        Para(subtitle, bold=True, align="center"),
        Para(note, italic=True, align="center"),
    ]
    sections = selectors.list_sections(decision, rows)
    columns = [
        ("STT", 8, "center"),
        ("Tên tập thể, họ và tên", 34, "left"),
        ("Chức vụ, đơn vị", 38, "left"),
    ]
    if has_cash:
        columns.append(("Số tiền (đồng)", 20, "right"))
    else:
        columns[2] = ("Chức vụ, đơn vị", 58, "left")
    table_rows, span_rows, bold_rows = [], set(), set()
    for heading_text, _kind, members in sections:
        span_rows.add(len(table_rows))
        table_rows.append([heading_text] + [""] * (len(columns) - 1))
        for index, line in enumerate(members, start=1):
            row = [str(index), line.name, line.post_and_unit]
            if has_cash:
                row.append(cash.money(amounts.get(line.pk)))
            table_rows.append(row)
    if has_cash:
        bold_rows.add(len(table_rows))
        table_rows.append(["", "Tổng cộng", "", cash.money(total)])
    blocks.append(Table(columns=columns, rows=table_rows, bold_rows=bold_rows, span_rows=span_rows))
    if has_cash:
        blocks.append(Para(f"(Bằng chữ: {cash.in_words(total)})", italic=True, align="center"))
    return blocks
