"""Appendices (Phụ lục) of a plan: scoring tables and the like, printed after the signature,
each on a new page, landscape when a table is wide.

An appendix's body is a list of blocks, stored as JSON on `campaigns.Appendix.blocks` in
one canonical form (the same in the file, the database and the export, so a plan
round-trips byte for byte):

    {"type": "paragraph", "runs": [run, …]}
    {"type": "table", "header_rows": 1, "rows": [[cell, …], …]}
    cell: {"runs": [run, …], "colspan": 2, "rowspan": 3}     (spans written only when > 1)
    run:  {"text": "…", "bold": true, "italic": true}        (flags written only when true)

The web editor shows the same content as text (`to_text` / `from_text`): a line is a
paragraph, `**bold**` and `*italic*` mark runs, a line starting with "|" is a table row
with cells between "|", a row "|---|" ends the header rows, a cell "<" continues the cell
on its left and "^" the cell above; "\\*", "\\|" and "\\\\" are the characters themselves.
"""

import re

# A table with this many columns or more prints on a landscape page (orientation "auto").
WIDE_COLUMNS = 7
BOLD = "**"

_TOKEN = re.compile(r"\\[\\*|<^]|\*\*|\*|[^\\*]+|\\")


def canonical_runs(runs):
    """Runs in canonical form; neighbours of the same style are merged, empty ones dropped."""
    out = []
    for run in runs or []:
        text = run.get("text", "") if isinstance(run, dict) else str(run)
        if not text:
            continue
        bold, italic = bool(run.get("bold")), bool(run.get("italic"))
        if out and bool(out[-1].get("bold")) == bold and bool(out[-1].get("italic")) == italic:
            out[-1]["text"] += text
            continue
        item = {"text": text}
        if bold:
            item["bold"] = True
        if italic:
            item["italic"] = True
        out.append(item)
    return out


def _canonical_cell(cell):
    item = {"runs": canonical_runs(cell.get("runs"))}
    for name in ("colspan", "rowspan"):
        if int(cell.get(name) or 1) > 1:
            item[name] = int(cell[name])
    return item


def canonical_blocks(blocks):
    """The blocks of a (validated) file in canonical key order, defaults left out."""
    out = []
    for block in blocks or []:
        if block.get("type") == "table":
            out.append(
                {
                    "type": "table",
                    "header_rows": int(block.get("header_rows") or 0),
                    "rows": [[_canonical_cell(c) for c in row] for row in block.get("rows", [])],
                }
            )
        else:
            out.append({"type": "paragraph", "runs": canonical_runs(block.get("runs"))})
    return out


def column_count(table):
    """Columns of a table: the widest row, counting spans and cells spanned from above."""
    below = {}  # row index -> columns taken by rowspans from above
    widest = 0
    for r, row in enumerate(table.get("rows", [])):
        width = below.get(r, 0)
        for cell in row:
            span = int(cell.get("colspan") or 1)
            width += span
            for k in range(1, int(cell.get("rowspan") or 1)):
                below[r + k] = below.get(r + k, 0) + span
        widest = max(widest, width)
    return widest


def is_landscape(appendix):
    """Landscape if asked, or (orientation "auto") when a table has WIDE_COLUMNS or more."""
    if appendix.orientation != "auto":
        return appendix.orientation == "landscape"
    return any(
        column_count(b) >= WIDE_COLUMNS for b in appendix.blocks or [] if b.get("type") == "table"
    )


def table_errors(table):
    """What is wrong with a table's shape (spans running past the table), as messages."""
    errors = []
    rows = table.get("rows", [])
    header_rows = int(table.get("header_rows") or 0)
    if header_rows > len(rows):
        errors.append(f"có {header_rows} dòng tiêu đề nhưng bảng chỉ có {len(rows)} dòng")
    for r, row in enumerate(rows):
        for cell in row:
            if r + int(cell.get("rowspan") or 1) > len(rows):
                errors.append(f"dòng {r + 1}: một ô gộp xuống quá dòng cuối của bảng")
                break
    return errors


