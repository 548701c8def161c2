import csv
import datetime
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from tests.factories.units import make_person, make_unit
from units.enums import UnitKind, UnitLevel
from units.import_templates import template_csv, template_workbook
from units.importers import PEOPLE, UNITS, import_units_file
from units.models import Person, Unit

UNIT_HEADER = [
    "STT",
    "Mã đơn vị",
    "Tên đơn vị",
    "Tên viết tắt",
    "Loại đơn vị",
    "Cấp",
    "Mã đơn vị cấp trên",
    "Mã hành chính",
    "Hiệu lực từ ngày",
    "Hiệu lực đến ngày",
    "Đang hoạt động",
]
GOOD_UNITS = [
    [
        1,
        "H1",
        "UBND huyện Thử Nghiệm",
        "UBND huyện",
        "Ủy ban nhân dân",
        "Cấp huyện",
        "",
        "",
        "",
        "30/06/2025",
        "Có",
    ],
    [
        2,
        "H1-VHTT",
        "Phòng Văn hóa và Thông tin",
        "Phòng VH&TT",
        "Cơ quan chuyên môn, phòng, sở, ban, ngành",
        "Cấp huyện",
        "H1",
        "",
        "",
        "30/06/2025",
        "",
    ],
    # A child listed before its parent still lands under it.
    [
        3,
        "H1-X1-T1",
        "Thôn Một",
        "",
        "Thôn, tổ dân phố",
        "Thôn, tổ dân phố",
        "H1-X1",
        "",
        "",
        "",
        "Có",
    ],
    [
        4,
        "H1-X1",
        "UBND xã Một",
        "",
        "ubnd",
        "cap xa",
        "H1",
        "12345",
        "01/01/2020",
        "30/06/2025",
        "x",
    ],
]


def xlsx(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def csv_file(rows, delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return io.BytesIO(("\ufeff" + buffer.getvalue()).encode("utf-8"))


@pytest.mark.parametrize("make_file", [xlsx, csv_file, lambda rows: csv_file(rows, ";")])
def test_good_units_file_builds_the_tree(db, make_file):
    result = import_units_file(make_file([UNIT_HEADER, *GOOD_UNITS]), kind=UNITS)

    assert (result.errors, result.created, result.updated) == ([], 4, 0)
    district = Unit.objects.get(code="H1")
    assert sorted(Unit.objects.subtree_of(district).values_list("code", flat=True)) == [
        "H1",
        "H1-VHTT",
        "H1-X1",
        "H1-X1-T1",
    ]
    commune = Unit.objects.get(code="H1-X1")
    assert (
        commune.kind,
        commune.level,
        commune.admin_code,
        str(commune.valid_from),
        commune.parent,
    ) == (
        UnitKind.PEOPLES_COMMITTEE,
        UnitLevel.COMMUNE,
        "12345",
        "2020-01-01",
        district,
    )
    assert Unit.objects.get(code="H1-X1-T1").parent == commune


def test_one_bad_row_imports_nothing_and_names_row_and_column(db):
    rows = [UNIT_HEADER, *GOOD_UNITS]
    rows[3] = [3, "H1-X1-T1", "Thôn Một", "", "Phong trào", "", "H1-X1", "", "", "", ""]

    result = import_units_file(xlsx(rows), kind=UNITS)

    assert Unit.objects.count() == 0
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (4, "Loại đơn vị", "«Phong trào» không phải loại đơn vị hợp lệ.")
    ]
    assert (
        str(result.errors[0])
        == "Dòng 4, cột «Loại đơn vị»: «Phong trào» không phải loại đơn vị hợp lệ."
    )


def test_every_bad_row_is_listed(db):
    rows = [
        UNIT_HEADER,
        [1, "A", "", "", "Khác", "", "", "", "", "", ""],
        [2, "A", "Trùng mã", "", "Khác", "", "KHONG-CO", "", "31/02/2024", "", "có lẽ"],
        [3, "B", "Ngày ngược", "", "Khác", "", "", "", "01/07/2025", "30/06/2025", ""],
    ]

    result = import_units_file(csv_file(rows), kind=UNITS)

    assert Unit.objects.count() == 0
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "Tên đơn vị"),
        (3, "Mã đơn vị"),
        (3, "Hiệu lực từ ngày"),
        (3, "Đang hoạt động"),
        (4, "Hiệu lực đến ngày"),
        (3, "Mã đơn vị cấp trên"),
    ]
    assert result.errors[1].message == "Mã «A» trùng với dòng 2."
    assert (
        result.errors[5].message
        == "Không tìm thấy đơn vị có mã «KHONG-CO» trong tệp hoặc trong hệ thống."
    )


