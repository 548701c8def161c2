"""The shared Excel writer: formula-looking text stays text, styles once per workbook."""

import io

import pytest
from django.urls import reverse

from core.excel import ExcelWorkbook
from reports.documents import consolidated_xlsx
from reports.enums import SubmissionState
from tests.factories.reports import FULL, SIGNED, make_obligation, make_submission, report_campaign

HYPERLINK = '=HYPERLINK("http://x","y")'


def reopen(data):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("text", [HYPERLINK, "= 100%", "+84 912", "-1+2", "@SUM(A1)", "=1+1", "-"])
def test_formula_looking_text_is_written_as_text(text):
    book = ExcelWorkbook()
    sheet = book.sheet("Trang")
    sheet.append([text, 5, -3, "Bình thường"])
    cells = reopen(book.to_bytes())["Trang"][1]
    assert (cells[0].value, cells[0].data_type) == (text, "s")
    assert cells[0].quotePrefix is True
    assert (cells[1].value, cells[1].data_type) == (5, "n")
    assert (cells[2].value, cells[2].data_type) == (-3, "n")  # numbers stay numbers
    assert (cells[3].value, cells[3].quotePrefix) == ("Bình thường", False)


def test_the_raw_file_holds_no_formula():
    import zipfile

    book = ExcelWorkbook()
    book.sheet("Trang").append([HYPERLINK, "= 100%"])
    with zipfile.ZipFile(io.BytesIO(book.to_bytes())) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml


def test_control_characters_are_dropped_not_fatal():
    book = ExcelWorkbook()
    book.sheet("Trang").append(["Xã\x07 An\x00 Hải"])
    assert reopen(book.to_bytes())["Trang"]["A1"].value == "Xã An Hải"


def test_layout_helpers():
    book = ExcelWorkbook()
    sheet = book.sheet("Một")
    sheet.title("Tiêu đề")
    sheet.blank()
    assert sheet.header(["STT", "Mã"]) == 3
    sheet.text_columns([2])
    row = sheet.append([1, "00004"])
    sheet.fill(row, 1, "D1E7DD")
    sheet.widths([6, None, 30])
    book.sheet("Hai").append(["x"])
    workbook = reopen(book.to_bytes())
    assert workbook.sheetnames == ["Một", "Hai"]
    first = workbook["Một"]
    assert first["A1"].font.b and first["A1"].font.sz == 13
    assert first["A3"].font.b and first["B3"].alignment.wrap_text
    assert first.freeze_panes == "A4"
    assert (first["B4"].value, first["B4"].number_format) == ("00004", "@")
    assert first["A4"].fill.start_color.rgb == "00D1E7DD"
    assert first.column_dimensions["A"].width == 6
    assert first.column_dimensions["C"].width == 30


