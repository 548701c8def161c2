import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from units.models import Unit

HEADER = "Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên\n"


def login(client, user):
    client.force_login(user)


def test_unit_staff_cannot_import_or_download(client, unit_staff_a):
    login(client, unit_staff_a)

    page = client.get(reverse("units:import"))
    template = client.get(reverse("units:import_template", args=["units", "xlsx"]))

    assert (page.status_code, template.status_code) == (403, 403)
    assert "Bạn không có quyền truy cập trang này" in page.content.decode()


def test_bad_file_lists_errors_and_imports_nothing(client, admin_user):
    login(client, admin_user)
    content = (HEADER + "A,Một,Khác,\nB,Hai,Lạ,A\n").encode()

    response = client.post(
        reverse("units:import"),
        {"kind": "units", "file": SimpleUploadedFile("don-vi.csv", content)},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Tệp có 1 lỗi; chưa dòng nào được nhập." in html
    assert "<td>3</td><td>Loại đơn vị</td><td>«Lạ» không phải loại đơn vị hợp lệ.</td>" in html
    assert Unit.objects.filter(code__in=["A", "B"]).count() == 0


def test_good_file_imports_and_redirects_with_message(client, admin_user):
    login(client, admin_user)
    content = (HEADER + "A,Một,Khác,\nB,Hai,Trường học,A\n").encode()

    response = client.post(
        reverse("units:import"),
        {"kind": "units", "file": SimpleUploadedFile("don-vi.csv", content)},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("units:unit_list"), 302)]
    assert "Đã nhập đơn vị: thêm mới 2, cập nhật 0." in response.content.decode()
    assert Unit.objects.get(code="B").parent == Unit.objects.get(code="A")


def test_template_download(client, admin_user):
    from openpyxl import load_workbook

    login(client, admin_user)

    response = client.get(reverse("units:import_template", args=["people", "xlsx"]))

    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-can-bo.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == [
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