def test_missing_required_column_reported_once(db):
    result = import_units_file(csv_file([["Mã đơn vị", "Tên đơn vị"], ["A", "Một"]]), kind=UNITS)

    assert [str(e) for e in result.errors] == [
        "Cột «Loại đơn vị»: Thiếu cột bắt buộc này ở dòng tiêu đề."
    ]


def test_parent_cycle_refused(db):
    rows = [
        UNIT_HEADER,
        [1, "A", "Một", "", "Khác", "", "B", "", "", "", ""],
        [2, "B", "Hai", "", "Khác", "", "A", "", "", "", ""],
        # Hangs under the loop without being part of it: not reported.
        [3, "C", "Ba", "", "Khác", "", "A", "", "", "", ""],
    ]

    result = import_units_file(csv_file(rows), kind=UNITS)

    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột «Mã đơn vị cấp trên»: Quan hệ cấp trên tạo thành vòng lặp: A → B → A.",
        "Dòng 3, cột «Mã đơn vị cấp trên»: Quan hệ cấp trên tạo thành vòng lặp: B → A → B.",
    ]
    assert Unit.objects.count() == 0


def test_reimport_updates_instead_of_duplicating(db):
    import_units_file(xlsx([UNIT_HEADER, *GOOD_UNITS]), kind=UNITS)
    rows = [UNIT_HEADER, *GOOD_UNITS]
    rows[1] = [
        1,
        "H1",
        "UBND huyện Đổi Tên",
        "UBND huyện",
        "Ủy ban nhân dân",
        "Cấp huyện",
        "",
        "",
        "",
        "30/06/2025",
        "Có",
    ]

    result = import_units_file(xlsx(rows), kind=UNITS)

    assert (result.created, result.updated, Unit.objects.count()) == (0, 4, 4)
    assert Unit.objects.get(code="H1").name == "UBND huyện Đổi Tên"


PEOPLE_HEADER = [
    "STT",
    "Mã cán bộ",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Chức vụ",
    "Mã đơn vị",
    "Lãnh đạo",
    "Đang công tác",
]


def test_people_import_and_reimport(db, commune_a):
    rows = [
        PEOPLE_HEADER,
        [
            1,
            "CB1",
            "Nguyễn Văn An",
            "Nam",
            "10/01/1980",
            "Chủ tịch UBND xã",
            commune_a.code,
            "x",
            "",
        ],
        [2, "", "Trần Thị Bình", "nu", "", "Công chức", commune_a.code, "", "Có"],
    ]

    first = import_units_file(xlsx(rows), kind=PEOPLE)
    second = import_units_file(xlsx(rows), kind=PEOPLE)

    assert (first.errors, first.created, second.created, second.updated) == ([], 2, 0, 2)
    an = Person.objects.get(code="CB1")
    assert (an.is_leader, str(an.date_of_birth), an.unit) == (True, "1980-01-10", commune_a)
    binh = Person.objects.get(full_name="Trần Thị Bình")
    assert (binh.sex, binh.is_leader) == ("female", False)


def test_people_unknown_unit_and_bad_sex(db, commune_a):
    rows = [PEOPLE_HEADER, [1, "", "Lê Văn C", "Khác", "", "", "KHONG-CO", "", ""]]

    result = import_units_file(csv_file(rows), kind=PEOPLE)

    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột «Giới tính»: «Khác» không hợp lệ; ghi Nam hoặc Nữ.",
        "Dòng 2, cột «Mã đơn vị»: Không tìm thấy đơn vị có mã «KHONG-CO».",
    ]
    assert Person.objects.count() == 0


def test_non_spreadsheet_refused(db):
    result = import_units_file(io.BytesIO(b"\x00\x01binary\xff\xfe"), kind=UNITS)

    assert [str(e) for e in result.errors] == [
        "Cột «(tệp)»: Không đọc được tệp: tệp phải là Excel (.xlsx) hoặc CSV mã hóa UTF-8."
    ]


