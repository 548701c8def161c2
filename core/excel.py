"""The one Excel writer every export uses.

- Safe text: a string that begins with "=", "+", "-" or "@" is written as text (data type
  "s", with Excel's quote prefix), never as a formula. Unit names, indicator labels and
  thresholds come from users and imported files: "=HYPERLINK(...)" or "= 100%" must open
  as the text that was typed, not as a live (or broken) formula. Characters that XML
  cannot carry (control characters) are dropped instead of failing the whole export.
- Styles once per workbook: each Font, Fill and Alignment is built on first use and then
  shared by every cell that needs it. A look that many rows repeat (a status, a result)
  is a named cell style (openpyxl NamedStyle, `book.named_style`), registered once and
  given to each cell by name: no Fill is built, hashed or looked up per cell, and Excel
  lists it under its name (Cell Styles) so the reader can find every "Đạt" cell.
- The layout every export repeated: a title line, a bold header row, column widths, frozen
  panes, text-formatted columns (codes keep their leading zeros).

openpyxl is imported inside the methods (ruff bans module-level imports): only the
requests that export pay for it.

    book = ExcelWorkbook()
    sheet = book.sheet(_("Tình hình nộp"))
    sheet.title(heading)
    sheet.blank()
    sheet.header([_("STT"), _("Đơn vị")], freeze=True)
    met = book.named_style(_("Đạt"), fill="D1E7DD")
    sheet.append([1, unit.name, _("Đạt")], styles={3: met})
    sheet.widths([6, 45])
    return book.to_bytes()
"""

import functools
import io

from django.utils.functional import Promise


@functools.cache
def _illegal_characters():
    """openpyxl's pattern of the characters XML cannot carry (imported on first use)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE


FORMULA_PREFIXES = ("=", "+", "-", "@")


def is_formula_like(value):
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


class ExcelWorkbook:
    """A workbook with a per-workbook style cache. `sheet(title)` reuses the empty sheet
    openpyxl creates, then adds new ones."""

    def __init__(self):
        from openpyxl import Workbook  # heavy: only exports pay for it

        self.book = Workbook()
        self._unused_first_sheet = self.book.active
        self._styles = {}

    def sheet(self, title):
        if self._unused_first_sheet is not None:
            worksheet, self._unused_first_sheet = self._unused_first_sheet, None
            worksheet.title = title
        else:
            worksheet = self.book.create_sheet(title)
        return ExcelSheet(self, worksheet)

    # Styles: one object per distinct look, per workbook.
    def _style(self, key, build):
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = build()
        return style

    def font(self, *, bold=False, size=None):
        from openpyxl.styles import Font

        return self._style(("font", bold, size), lambda: Font(bold=bold, size=size))

    def fill(self, colour):
        from openpyxl.styles import PatternFill

        return self._style(
            ("fill", colour),
            lambda: PatternFill("solid", start_color=colour, end_color=colour),
        )

    def wrap(self):
        from openpyxl.styles import Alignment

        return self._style(("wrap",), lambda: Alignment(wrap_text=True, vertical="top"))

    def named_style(self, name, *, fill=None, bold=False):
        """Register the named cell style `name` (once per workbook) and return its name,
        for `append(..., styles={column: name})` or `sheet.style(row, column, name)`.
        `fill` is a background colour ("D1E7DD")."""
        name = str(name)
        if ("named", name) not in self._styles:
            from openpyxl.styles import NamedStyle

            style = NamedStyle(name=name)
            if fill:
                style.fill = self.fill(fill)
            if bold:
                style.font = self.font(bold=True)
            self.book.add_named_style(style)
            self._styles["named", name] = style
        return name

    def to_bytes(self):
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()


class ExcelSheet:
    """One worksheet; every value goes through `write`, so no export can write a formula."""

    def __init__(self, workbook, worksheet):
        self.workbook = workbook
        self.worksheet = worksheet
        self.row = 0  # the last row written
        self._text_columns = set()

    def write(self, row, column, value, style=None):
        cell = self.worksheet.cell(row=row, column=column)
        if style is not None:  # first: a named style replaces the cell's whole look
            cell.style = style
        if isinstance(value, Promise):
            value = str(value)
        if isinstance(value, str):
            value = _illegal_characters().sub("", value)
        cell.value = value
        if is_formula_like(value):
            cell.data_type = "s"  # openpyxl took it for a formula; it is text
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
        if column in self._text_columns:
            cell.number_format = "@"
        return cell

    def append(self, values, *, bold=False, wrap=False, styles=None):
        """Write `values` on the next row, `styles` giving some columns (1-based) a named
        style (ExcelWorkbook.named_style); returns its row number."""
        self.row += 1
        styles = styles or {}
        for column, value in enumerate(values, start=1):
            cell = self.write(self.row, column, value, styles.get(column))
            if bold:
                cell.font = self.workbook.font(bold=True)
            if wrap:
                cell.alignment = self.workbook.wrap()
        return self.row

    def style(self, row, column, name):
        """Give a written cell the named style `name`, keeping it text if it was."""
        cell = self.worksheet.cell(row=row, column=column)
        quoted, number_format = cell.quotePrefix, cell.number_format
        cell.style = name
        if quoted:
            cell.quotePrefix = True
        if number_format != "General":
            cell.number_format = number_format

    def blank(self, count=1):
        self.row += count

    def title(self, text, *, size=13):
        """A title line: one bold, larger cell."""
        row = self.append([text])
        self.worksheet.cell(row=row, column=1).font = self.workbook.font(bold=True, size=size)
        return row

    def header(self, columns, *, wrap=True, freeze=True):
        """The column titles in bold (wrapped, top-aligned); panes frozen under them so
        the titles stay visible while scrolling."""
        row = self.append(columns, bold=True, wrap=wrap)
        if freeze:
            self.worksheet.freeze_panes = self.worksheet.cell(row=row + 1, column=1).coordinate
        return row

    def bold(self, row, column):
        self.worksheet.cell(row=row, column=column).font = self.workbook.font(bold=True)

    def fill(self, row, column, colour):
        if colour:
            self.worksheet.cell(row=row, column=column).fill = self.workbook.fill(colour)

    def widths(self, widths):
        """Column widths in characters, from column A on (None leaves one as it is)."""
        from openpyxl.utils import get_column_letter

        for index, width in enumerate(widths, start=1):
            if width is not None:
                self.worksheet.column_dimensions[get_column_letter(index)].width = width

    def text_columns(self, columns):
        """Format these columns (1-based) as text, for rows written from now on and for
        rows typed later: codes such as "00004" keep their leading zeros."""
        from openpyxl.utils import get_column_letter

        for column in columns:
            self._text_columns.add(column)
            self.worksheet.column_dimensions[get_column_letter(column)].number_format = "@"
