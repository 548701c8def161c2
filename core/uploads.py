"""Uploaded files: accepted by their content, bounded in size, stored under a generated
name with their SHA-256, and served only as attachments.

Used by dossiers (awards) and report submissions (reports) alike.
"""

import hashlib
import io
import logging
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .http import file_response

logger = logging.getLogger(__name__)


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


# Names that make a PDF act (run JavaScript, start a program, open a form engine) or carry
# other files inside it. A reviewer opening the file must only read it.
ACTIVE_PDF_NAMES = {
    "/JS",
    "/JavaScript",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/FileAttachment",
    "/RichMedia",
    "/XFA",
}
_RAW_ACTIVE = re.compile(
    rb"/(JS|JavaScript|Launch|EmbeddedFiles?|FileAttachment|RichMedia|XFA)(?![A-Za-z0-9_.-])"
)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _raw_pdf_is_active(data):
    """The bytes as written (names like /J#61vaScript decoded): catches what is not compressed."""
    plain = _NAME_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), data)
    return _RAW_ACTIVE.search(plain) is not None


def _dict_is_active(obj):
    from pypdf.generic import DictionaryObject  # noqa: PLC0415 - only PDF uploads pay for it

    if not isinstance(obj, DictionaryObject):
        return False
    for key, value in obj.items():
        if key in ACTIVE_PDF_NAMES:
            return True
        if key in ("/S", "/Type", "/Subtype") and str(value) in ACTIVE_PDF_NAMES:
            return True
    return False


def _parsed_pdf_is_active(data):
    """Every object of the file, including those packed in compressed object streams.

    Returns True (active), False (clean) or None (pypdf cannot read the file).
    """
    from pypdf import PdfReader  # noqa: PLC0415 - only PDF uploads pay for it
    from pypdf.generic import IndirectObject  # noqa: PLC0415

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return None
        numbers = {(num, gen) for gen, table in reader.xref.items() for num in table}
        numbers |= {(num, 0) for num in reader.xref_objStm}
        if _dict_is_active(reader.trailer) or _dict_is_active(reader.root_object):
            return True
        for num, gen in sorted(numbers):
            try:
                obj = reader.get_object(IndirectObject(num, gen, reader))
            except Exception:  # noqa: S112 - one damaged object: check the others
                continue
            if _dict_is_active(obj):
                return True
    except Exception:  # pypdf raises many kinds for damaged files
        logger.info("PDF not readable by pypdf; checked by its bytes only", exc_info=True)
        return None
    return False


def pdf_has_active_content(fileobj):
    """True when the PDF carries JavaScript, launch actions or embedded files."""
    fileobj.seek(0)
    data = fileobj.read()
    fileobj.seek(0)
    if _raw_pdf_is_active(data):
        return True
    return bool(_parsed_pdf_is_active(data))


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
    if kind == PDF and pdf_has_active_content(uploaded):
        raise ValidationError(
            _(
                "Tệp «%(name)s» là PDF có chứa mã JavaScript, lệnh chạy chương trình hoặc tệp "
                "đính kèm bên trong; hệ thống không nhận loại tệp này vì lý do an toàn. Hãy in "
                "lại tệp ra PDF thường (chọn “In” → “Lưu dưới dạng PDF”) rồi tải lên."
            )
            % {"name": uploaded.name},
            code="pdf_active",
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


# content type -> (extension given on download, extensions kept as the uploader wrote them)
KIND_EXTENSIONS = {kind.content_type: (kind.extension, {kind.extension}) for kind in ACCEPTED_KINDS}
KIND_EXTENSIONS[JPEG.content_type] = ("jpg", {"jpg", "jpeg"})


def download_name_for(original_name, content_type):
    """The uploader's name with the extension of the type found in the bytes.

    A JPEG uploaded as "page.html" downloads as "page.jpg": saved and opened, it opens as an
    image, never as a web page.
    """
    if content_type not in KIND_EXTENSIONS:
        return original_name
    extension, kept = KIND_EXTENSIONS[content_type]
    name = PurePosixPath(original_name.replace("\\", "/")).name
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix.lower() in kept and stem:
        return name
    base = (stem if dot else name).strip() or "tep"
    return f"{base}.{extension}"


def attachment_response(field_file, *, download_name, content_type):
    """Serve a stored file as a download (core.http) under the uploader's name with the
    extension of its content."""
    return file_response(
        field_file.open("rb"), download_name_for(download_name, content_type), content_type
    )
