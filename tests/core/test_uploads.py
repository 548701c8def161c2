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
