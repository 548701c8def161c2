import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import DOCX, JPEG, PDF, PNG, XLSX, validate_upload


def _zip(*names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n", PDF),
        ("anh.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", PNG),
        ("anh.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", JPEG),
        ("to-trinh.docx", _zip("[Content_Types].xml", "word/document.xml"), DOCX),
        ("bang.xlsx", _zip("[Content_Types].xml", "xl/workbook.xml"), XLSX),
        # The name does not matter: a real PDF named .txt is a PDF.
        ("bao-cao.txt", b"%PDF-1.4\n", PDF),
    ],
)
def test_accepted_by_content(name, content, kind, settings):
    uploaded = SimpleUploadedFile(name, content)

    found, digest = validate_upload(uploaded)

    assert found == kind
    assert len(digest) == 64


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("hoso.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("chuong-trinh.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("linux.pdf", b"\x7fELF\x02\x01\x01"),
        ("script.pdf", b"#!/bin/sh\nrm -rf /\n"),
        ("khong-phai.docx", _zip("readme.txt")),
    ],
)
def test_refused_by_content_with_vietnamese_message(name, content):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content))

    assert error.value.messages == [
        f"Tệp «{name}» không phải tệp PDF, Word (DOCX), Excel (XLSX), JPEG hoặc PNG hợp lệ "
        "(hệ thống kiểm tra nội dung tệp, không dựa vào phần mở rộng)."
    ]


def test_oversize_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    uploaded = SimpleUploadedFile("lon.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1))

    with pytest.raises(ValidationError) as error:
        validate_upload(uploaded)

    assert error.value.messages == ["Tệp «lon.pdf» có dung lượng 1,0 MB, vượt giới hạn 1 MB."]


# --- PDFs that act, and download names ----------------------------------------------

ACTIVE_MESSAGE = "là PDF có chứa mã JavaScript, lệnh chạy chương trình hoặc tệp đính kèm bên trong"


def test_a_plain_pdf_is_accepted():
    from tests.core.pdfs import clean_pdf

    kind, _ = validate_upload(SimpleUploadedFile("to-trinh.pdf", clean_pdf()))

    assert kind == PDF


@pytest.mark.parametrize(
    "maker",
    [
        "pdf_with_open_action_js",
        "pdf_with_attachment",
        "pdf_with_js_in_object_stream",
        "pdf_with_escaped_name",
    ],
)
def test_pdf_with_javascript_or_embedded_files_refused(maker):
    from tests.core import pdfs

    if maker == "pdf_with_escaped_name":
        content = pdfs.pdf_with_open_action_js(name=b"/J#61vaScript")
    else:
        content = getattr(pdfs, maker)()

    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("bien-ban.pdf", content))

    assert error.value.code == "pdf_active"
    assert ACTIVE_MESSAGE in error.value.messages[0]
    assert error.value.messages[0].startswith("Tệp «bien-ban.pdf»")


def test_the_compressed_javascript_is_found_only_by_reading_the_pdf():
    from core.uploads import _parsed_pdf_is_active, _raw_pdf_is_active
    from tests.core.pdfs import pdf_with_js_in_object_stream

    content = pdf_with_js_in_object_stream()

    assert not _raw_pdf_is_active(content)
    assert _parsed_pdf_is_active(content) is True


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("page.html", "image/jpeg", "page.jpg"),
        ("anh.JPEG", "image/jpeg", "anh.JPEG"),
        ("bien-ban.pdf", "application/pdf", "bien-ban.pdf"),
        ("bao-cao.pdf.exe", "application/pdf", "bao-cao.pdf.pdf"),
        ("so-lieu", XLSX.content_type, "so-lieu.xlsx"),
        ("to-trinh.doc", DOCX.content_type, "to-trinh.docx"),
        (".htaccess", "image/png", "tep.png"),
        ("Báo cáo xã.svg", "image/png", "Báo cáo xã.png"),
    ],
)
def test_download_name_takes_the_extension_of_the_content(name, content_type, expected):
    from core.uploads import download_name_for

    assert download_name_for(name, content_type) == expected


def test_a_jpeg_uploaded_as_a_web_page_downloads_as_a_jpeg(tmp_path, db):
    from django.core.files import File

    from core.uploads import attachment_response

    path = tmp_path / "stored.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF<html><script>alert(1)</script>")
    with path.open("rb") as handle:
        response = attachment_response(
            File(handle, name=str(path)), download_name="page.html", content_type="image/jpeg"
        )
        response.close()

    assert response["Content-Disposition"] == 'attachment; filename="page.jpg"'
    assert response["Content-Type"] == "image/jpeg"