@pytest.mark.parametrize("rows", [1, 20])
def test_styles_are_built_once_per_workbook(rows, monkeypatch):
    import openpyxl.styles

    built = {"Font": 0, "PatternFill": 0, "Alignment": 0}
    for name in built:
        original = getattr(openpyxl.styles, name)

        def counting(*args, _original=original, _name=name, **kwargs):
            built[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(openpyxl.styles, name, counting)
    book = ExcelWorkbook()
    sheet = book.sheet("Trang")
    sheet.title("Tiêu đề")
    sheet.header(["A", "B", "C"])
    for index in range(rows):
        row = sheet.append([index, "x", "y"])
        sheet.fill(row, 2, "D1E7DD")
        sheet.fill(row, 3, "F8D7DA" if index % 2 else "D1E7DD")
        sheet.bold(row, 1)
    book.to_bytes()
    # title font, bold font; the header's wrap; one fill per colour, whatever the rows
    assert built == {"Font": 2, "PatternFill": 1 if rows == 1 else 2, "Alignment": 1}


@pytest.mark.parametrize("rows", [1, 20])
def test_one_named_style_per_look_shared_by_every_cell(rows, monkeypatch):
    """A status repeated on every row is one named cell style, built once, given to each
    cell by name; a formula-looking text in a styled cell stays text."""
    import openpyxl.styles

    built = {"PatternFill": 0, "NamedStyle": 0}
    for name in built:
        original = getattr(openpyxl.styles, name)

        def counting(*args, _original=original, _name=name, **kwargs):
            built[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(openpyxl.styles, name, counting)
    book = ExcelWorkbook()
    met = book.named_style("Đạt", fill="D1E7DD")
    missed = book.named_style("Không đạt", fill="F8D7DA")
    assert book.named_style("Đạt", fill="D1E7DD") == met  # registered once
    sheet = book.sheet("Trang")
    sheet.text_columns([2])
    for index in range(rows):
        sheet.append(
            [index, "00004", "Đạt" if index % 2 else "Không đạt"],
            styles={3: met if index % 2 else missed},
        )
    sheet.append([HYPERLINK, "x"], styles={1: met})
    row = sheet.append(["= 100%"])
    sheet.style(row, 1, missed)
    workbook = reopen(book.to_bytes())
    assert built == {"PatternFill": 2, "NamedStyle": 2}
    first = workbook["Trang"]
    assert [name for name in workbook.named_styles if name in ("Đạt", "Không đạt")] == [
        "Đạt",
        "Không đạt",
    ]
    assert first["C1"].style == "Không đạt" and first["C1"].fill.start_color.rgb == "00F8D7DA"
    assert (first["B1"].value, first["B1"].number_format) == ("00004", "@")
    styled = {first.cell(row=r, column=3).style for r in range(1, rows + 1)}
    assert styled == ({"Không đạt"} if rows == 1 else {"Đạt", "Không đạt"})
    formula = first.cell(row=rows + 1, column=1)
    assert (formula.value, formula.data_type, formula.quotePrefix) == (HYPERLINK, "s", True)
    assert formula.style == "Đạt"
    after = first.cell(row=rows + 2, column=1)
    assert (after.value, after.data_type, after.quotePrefix, after.style) == (
        "= 100%",
        "s",
        True,
        "Không đạt",
    )


@pytest.fixture
def hostile_unit(district):
    from tests.factories.units import make_unit

    return make_unit(parent=district, name=HYPERLINK, code="=cmd|' /C calc'!A0")


def test_exported_unit_named_like_a_formula_opens_as_that_string(
    client, district, office_unit, hostile_unit, campaign_office
):
    obligation = make_obligation(report_campaign(district))
    make_submission(obligation, hostile_unit, state=SubmissionState.SUBMITTED, values=FULL)
    client.force_login(campaign_office)
    for kind in ("trang-thai", "so-lieu"):
        response = client.get(reverse("reports:dashboard_export", args=[obligation.pk, kind]))
        sheet = reopen(response.content).active
        cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value}
        assert cells[HYPERLINK].data_type == "s"
        assert cells["=cmd|' /C calc'!A0"].data_type == "s"
        assert not [c for c in cells.values() if c.data_type == "f"]
    # the threshold of "100% văn bản được ký số" prints as "= 100%": text, not a formula
    header = [c.value for c in sheet[3]]
    threshold = sheet.cell(row=4, column=header.index(SIGNED) + 2)
    assert (threshold.value, threshold.data_type) == ("= 100%", "s")


def test_consolidated_workbook_keeps_formula_looking_names_as_text(
    district, office_unit, hostile_unit, campaign_office
):
    from reports import services

    obligation = make_obligation(report_campaign(district))
    make_submission(obligation, hostile_unit, state=SubmissionState.SUBMITTED, values=FULL)
    report = services.compile_consolidated(obligation, 2026, by=campaign_office)
    workbook = reopen(consolidated_xlsx(report))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert HYPERLINK in {c.value for c in cells}
    assert "= 100%" in {c.value for c in cells}


def test_every_export_goes_through_the_shared_writer():
    """Only core/excel.py builds workbooks; other modules may only read them (importers)."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    writers = []
    for path in root.glob("*/**/*.py"):
        if path.parts[len(root.parts)] in {".venv", "tests", "bench"}:
            continue
        text = path.read_text(encoding="utf-8")
        if "from openpyxl import Workbook" in text or "openpyxl.Workbook" in text:
            writers.append(str(path.relative_to(root)))
    assert writers == ["core/excel.py"]
