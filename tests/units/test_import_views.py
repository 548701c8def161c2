import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from units.models import Person, Unit

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


def test_anonymous_sent_to_login(client):
    response = client.get(reverse("units:import"))

    assert (response.status_code, response["Location"]) == (
        302,
        f"{reverse('login')}?next={reverse('units:import')}",
    )


def test_people_errors_keep_the_chosen_kind(client, admin_user, commune_a):
    login(client, admin_user)
    content = f"Họ và tên,Giới tính,Mã đơn vị\nNgô Thị Hoa,Nữ,{commune_a.code}\nBùi Văn Ích,Ông,{commune_a.code}\n"

    response = client.post(
        reverse("units:import"),
        {"kind": "people", "file": SimpleUploadedFile("can-bo.csv", content.encode())},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "<td>3</td><td>Giới tính</td><td>«Ông» không hợp lệ; ghi Nam hoặc Nữ.</td>" in html
    assert '<option value="people" selected>' in html
    assert Person.objects.filter(unit=commune_a).count() == 0


def test_people_file_imports_and_redirects_to_people(client, admin_user, commune_a):
    login(client, admin_user)
    content = (
        f"Mã cán bộ;Họ và tên;Giới tính;Mã đơn vị;Lãnh đạo\nCB1;Ngô Thị Hoa;Nữ;{commune_a.code};x\n"
    )

    response = client.post(
        reverse("units:import"),
        {"kind": "people", "file": SimpleUploadedFile("can-bo.csv", content.encode())},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("units:person_list"), 302)]
    assert "Đã nhập cán bộ: thêm mới 1, cập nhật 0." in response.content.decode()
    assert Person.objects.get(code="CB1").is_leader is True


def test_file_over_the_size_limit_refused(client, admin_user, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    login(client, admin_user)
    content = (HEADER + "A,Một,Khác,\n").encode().ljust(1024 * 1024 + 1, b"\n")

    response = client.post(
        reverse("units:import"),
        {"kind": "units", "file": SimpleUploadedFile("don-vi.csv", content)},
    )

    assert response.status_code == 400
    assert "Tệp vượt giới hạn 1 MB." in response.content.decode()
    assert not Unit.objects.filter(code="A").exists()


def test_csv_template_download(client, admin_user):
    login(client, admin_user)

    response = client.get(reverse("units:import_template", args=["units", "csv"]))

    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "text/csv; charset=utf-8",
        'attachment; filename="mau-nhap-don-vi.csv"',
    )
    assert response.content.decode("utf-8").splitlines()[0] == (
        "\ufeffSTT,Mã đơn vị,Tên đơn vị,Tên viết tắt,Loại đơn vị,Cấp,Mã đơn vị cấp trên,"
        "Mã hành chính,Hiệu lực từ ngày,Hiệu lực đến ngày,Đang hoạt động"
    )


def test_unknown_template_kind_is_404(client, admin_user):
    login(client, admin_user)

    response = client.get(reverse("units:import_template", args=["awards", "xlsx"]))

    assert (response.status_code, response.has_header("Content-Disposition")) == (404, False)


def test_import_page_offers_the_templates(client, admin_user):
    login(client, admin_user)

    html = client.get(reverse("units:import")).content.decode()

    for kind in ("units", "people"):
        for fmt in ("xlsx", "csv"):
            assert f'href="{reverse("units:import_template", args=[kind, fmt])}"' in html


def test_unreadable_file_reported_for_the_whole_file(client, admin_user):
    login(client, admin_user)

    response = client.post(
        reverse("units:import"),
        {"kind": "units", "file": SimpleUploadedFile("don-vi.xls", b"\xd0\xcf\x11\xe0\xa1\xb1")},
    )

    assert response.status_code == 400
    assert (
        "<td>—</td><td>(tệp)</td><td>Không đọc được tệp: tệp phải là Excel (.xlsx) "
        "hoặc CSV mã hóa UTF-8.</td>" in response.content.decode()
    )
