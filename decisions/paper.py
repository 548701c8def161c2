"""One description of a printed document, two outputs: PDF (WeasyPrint, on the shared
document base, core.documents) and an editable .docx (python-docx) that offices correct
before signing. Both are written from the same `Paper`, so they hold the same text.

A `Paper` is the national header, the document type and title, then blocks: paragraphs
(with a weight, a slant and an alignment), tables, page breaks and the closing block
(recipients and signature). Each document of this app builds its Paper in documents.py.
"""

import io
from dataclasses import dataclass, field

from core.documents import render_pdf

PDF_TEMPLATE = "documents/awards/paper.html"


@dataclass
class Para:
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"  # justify | center | left
    indent: bool = True
    upper: bool = False
    lead: str = ""  # a bold run before the text ("Điều 1.")
    size: int = 14
    space_before: int = 0

    kind = "para"


@dataclass
class Table:
    columns: list  # [(label, width in %, "left"|"center"|"right")]
    rows: list  # [[cell text]]
    bold_rows: set = field(default_factory=set)  # indexes of section / total rows
    span_rows: set = field(default_factory=set)  # rows printed as one cell (section headings)

    kind = "table"

    def printed_rows(self):
        """[(spans, bold, [(text, align)])] for the HTML template."""
        aligns = [align for _label, _width, align in self.columns]
        return [
            (
                index in self.span_rows,
                index in self.bold_rows or index in self.span_rows,
                list(zip(row, aligns, strict=False)),
            )
            for index, row in enumerate(self.rows)
        ]


@dataclass
class PageBreak:
    kind = "page_break"


@dataclass
class Closing:
    recipient_lines: list
    signature_lines: list
    signer_name: str

    kind = "closing"


@dataclass
class Paper:
    header: dict  # core.documents.document_header()
    doc_type: str
    title: str
    blocks: list
    filename: str
    title_lines: list = field(default_factory=list)  # extra centred bold lines under the title
    landscape: bool = False

    def texts(self):
        """Every printed text, in order (tests compare the PDF and the .docx with it)."""
        out = [line.upper() for line in self.header["governing_lines"]]
        out += [line.upper() for line in self.header["issuing_lines"]]
        out += [self.header["number_line"], self.header["date_line"], self.doc_type, self.title]
        out += self.title_lines
        for block in self.blocks:
            if block.kind == "para":
                text = block.text.upper() if block.upper else block.text
                out.append(f"{block.lead} {text}".strip())
            elif block.kind == "table":
                out += [label for label, *_rest in block.columns]
                out += [cell for row in block.rows for cell in row if cell]
            elif block.kind == "closing":
                out += block.recipient_lines + block.signature_lines + [block.signer_name]
        return [text for text in out if text]


def render_paper_pdf(paper):
    return render_pdf(PDF_TEMPLATE, {"paper": paper, **paper.header})


# --- .docx ----------------------------------------------------------------------------
def _font(run, *, size=14, bold=False, italic=False):
    from docx.shared import Pt  # noqa: PLC0415 - only .docx downloads pay for it

    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    return run


def _paragraph(
    container,
    text,
    *,
    align="center",
    size=14,
    bold=False,
    italic=False,
    indent=False,
    lead="",
    space_before=0,
    space_after=0,
):
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
    from docx.shared import Cm, Pt  # noqa: PLC0415

    para = container.add_paragraph()
    para.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }.get(align, WD_ALIGN_PARAGRAPH.JUSTIFY)
    fmt = para.paragraph_format
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if lead:
        _font(para.add_run(lead + " "), size=size, bold=True)
    if text:
        _font(para.add_run(text), size=size, bold=bold, italic=italic)
    return para


def _cell_paragraph(cell, text, **kwargs):
    """Write into a table cell: its first (empty) paragraph, then new ones."""
    para = _paragraph(cell, text, **kwargs)
    first = cell.paragraphs[0]
    if first is not para and not first.text:
        first._element.getparent().remove(first._element)
    return para


def _no_borders(table):
    from docx.oxml import OxmlElement  # noqa: PLC0415
    from docx.oxml.ns import qn  # noqa: PLC0415

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def render_paper_docx(paper):
    """The same document as an editable Word file (Times New Roman, A4, Decree 30 margins)."""
    from docx import Document  # noqa: PLC0415 - only .docx downloads pay for it
    from docx.enum.section import WD_ORIENT  # noqa: PLC0415
    from docx.shared import Mm, Pt  # noqa: PLC0415

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if paper.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)

    header = paper.header
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(62), Mm(103)
    for line in header["governing_lines"]:
        _cell_paragraph(left, line.upper(), size=13)
    for line in header["issuing_lines"]:
        _cell_paragraph(left, line.upper(), size=13, bold=True)
    _cell_paragraph(left, header["number_line"], size=13, space_before=8)
    _cell_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True)
    _cell_paragraph(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True)
    _cell_paragraph(right, header["date_line"], italic=True, space_before=8)

    _paragraph(document, paper.doc_type.upper(), bold=True, space_before=18)
    _paragraph(document, paper.title, bold=True)
    for line in paper.title_lines:
        _paragraph(document, line, bold=True)
    _paragraph(document, "", space_after=6)
    for block in paper.blocks:
        if block.kind == "para":
            _paragraph(
                document,
                block.text.upper() if block.upper else block.text,
                align=block.align,
                size=block.size,
                bold=block.bold,
                italic=block.italic,
                indent=block.indent and block.align == "justify",
                lead=block.lead,
                space_before=block.space_before,
                space_after=6,
            )
        elif block.kind == "table":
            _docx_table(document, block)
        elif block.kind == "page_break":
            document.add_page_break()
        elif block.kind == "closing":
            _docx_closing(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document, block):
    from docx.shared import Mm  # noqa: PLC0415

    table = document.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    usable = 165
    for cell, (label, width, _align) in zip(table.rows[0].cells, block.columns, strict=True):
        cell.width = Mm(usable * width / 100)
        _cell_paragraph(cell, label, size=12, bold=True)
    for index, row in enumerate(block.rows):
        cells = table.add_row().cells
        if index in block.span_rows:
            merged = cells[0].merge(cells[-1])
            _cell_paragraph(merged, row[0], size=12, bold=True, align="left")
            continue
        for cell, text, (_label, width, align) in zip(cells, row, block.columns, strict=True):
            cell.width = Mm(usable * width / 100)
            _cell_paragraph(cell, text, size=12, bold=index in block.bold_rows, align=align)


def _docx_closing(document, block):
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    if block.recipient_lines:
        _cell_paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left")
        for line in block.recipient_lines:
            _cell_paragraph(left, f"- {line}", size=11, align="left")
    for line in block.signature_lines:
        _cell_paragraph(right, line.upper(), bold=True)
    for _blank in range(4):
        _cell_paragraph(right, "")
    if block.signer_name:
        _cell_paragraph(right, block.signer_name, bold=True)


def docx_text(data):
    """Every paragraph and table cell of a .docx, in order (for tests and checks)."""
    from docx import Document  # noqa: PLC0415

    document = Document(io.BytesIO(data))
    out = []
    for para in document.paragraphs:
        out.append(para.text)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(p.text for p in cell.paragraphs)
    return "\n".join(text for text in out if text)