def test_templates_import_cleanly(db):
    """The downloadable templates are themselves valid files (once the example's parent exists)."""
    from openpyxl import load_workbook

    Unit.objects.create(code="NT-NH", name="UBND huyện Ninh Hải", kind=UnitKind.PEOPLES_COMMITTEE)
    workbook = load_workbook(io.BytesIO(template_workbook(UNITS)))
    assert workbook.sheetnames == ["Đơn vị", "Hướng dẫn"]
    assert import_units_file(io.BytesIO(template_workbook(UNITS)), kind=UNITS).errors == []
    assert import_units_file(io.BytesIO(template_csv(PEOPLE)), kind=PEOPLE).errors == []


def test_command_bad_file_raises_and_imports_nothing(db, tmp_path):
    path = tmp_path / "don-vi.csv"
    path.write_bytes(
        csv_file([UNIT_HEADER, [1, "A", "", "", "Khác", "", "", "", "", "", ""]]).getvalue()
    )
    err = io.StringIO()

    with pytest.raises(CommandError, match="Tệp có 1 lỗi; không dòng nào được nhập."):
        call_command("import_units", str(path), stderr=err)

    assert err.getvalue() == "Dòng 2, cột «Tên đơn vị»: Không được để trống.\n"
    assert Unit.objects.count() == 0


def test_command_good_file(db, tmp_path):
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(xlsx([UNIT_HEADER, *GOOD_UNITS]).getvalue())
    out = io.StringIO()

    call_command("import_units", str(path), stdout=out)

    assert out.getvalue() == "Đã nhập: thêm mới 4, cập nhật 0.\n"


def unit_row(code, name, parent="", kind="Khác", **extra):
    row = dict.fromkeys(UNIT_HEADER, "")
    row.update({"Mã đơn vị": code, "Tên đơn vị": name, "Loại đơn vị": kind})
    row["Mã đơn vị cấp trên"] = parent
    row.update(extra)
    return [row[h] for h in UNIT_HEADER]


def assert_tree_consistent():
    """Every unit's path is its parent's path plus its own segment, as Unit.save builds it."""
    for unit in Unit.objects.select_related("parent"):
        parent_path = unit.parent.path if unit.parent else ""
        assert (unit.code, unit.path) == (unit.code, f"{parent_path}{unit.pk:07d}.")
        assert unit.depth == unit.path.count(".") - 1


def test_loop_through_the_database_refused(db):
    top = make_unit(code="A", name="Một")
    make_unit(code="B", name="Hai", parent=top)

    # A under B, while B already sits under A in the system.
    result = import_units_file(csv_file([UNIT_HEADER, unit_row("A", "Một", "B")]), kind=UNITS)

    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột «Mã đơn vị cấp trên»: Quan hệ cấp trên tạo thành vòng lặp: A → B → A."
    ]
    assert Unit.objects.get(code="A").parent is None


def test_moving_a_subtree_keeps_every_path_right(db):
    old_root, new_root = make_unit(code="R1"), make_unit(code="R2")
    moved = make_unit(code="X", parent=old_root)
    make_unit(code="Y", parent=moved)  # stays in the system, not in the file
    rows = [
        UNIT_HEADER,
        # Both new units hang under Y, whose path changes when X moves in the same file.
        unit_row("Z1", "Mới một", "Y"),
        unit_row("X", "Đổi chỗ", "R2"),
        unit_row("Z2", "Mới hai", "Y"),
    ]

    result = import_units_file(csv_file(rows), kind=UNITS)

    assert (result.errors, result.created, result.updated) == ([], 2, 1)
    assert sorted(Unit.objects.subtree_of(new_root).values_list("code", flat=True)) == [
        "R2",
        "X",
        "Y",
        "Z1",
        "Z2",
    ]
    assert_tree_consistent()


def test_parent_already_in_the_system(db, district):
    rows = [UNIT_HEADER, unit_row("MOI", "Trường mới", district.code, "Trường học")]

    result = import_units_file(xlsx(rows), kind=UNITS)

    assert (result.errors, result.created) == ([], 1)
    school = Unit.objects.get(code="MOI")
    assert (school.parent, school.kind, school.path.startswith(district.path)) == (
        district,
        UnitKind.SCHOOL,
        True,
    )


def test_unknown_parent_code(db):
    rows = [UNIT_HEADER, unit_row("A", "Một"), unit_row("B", "Hai", "KHONG-CO")]

    result = import_units_file(xlsx(rows), kind=UNITS)

    assert [str(e) for e in result.errors] == [
        "Dòng 3, cột «Mã đơn vị cấp trên»: Không tìm thấy đơn vị có mã «KHONG-CO» "
        "trong tệp hoặc trong hệ thống."
    ]
    assert Unit.objects.count() == 0