# The editor's text form ------------------------------------------------------------


def _escape(text, table=False):
    text = text.replace("\\", "\\\\").replace("*", "\\*")
    if table:
        text = text.replace("|", "\\|")
        if text.strip() in ("<", "^"):
            text = text.replace("<", "\\<").replace("^", "\\^")
    return text


def runs_to_text(runs, table=False):
    out = []
    for run in runs:
        text = _escape(run["text"], table)
        mark = ("**" if run.get("bold") else "") + ("*" if run.get("italic") else "")
        # Keep spaces outside the marks, so that "**a **b" is never written.
        stripped = text.strip(" ")
        if mark and stripped:
            lead = text[: len(text) - len(text.lstrip(" "))]
            trail = text[len(text.rstrip(" ")) :]
            text = f"{lead}{mark}{stripped}{mark[::-1]}{trail}"
        out.append(text)
    return "".join(out)


def text_to_runs(text):
    """`**bold**`, `*italic*` (and `***both***`) into runs; an unpaired mark is a plain
    character, so "* chưa đạt" stays as written."""
    tokens = _TOKEN.findall(text)
    # A mark opens before a non-space and closes after one (as in Markdown); the marks that
    # find no partner are plain characters.
    paired, open_at = set(), {}
    for i, piece in enumerate(tokens):
        if piece not in (BOLD, "*"):
            continue
        after = next((t for t in tokens[i + 1 :] if t not in (BOLD, "*")), " ")
        before = next((t for t in reversed(tokens[:i]) if t not in (BOLD, "*")), " ")
        if piece in open_at and not before[-1:].isspace():
            paired.update((open_at.pop(piece), i))
        elif piece not in open_at and not after[:1].isspace():
            open_at[piece] = i
    runs, bold, italic = [], False, False
    for i, piece in enumerate(tokens):
        if i in paired:
            if piece == BOLD:
                bold = not bold
            else:
                italic = not italic
            continue
        text = piece[1] if piece.startswith("\\") and len(piece) == 2 else piece
        runs.append({"text": text, "bold": bold, "italic": italic})
    return canonical_runs(runs)


def _table_to_lines(table):
    rows = table["rows"]
    grid = {}  # (row, column) -> text
    taken = set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            colspan, rowspan = cell.get("colspan", 1), cell.get("rowspan", 1)
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
                    if dr or dc:
                        grid[(r + dr, c + dc)] = "^" if dr and not dc else "<"
            grid[(r, c)] = runs_to_text(cell["runs"], table=True)
            c += colspan
    lines = []
    for r in range(len(rows)):
        width = max([c + 1 for (rr, c) in grid if rr == r], default=0)
        cells = [grid.get((r, c), "") for c in range(width)]
        lines.append("| " + " | ".join(cells) + " |")
        if r + 1 == table["header_rows"] and r + 1 < len(rows):
            lines.append("|---|")
    if table["header_rows"] == len(rows) and rows:
        lines.append("|---|")
    return lines


def to_text(blocks):
    """The blocks as the editor shows them (see the module docstring)."""
    lines = []
    previous = None
    for block in blocks or []:
        if block["type"] == "table":
            if previous == "table":
                lines.append("")  # two tables in a row: a blank line between them
            lines += _table_to_lines(block)
        else:
            lines.append(runs_to_text(block["runs"]))
        previous = block["type"]
    return "\n".join(lines)


