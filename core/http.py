"""Downloads: every generated document (PDF, XLSX, DOCX, JSON, CSV) and every stored
attachment leaves through `file_response`, so each one is a download with a safe name,
never rendered inline and never sniffed as HTML."""

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, HttpResponse

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv; charset=utf-8"
JSON = "application/json; charset=utf-8"

_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._-]+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,10}")


def _without_marks(text):
    """ "Đắk Nông" -> "Dak Nong"."""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def name_part(text, max_length=80):
    """ "Khen thưởng tổng kết (năm 2024)" -> "khen-thuong-tong-ket-nam-2024": a part of a
    download's name, from the name users know the thing by (its title, its number), never
    its database id; lower-case ASCII and dashes, cut at a dash after `max_length`."""
    slug = _NOT_SLUG.sub("-", _without_marks(text).lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[: max_length + 1].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def document_name(kind, document):
    """ "ke-hoach-15-kh-ubnd-phat-dong-phong-trao-thi-dua-...-nam-2023": an official
    document (core.models.OfficialDocument) by what users know it by, its kind
    ("ke-hoach", "bao-cao"), its number and symbol once it has them, its title and its
    year when the title does not say it; never its database id or internal code."""
    parts = [kind]
    if document.number:
        parts.append(name_part(f"{document.number} {document.symbol}", 30))
    title = name_part(document.title)
    parts.append(title)
    year = getattr(document, "year", None)
    if year and str(year) not in title:
        parts.append(str(year))
    return "-".join(part for part in parts if part)


def ascii_filename(filename):
    """ "Báo cáo tổng hợp (2026).pdf" -> "Bao-cao-tong-hop-2026.pdf": letters without
    diacritics, digits, dot, dash and underscore only; never empty."""
    text = _without_marks(filename)
    stem, dot, extension = text.rpartition(".")
    if not dot or not _EXTENSION.fullmatch(extension):
        stem, extension = text, ""
    stem = _UNSAFE_ASCII.sub("-", stem).strip("-.") or "tep"
    return f"{stem}.{extension}" if extension else stem


def content_disposition(filename, *, inline=False):
    """The header value: an ASCII fallback in `filename`, and the exact name in UTF-8 in
    `filename*` (RFC 6266) when it differs, so every browser saves a usable name and
    none can be tricked by quotes, slashes or line breaks in a user's file name."""
    disposition = "inline" if inline else "attachment"
    name = str(filename).replace("\r", "").replace("\n", "").replace("/", "-")
    name = name.replace("\\", "-")
    fallback = ascii_filename(name)
    header = f'{disposition}; filename="{fallback}"'
    if fallback != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


def file_response(content, filename, content_type, *, inline=False):
    """A download of `content` (bytes or str, or an open file, streamed) as `filename`."""
    if isinstance(content, bytes | str):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    # Nothing a download holds may run as a page of this site (an HTML file renamed .pdf,
    # an SVG): no scripts, no sub-resources, sandboxed.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