def test_duplicate_code_within_the_file(db):
    rows = [UNIT_HEADER, unit_row("A", "Một"), unit_row("B", "Hai"), unit_row("A", "Ba")]

    result = import_units_file(xlsx(rows), kind=UNITS)

    assert [str(e) for e in result.errors] == ["Dòng 4, cột «Mã đơn vị»: Mã «A» trùng với dòng 2."]
    assert Unit.objects.count() == 0


def test_unit_as_its_own_parent(db):
    result = import_units_file(csv_file([UNIT_HEADER, unit_row("A", "Một", "A")]), kind=UNITS)

    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột «Mã đơn vị cấp trên»: Đơn vị không thể là cấp trên của chính nó."
    ]


def test_value_longer_than_the_field_refused(db):
    rows = [UNIT_HEADER, unit_row("A", "Đ" * 256, **{"Mã hành chính": "1" * 21})]

    result = import_units_file(xlsx(rows), kind=UNITS)

    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột «Tên đơn vị»: Dài 256 ký tự, vượt giới hạn 255 ký tự.",
        "Dòng 2, cột «Mã hành chính»: Dài 21 ký tự, vượt giới hạn 20 ký tự.",
    ]


def title_rows_file(make_file):
    return make_file(
        [
            ["DANH SÁCH ĐƠN VỊ", "", "", ""],
            ["(Kèm theo Công văn số 12/UBND)", "", "", ""],
            [],
            ["Mã đơn vị (*)", "Ten don vi *", "LOAI DON VI", "Ghi chú"],
            ["A", "Một", "ubnd", "cột lạ bị bỏ qua"],
            ["B", "Hai", "Phong trao", ""],
        ]
    )


@pytest.mark.parametrize("make_file", [xlsx, lambda rows: csv_file(rows, ";")])
def test_title_rows_above_the_header_keep_row_numbers(db, make_file):
    result = import_units_file(title_rows_file(make_file), kind=UNITS)

    assert [str(e) for e in result.errors] == [
        "Dòng 6, cột «Loại đơn vị»: «Phong trao» không phải loại đơn vị hợp lệ."
    ]


def test_excel_dates_and_numbers_read_as_written(db):
    rows = [
        UNIT_HEADER,
        unit_row(
            101,
            "Một",
            **{
                "Mã hành chính": 4.0,
                "Hiệu lực từ ngày": datetime.datetime(2020, 1, 1),
                "Hiệu lực đến ngày": datetime.date(2025, 6, 30),
                "Đang hoạt động": "Không",
            },
        ),
    ]

    result = import_units_file(xlsx(rows), kind=UNITS)

    assert result.errors == []
    unit = Unit.objects.get(code="101")
    assert (unit.admin_code, unit.valid_from, unit.valid_to, unit.is_active) == (
        "4",
        datetime.date(2020, 1, 1),
        datetime.date(2025, 6, 30),
        False,
    )


def test_excel_unicode_text_export_utf16_tabs(db):
    text = "\t".join(UNIT_HEADER) + "\n" + "\t".join(map(str, unit_row("A", "Ủy ban"))) + "\n"

    result = import_units_file(io.BytesIO(text.encode("utf-16")), kind=UNITS)

    assert (result.errors, Unit.objects.get(code="A").name) == ([], "Ủy ban")