_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_RULE = re.compile(r"^\|\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def _split_cells(line):
    body = line.strip()
    body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [cell.strip() for cell in _CELL_SPLIT.split(body)]


def _merged_into(text, origin, r, c):
    """The cell that "<" (continues the left cell) or "^" (the cell above) at (r, c)
    extends, widening or lengthening it; None when it extends nothing (then the
    character is the cell's text)."""
    if text == "<" and (r, c - 1) in origin:
        owner = origin[(r, c - 1)]
        right_edge = owner["_c"] + owner.get("colspan", 1)
        if owner["_r"] == r and c == right_edge:
            owner["colspan"] = owner.get("colspan", 1) + 1
            return owner
        if owner["_r"] < r and c < right_edge:  # inside a cell spanning rows and columns
            return owner
    if text == "^" and (r - 1, c) in origin:
        owner = origin[(r - 1, c)]
        if owner["_c"] == c:
            owner["rowspan"] = max(owner.get("rowspan", 1), r - owner["_r"] + 1)
            return owner
    return None


def _lines_to_table(lines):
    header_rows = 0
    grid = []
    for line in lines:
        if _RULE.match(line.strip()):
            header_rows = len(grid)
            continue
        grid.append(_split_cells(line))
    rows, origin = [], {}  # origin: (r, c) -> the cell dict it belongs to
    for r, texts in enumerate(grid):
        row = []
        for c, text in enumerate(texts):
            owner = _merged_into(text, origin, r, c)
            if owner is not None:
                origin[(r, c)] = owner
                continue
            cell = {"runs": text_to_runs(text), "_r": r, "_c": c}
            origin[(r, c)] = cell
            row.append(cell)
        rows.append(row)
    for row in rows:
        for cell in row:
            del cell["_r"], cell["_c"]
    return {"type": "table", "header_rows": header_rows, "rows": rows}


def from_text(text):
    """The editor's text back into canonical blocks."""
    blocks, table = [], []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        if line.strip().startswith("|"):
            table.append(line)
            continue
        if table:
            blocks.append(_lines_to_table(table))
            table = []
        if not line.strip():
            continue
        blocks.append({"type": "paragraph", "runs": text_to_runs(line.strip())})
    if table:
        blocks.append(_lines_to_table(table))
    return canonical_blocks(blocks)


# Printing ---------------------------------------------------------------------------


def runs_html(runs):
    """Runs as escaped HTML with <strong> and <em>."""
    from django.utils.html import escape  # noqa: PLC0415 - printing only

    out = []
    for run in runs:
        text = str(escape(run["text"]))
        if run.get("italic"):
            text = f"<em>{text}</em>"
        if run.get("bold"):
            text = f"<strong>{text}</strong>"
        out.append(text)
    return "".join(out)


def _cell_html(tag, cell):
    spans = "".join(
        f' {name}="{int(cell[name])}"' for name in ("colspan", "rowspan") if cell.get(name)
    )
    return f"<{tag}{spans}>{runs_html(cell['runs'])}</{tag}>"


def blocks_html(blocks):
    """An appendix's blocks as the HTML its print template places (paragraphs and grid
    tables; header rows repeat on every page)."""
    from django.utils.safestring import mark_safe  # noqa: PLC0415 - printing only

    out = []
    for block in blocks or []:
        if block.get("type") == "table":
            header_rows = int(block.get("header_rows") or 0)
            rows = block.get("rows", [])
            head = "".join(
                "<tr>" + "".join(_cell_html("th", c) for c in row) + "</tr>"
                for row in rows[:header_rows]
            )
            body = "".join(
                "<tr>" + "".join(_cell_html("td", c) for c in row) + "</tr>"
                for row in rows[header_rows:]
            )
            out.append(
                '<table class="doc-table doc-appendix-table">'
                + (f"<thead>{head}</thead>" if head else "")
                + f"<tbody>{body}</tbody></table>"
            )
        else:
            out.append(f"<p>{runs_html(block.get('runs', []))}</p>")
    return mark_safe("\n".join(out))  # noqa: S308 - every text went through escape()


def printed(appendix):
    """What documents/campaigns/appendix.html prints for one appendix."""
    return {
        "label": appendix.label,
        "title": appendix.title,
        "note": appendix.note,
        "landscape": is_landscape(appendix),
        "html": blocks_html(appendix.blocks),
    }
