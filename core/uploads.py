"""Uploaded files: accepted by their content, bounded in size, stored under a generated
name with their SHA-256, and served only as attachments.

Used by dossiers (awards) and report submissions (reports) alike.
"""

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .http import file_response


@dataclass(frozen=True)
class FileKind:
    code: str
    extension: str
    content_type: str
    label: str


PDF = FileKind("pdf", "pdf", "application/pdf", "PDF")
PNG = FileKind("png", "png", "image/png", "PNG")
JPEG = FileKind("jpeg", "jpg", "image/jpeg", "JPEG")
DOCX = FileKind(
    "docx",
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word (DOCX)",
)
XLSX = FileKind(
    "xlsx",
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "Excel (XLSX)",
)
ACCEPTED_KINDS = (PDF, DOCX, XLSX, JPEG, PNG)


def _sniff_zip(head, fileobj):
    """A DOCX or XLSX is a zip holding [Content_Types].xml and word/ or xl/ parts."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    return None


def sniff_kind(fileobj):
    """Return the FileKind of `fileobj` judged by its bytes, or None when not accepted."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        data = fileobj.read()
        fileobj.seek(0)
        return _sniff_zip(head, io.BytesIO(data))
    return None


def validate_upload(uploaded, *, max_bytes=None):
    """Check an uploaded file; return (FileKind, sha256 hex). Raise ValidationError in Vietnamese.

    The extension and the browser's content type are ignored: an HTML page or a program
    renamed ".pdf" is refused because its bytes are not a PDF.
    """
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("Tệp «%(name)s» có dung lượng %(size)s MB, vượt giới hạn %(limit)s MB.")
            % {
                "name": uploaded.name,
                "size": f"{uploaded.size / 1024 / 1024:.1f}".replace(".", ","),
                "limit": f"{max_bytes / 1024 / 1024:g}".replace(".", ","),
            },
            code="too_large",
        )
    if uploaded.size == 0:
        raise ValidationError(_("Tệp «%(name)s» rỗng.") % {"name": uploaded.name}, code="empty")
    kind = sniff_kind(uploaded)
    if kind is None:
        raise ValidationError(
            _(
                "Tệp «%(name)s» không phải tệp PDF, Word (DOCX), Excel (XLSX), JPEG hoặc PNG "
                "hợp lệ (hệ thống kiểm tra nội dung tệp, không dựa vào phần mở rộng)."
            )
            % {"name": uploaded.name},
            code="bad_type",
        )
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
        digest.update(chunk)
    uploaded.seek(0)
    return kind, digest.hexdigest()


def generated_name(kind, prefix):
    """A storage name that never reuses the uploader's name: prefix/yyyy/uuid.ext."""
    return f"{prefix}/{uuid.uuid4().hex}.{kind.extension}"


def attachment_response(field_file, *, download_name, content_type):
    """Serve a stored file as a download under the uploader's name (core.http)."""
    return file_response(field_file.open("rb"), download_name, content_type)