def test_zip_that_is_not_excel_refused(db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    result = import_units_file(buffer, kind=UNITS)

    assert [str(e) for e in result.errors] == [
        "Cột «(tệp)»: Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx."
    ]


def test_header_only_file_refused(db):
    result = import_units_file(csv_file([UNIT_HEADER]), kind=UNITS)

    assert [str(e) for e in result.errors] == ["Cột «(tệp)»: Tệp không có dòng dữ liệu nào."]


def test_people_without_code_same_key_twice_refused(db, commune_a):
    rows = [
        PEOPLE_HEADER,
        [1, "", "Lê Văn Cường", "Nam", "02/03/1990", "", commune_a.code, "", ""],
        [2, "", "Lê Văn Cường", "Nam", "02/03/1990", "Văn thư", commune_a.code, "", ""],
        # Same name, other birth date: another person.
        [3, "", "Lê Văn Cường", "Nam", "", "", commune_a.code, "", ""],
    ]

    result = import_units_file(csv_file(rows), kind=PEOPLE)

    assert [str(e) for e in result.errors] == [
        "Dòng 3, cột «Họ và tên»: Trùng đơn vị, họ tên và ngày sinh với dòng 2; "
        "ghi «Mã cán bộ» để phân biệt."
    ]
    assert Person.objects.count() == 0


def test_people_code_added_later_updates_the_same_person(db, commune_a):
    row = [1, "", "Phạm Thị Dung", "Nữ", "05/06/1985", "Kế toán", commune_a.code, "", ""]
    import_units_file(csv_file([PEOPLE_HEADER, row]), kind=PEOPLE)

    result = import_units_file(csv_file([PEOPLE_HEADER, [1, "CB9", *row[2:]]]), kind=PEOPLE)

    assert (result.created, result.updated) == (0, 1)
    assert list(Person.objects.values_list("code", "full_name")) == [("CB9", "Phạm Thị Dung")]


def test_people_move_to_another_unit_by_code(db, commune_a, commune_b):
    make_person(unit=commune_a, full_name="Võ Văn Em", code="CB5", is_leader=True)
    rows = [PEOPLE_HEADER, [1, "CB5", "Võ Văn Em", "Nam", "", "", commune_b.code, "Không", ""]]

    result = import_units_file(xlsx(rows), kind=PEOPLE)

    assert (result.created, result.updated) == (0, 1)
    person = Person.objects.get(code="CB5")
    assert (person.unit, person.is_leader, person.sex) == (commune_b, False, "male")


def test_people_bad_values_all_listed(db, commune_a):
    rows = [
        PEOPLE_HEADER,
        [1, "", "", "", "31/12/2999", "", "", "có thể", "x"],
    ]

    result = import_units_file(csv_file(rows), kind=PEOPLE)

    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột «Họ và tên»: Không được để trống.",
        "Dòng 2, cột «Mã đơn vị»: Không được để trống.",
        "Dòng 2, cột «Giới tính»: Không được để trống.",
        "Dòng 2, cột «Ngày sinh»: Ngày sinh sau ngày hôm nay.",
        "Dòng 2, cột «Lãnh đạo»: «có thể» không hợp lệ; ghi Có hoặc Không.",
    ]


def test_people_import_queries_do_not_grow_per_row_lookup(
    db, commune_a, django_assert_max_num_queries
):
    rows = [PEOPLE_HEADER] + [
        [n, "", f"Người {n}", "Nữ", "", "", commune_a.code, "", ""] for n in range(1, 21)
    ]

    # Reads: the units, the people by code, the people without code; then one INSERT a row
    # and the transaction's savepoint pair.
    with django_assert_max_num_queries(3 + 20 + 2):
        result = import_units_file(csv_file(rows), kind=PEOPLE)

    assert (result.errors, result.created) == ([], 20)


def test_template_guide_sheet_lists_columns_and_values(db):
    from openpyxl import load_workbook

    guide = load_workbook(io.BytesIO(template_workbook(UNITS)))["Hướng dẫn"]
    rows = [tuple(c.value for c in row) for row in guide.iter_rows()]

    assert rows[0] == ("Cột", "Bắt buộc", "Ghi chú")
    assert rows[2] == (
        "Mã đơn vị",
        "Có",
        "Mã ổn định, không trùng; dùng để cập nhật khi nhập lại.",
    )
    assert ("Trường học", None, None) in rows
    assert ("Cấp xã", None, None) in rows
    assert guide.cell(row=1, column=1).font.b is True


def test_command_imports_people(db, tmp_path, commune_a):
    path = tmp_path / "can-bo.csv"
    rows = [PEOPLE_HEADER, [1, "CB1", "Đỗ Văn Giang", "Nam", "", "", commune_a.code, "x", ""]]
    path.write_bytes(csv_file(rows).getvalue())
    out = io.StringIO()

    call_command("import_units", str(path), "--people", stdout=out)

    assert out.getvalue() == "Đã nhập: thêm mới 1, cập nhật 0.\n"
    assert Person.objects.get(code="CB1").is_leader is True


def test_command_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match=r"^Không mở được tệp .*khong-co\.csv: "):
        call_command("import_units", str(tmp_path / "khong-co.csv"))


def test_unknown_kind_is_a_programming_error(db):
    with pytest.raises(ValueError, match="Unknown import kind: 'awards'"):
        import_units_file(csv_file([UNIT_HEADER]), kind="awards")
