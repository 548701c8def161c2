import csv
import io

import pytest
from django.core.management import CommandError, call_command

from units.enums import UnitKind, UnitLevel
from units.importers import PEOPLE, UNITS, import_file, template_csv, template_workbook
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
    result = import_file(make_file([UNIT_HEADER, *GOOD_UNITS]), kind=UNITS)

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

    result = import_file(xlsx(rows), kind=UNITS)

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

    result = import_file(csv_file(rows), kind=UNITS)

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
    result = import_file(csv_file([["Mã đơn vị", "Tên đơn vị"], ["A", "Một"]]), kind=UNITS)

    assert [str(e) for e in result.errors] == [
        "Cột «Loại đơn vị»: Thiếu cột bắt buộc này ở dòng tiêu đề."
    ]


def test_parent_cycle_refused(db):
    rows = [
        UNIT_HEADER,
        [1, "A", "Một", "", "Khác", "", "B", "", "", "", ""],
        [2, "B", "Hai", "", "Khác", "", "A", "", "", "", ""],
    ]

    result = import_file(csv_file(rows), kind=UNITS)

    assert {(e.row, e.message) for e in result.errors} == {
        (2, "Quan hệ cấp trên tạo thành vòng lặp."),
        (3, "Quan hệ cấp trên tạo thành vòng lặp."),
    }
    assert Unit.objects.count() == 0


def test_reimport_updates_instead_of_duplicating(db):
    import_file(xlsx([UNIT_HEADER, *GOOD_UNITS]), kind=UNITS)
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

    result = import_file(xlsx(rows), kind=UNITS)

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

    first = import_file(xlsx(rows), kind=PEOPLE)
    second = import_file(xlsx(rows), kind=PEOPLE)

    assert (first.errors, first.created, second.created, second.updated) == ([], 2, 0, 2)
    an = Person.objects.get(code="CB1")
    assert (an.is_leader, str(an.date_of_birth), an.unit) == (True, "1980-01-10", commune_a)
    binh = Person.objects.get(full_name="Trần Thị Bình")
    assert (binh.sex, binh.is_leader) == ("female", False)


def test_people_unknown_unit_and_bad_sex(db, commune_a):
    rows = [PEOPLE_HEADER, [1, "", "Lê Văn C", "Khác", "", "", "KHONG-CO", "", ""]]

    result = import_file(csv_file(rows), kind=PEOPLE)

    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột «Giới tính»: «Khác» không hợp lệ; ghi Nam hoặc Nữ.",
        "Dòng 2, cột «Mã đơn vị»: Không tìm thấy đơn vị có mã «KHONG-CO».",
    ]
    assert Person.objects.count() == 0


def test_non_spreadsheet_refused(db):
    result = import_file(io.BytesIO(b"\x00\x01binary\xff\xfe"), kind=UNITS)

    assert [str(e) for e in result.errors] == [
        "Cột «(tệp)»: Không đọc được tệp: tệp phải là Excel (.xlsx) hoặc CSV mã hóa UTF-8."
    ]


def test_templates_import_cleanly(db):
    """The downloadable templates are themselves valid files (once the example's parent exists)."""
    from openpyxl import load_workbook

    Unit.objects.create(code="NT-NH", name="UBND huyện Ninh Hải", kind=UnitKind.PEOPLES_COMMITTEE)
    workbook = load_workbook(io.BytesIO(template_workbook(UNITS)))
    assert workbook.sheetnames == ["Đơn vị", "Hướng dẫn"]
    assert import_file(io.BytesIO(template_workbook(UNITS)), kind=UNITS).errors == []
    assert import_file(io.BytesIO(template_csv(PEOPLE)), kind=PEOPLE).errors == []


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
