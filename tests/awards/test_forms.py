"""Forms that fight nobody: typed opinions survive a refused finish, a submitted dossier
answers with a message, several files at once tied to a nominee, rows of each kind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.enums import Appraisal, DossierState
from awards.models import Dossier
from tests.factories.awards import nominate


@pytest.fixture
def accepted(dossier_a, commune_a, people_a):
    rows = [nominate(dossier_a, unit=commune_a)] + [
        nominate(dossier_a, person=p) for p in people_a[:2]
    ]
    Dossier.objects.filter(pk=dossier_a.pk).update(state=DossierState.ACCEPTED)
    return dossier_a, rows


def test_finishing_with_one_opinion_missing_keeps_every_opinion(client, accepted, appraiser):
    dossier, (first, second, third) = accepted
    client.force_login(appraiser)
    data = {
        f"appraisal_{first.pk}": "propose",
        f"note_{first.pk}": "Tiêu biểu",
        f"appraisal_{second.pk}": "not_propose",
        f"note_{second.pk}": "Thiếu minh chứng",
        f"appraisal_{third.pk}": "",
        f"note_{third.pk}": "Đang xác minh",
        "finish": "1",
    }

    response = client.post(reverse("awards:dossier_appraisal", args=[dossier.pk]), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "còn đề nghị chưa có ý kiến (Cán bộ A1)" in html
    assert 'value="Đang xác minh"' in html and 'value="Tiêu biểu"' in html
    assert "Chọn ý kiến thẩm định." in html
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.appraisal, first.appraisal_note) == (Appraisal.PROPOSE, "Tiêu biểu")
    assert second.appraisal == Appraisal.NOT_PROPOSE
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.ACCEPTED

    data[f"appraisal_{third.pk}"] = "propose"
    client.post(reverse("awards:dossier_appraisal", args=[dossier.pk]), data)
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.APPRAISED


def test_editing_a_submitted_dossier_says_why(client, dossier_a, unit_staff_a, unit_staff_b):
    Dossier.objects.filter(pk=dossier_a.pk).update(state=DossierState.SUBMITTED)
    client.force_login(unit_staff_a)
    response = client.get(reverse("awards:dossier_update", args=[dossier_a.pk]), follow=True)
    html = response.content.decode()
    assert "Hồ sơ đang ở trạng thái «Đã nộp»" in html
    assert "chỉ sửa được khi cơ quan thường trực trả lại hồ sơ" in html
    client.force_login(unit_staff_b)
    assert client.get(reverse("awards:dossier_update", args=[dossier_a.pk])).status_code == 404


def xlsx(rows):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("de-nghi.xlsx", buffer.getvalue())


HEADER = [
    "STT",
    "Họ và tên hoặc tên tập thể",
    "Đối tượng",
    "Chức vụ",
    "Đơn vị",
    "Hình thức khen thưởng",
    "Tóm tắt thành tích",
]


def test_nominee_import_all_or_nothing(client, dossier_a, unit_staff_a, commune_a, people_a):
    from tests.factories.units import make_unit

    village = make_unit(parent=commune_a, name="Thôn Đông", kind="village")
    client.force_login(unit_staff_a)
    url = reverse("awards:nominee_import", args=[dossier_a.pk])

    template = client.get(url + "?mau=xlsx")
    assert template["Content-Disposition"] == 'attachment; filename="mau-nhap-de-nghi.xlsx"'

    bad = xlsx(
        [
            HEADER,
            [1, "Thon dong", "Tập thể", "", "", "", "Thành tích thôn"],
            [2, "UBND xã Bình Hải", "Tập thể", "", "", "", "Thành tích"],
            [3, "Cán bộ A0", "Ca nhan", "Chuyên viên", "", "", ""],
            [4, "Ông Hộ", "Hộ gia đình", "", "", "", "Góp đất làm đường"],
            [5, "Cán bộ A1", "Chiến sĩ", "", "", "Bằng khen", "Thành tích"],
        ]
    )
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    errors = [(e.row, e.column) for e in response.context["errors"]]
    assert (3, "Họ và tên hoặc tên tập thể") in errors  # a sibling commune
    assert (4, "Tóm tắt thành tích") in errors
    assert (5, "Đơn vị") in errors  # a household needs its address
    assert (6, "Đối tượng") in errors and (6, "Hình thức khen thưởng") in errors
    assert (2, "Họ và tên hoặc tên tập thể") not in errors  # accent-free name matches
    assert dossier_a.nominations.count() == 0

    good = xlsx(
        [
            ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"],
            HEADER,
            [1, "Thôn Đông", "Tập thể", "", "", "", "Thành tích thôn"],
            [2, "Cán bộ A0", "Cá nhân", "Chuyên viên", "UBND xã An Hải", "", "Thành tích A0"],
            [3, "Ông Hộ", "Hộ gia đình", "", "Thôn Đông", "", "Góp đất làm đường"],
        ]
    )
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    rows = list(dossier_a.nominations.order_by("order"))
    assert [n.nominee_name for n in rows] == ["Thôn Đông", "Cán bộ A0", "Hộ gia đình Ông Hộ"]
    assert rows[0].nominee_unit == village and rows[1].person == people_a[0]


def test_several_files_at_once_and_a_report_per_row(
    client, dossier_a, unit_staff_a, commune_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    existing = nominate(dossier_a, unit=commune_a, achievement_report="")
    client.force_login(unit_staff_a)
    url = reverse("awards:dossier_update", args=[dossier_a.pk])
    data = {
        "letter_number": "1/TTr",
        "letter_date": "20/11/2026",
        "letter_signer": "A",
        "council_date": "18/11/2026",
        "council_members": "7",
        "council_present": "7",
        "nominations-TOTAL_FORMS": "1",
        "nominations-INITIAL_FORMS": "1",
        "nominations-MIN_NUM_FORMS": "0",
        "nominations-MAX_NUM_FORMS": "1000",
        "nominations-0-id": existing.pk,
        "nominations-0-dossier": dossier_a.pk,
        "nominations-0-nominee_kind": "collective",
        "nominations-0-nominee_unit": commune_a.pk,
        "nominations-0-form": existing.form_id,
        "nominations-0-votes_for": "7",
        "nominations-0-achievement_summary": "Thành tích",
        "nominations-0-report_file": SimpleUploadedFile("bao-cao-xa.pdf", b"%PDF-1.7\n1"),
        "kind": "minutes",
        "file": [
            SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7\n2"),
            SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.7\n3"),
        ],
    }
    assert client.post(url, data).status_code == 302
    files = {a.original_name: a for a in dossier_a.attachments.all()}
    assert set(files) == {"bao-cao-xa.pdf", "bien-ban.pdf", "to-trinh.pdf"}
    assert files["bao-cao-xa.pdf"].nomination == existing
    assert files["bao-cao-xa.pdf"].kind == "achievement"

    page = client.get(url).content.decode()
    assert 'data-testid="uploaded-files"' in page and "Bỏ tệp này khi lưu" in page
    data.pop("nominations-0-report_file")
    data["file"] = []
    data["remove_attachment"] = [files["bien-ban.pdf"].pk]
    assert client.post(url, data).status_code == 302
    assert set(dossier_a.attachments.values_list("original_name", flat=True)) == {
        "bao-cao-xa.pdf",
        "to-trinh.pdf",
    }


def test_refused_file_names_itself_and_keeps_typing(client, dossier_a, unit_staff_a, commune_a):
    client.force_login(unit_staff_a)
    response = client.post(
        reverse("awards:dossier_update", args=[dossier_a.pk]),
        {
            "letter_number": "Số đã gõ",
            "nominations-TOTAL_FORMS": "0",
            "nominations-INITIAL_FORMS": "0",
            "nominations-MIN_NUM_FORMS": "0",
            "nominations-MAX_NUM_FORMS": "1000",
            "kind": "other",
            "file": [SimpleUploadedFile("x.pdf", b"<html>")],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tệp «x.pdf»" in html and 'value="Số đã gõ"' in html


def test_form_page_serves_its_script_and_rows_template(client, dossier_a, unit_staff_a):
    client.force_login(unit_staff_a)
    html = client.get(reverse("awards:dossier_update", args=[dossier_a.pk])).content.decode()
    assert "awards/awards.js" in html and "<template data-empty-row>" in html
    assert "nominations-__prefix__-nominee_unit" in html
    assert 'data-kinds="household"' in html
    assert "cdn" not in html.lower()
