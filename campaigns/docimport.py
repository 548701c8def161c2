"""A draft plan from the file the office already has: a .docx or a text PDF.

Rule-based, no network. The text is read in order (python-docx for Word, `pdftotext` for
PDF), wrapped lines are rejoined into paragraphs, and the Decree 30/2020 layout is
recognised:

- the header: issuing body lines, "Số: …/KH-…", "{Địa danh}, ngày … tháng … năm …";
- the document type ("KẾ HOẠCH") and the title (trích yếu) under it;
- the opening: "Căn cứ …" / "Thực hiện …" paragraphs, each cited document one legal-basis
  item (number, date, issuer, subject), then the intro;
- the body: numbering I., 1., 1.1., a), -, + as a tree of sections and paragraphs;
- the closing ("Trên đây …"), "Nơi nhận:" and the signature block (TM., KT., Q., TL., TUQ.);
- the structured parts the text states, by the phrases plans use: targets with their
  numbers (under a "chỉ tiêu"/"mục tiêu" heading), award forms ("Giấy khen của Chủ tịch
  …", "đề nghị … tặng Bằng khen"), quotas ("không quá 03 tập thể và 05 cá nhân"), deadlines
  ("trước ngày 30/11/2023", "trước ngày 20/12 hàng năm", "Quý IV năm 2025").

The result is campaign JSON (`thidua.campaign/1`) for `io.import_campaign`; every part it
recognised carries `"to_confirm": true`, and so does the plan, until the office confirms.
Nothing here knows any particular plan: only the document format and generic phrases.
"""

import datetime
import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from django.utils.text import slugify
from django.utils.translation import gettext as _

FORMAT = "thidua.campaign/1"
DOC_TYPES = (
    "KẾ HOẠCH",
    "QUYẾT ĐỊNH",
    "HƯỚNG DẪN",
    "CHƯƠNG TRÌNH",
    "THÔNG BÁO",
    "CHỈ THỊ",
    "BÁO CÁO",
    "TỜ TRÌNH",
    "ĐỀ ÁN",
)
NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
MOTTO = "Độc lập - Tự do - Hạnh phúc"

ROMAN = re.compile(r"^(?P<num>[IVX]{1,5}\.)\s*(?P<rest>.*)$")
NUMBERED = re.compile(r"^(?P<num>\d{1,2}\.(?:\d{1,2}\.)*\d{0,2})\s+(?P<rest>\S.*)$")
LETTERED = re.compile(r"^(?P<num>[a-zđ][.)])\s+(?P<rest>.*)$")
BULLET = re.compile(r"^(?P<num>[-+•–])\s*(?P<rest>\S.*)$")
NUMBER_LINE = re.compile(r"Số\s*:\s*(?P<number>\d*)\s*/\s*(?P<symbol>[A-ZĐ0-9][\w.\-]*)")
PLACE_DATE = re.compile(
    r"(?P<place>[^\W\d_][^,]{0,40}?),\s*ngày\s*(?P<day>\d{1,2})?\s*tháng\s*(?P<month>\d{1,2})?"
    r"\s*năm\s*(?P<year>\d{4})"
)
BASIS_START = ("Căn cứ", "Thực hiện")
DOC_KINDS = (
    "Luật",
    "Bộ luật",
    "Nghị định",
    "Nghị quyết",
    "Quyết định",
    "Thông tư",
    "Chỉ thị",
    "Kế hoạch hành động",
    "Kế hoạch",
    "Kết luận",
    "Công văn",
    "Hướng dẫn",
    "Chương trình",
    "Thông báo",
    "Đề án",
)
# "Kế hoạch số 70 – KH/HU", "Nghị quyết số 04 -NQ/TU", and without "số" only a number
# with a symbol ("Nghị quyết 37/NQ-HĐND"), never a year ("Luật … năm 2022").
DOC_REF = re.compile(
    r"\b(?P<kind>" + "|".join(DOC_KINDS) + r")\s+(?:(?:[^;]{0,30}?\s)?số\s*(?P<number>\d[\w/.\-–]*"
    r"(?:\s*[–-]\s*[A-ZĐ][\w/.\-]*)?)|(?P<bare>\d+[\w.\-]*/[A-ZĐ0-9][\w/.\-]*))",
)
DATE_DMY = re.compile(r"ngày\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})")
ROLE_WORDS = [
    ("tổ chức thực hiện", "organisation"),
    ("tiến độ", "timeline"),
    ("kinh phí", "budget"),
    ("mục đích", "purpose"),
    ("yêu cầu", "purpose"),
    ("phạm vi", "scope"),
    ("đối tượng", "participants"),
    ("chỉ tiêu", "targets"),
    ("mục tiêu", "targets"),
    ("tiêu chí", "criteria"),
    ("tiêu chuẩn", "criteria"),
    ("hồ sơ", "dossier"),
    ("khen thưởng", "awards"),
    ("hình thức", "awards"),
    ("thời gian", "timeline"),
    ("sơ kết", "timeline"),
    ("tổng kết", "timeline"),
    ("lĩnh vực", "priorities"),
    ("nội dung", "content"),
]
INHERITED_ROLES = {"purpose", "content", "priorities", "targets", "organisation", "timeline"}
SIGN_PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
PERCENT = re.compile(
    r"(?P<cmp>tối thiểu|ít nhất|trên|từ|đạt|dưới|không quá|tối đa)?\s*"
    r"(?P<v>\d{1,3}(?:[.,]\d+)?)\s*(?:%\s*)?(?:-|–|đến)\s*(?P<v2>\d{1,3}(?:[.,]\d+)?)\s*%"
    r"|(?P<cmp1>tối thiểu|ít nhất|trên|từ|đạt|dưới|không quá|tối đa)?\s*"
    r"(?P<v1>\d{1,3}(?:[.,]\d+)?)\s*%",
    re.IGNORECASE,
)
FORM_NAMES = r"Giấy khen|Bằng khen|Cờ thi đua"
FORM_BY = re.compile(
    r"(?P<form>" + FORM_NAMES + r")\s+(?:của\s+)?(?P<decider>(?:Chủ tịch|Thủ trưởng|Giám đốc|"
    r"Bộ trưởng|Thủ tướng)[^,;().]*?)(?=\s+(?:cho|đối với|về|tặng|và)\b|\s*[,;().]|$)",
    re.IGNORECASE,
)
PROPOSE = re.compile(
    r"đề nghị\s+(?P<decider>(?:Chủ tịch|Thủ trưởng|Giám đốc|Bộ trưởng|Thủ tướng)[^,;().]*?)\s+"
    r"tặng\s+(?P<form>" + FORM_NAMES + r")",
    re.IGNORECASE,
)
QUOTA = re.compile(
    r"(?P<limit>không quá|tối đa)?\s*(?P<c>\d{1,3})\s+tập thể"
    r"(?:\s*(?:và|,)\s*(?P<i>\d{1,3})\s+cá nhân)?",
    re.IGNORECASE,
)
QUOTA_INDIVIDUAL = re.compile(
    r"(?P<limit>không quá|tối đa)?\s*(?P<i>\d{1,3})\s+cá nhân", re.IGNORECASE
)
DEADLINE = re.compile(
    r"(?P<phrase>(?:trước|chậm nhất|hạn chót|hạn)\s+(?:là\s+)?(?:ngày\s+)?"
    r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?"
    r"(?P<yearly>\s+(?:hàng|hằng) năm)?)",
    re.IGNORECASE,
)
QUARTER = re.compile(
    r"(?P<phrase>Quý\s+(?P<q>IV|I{1,3}|[1-4])\s*(?:/|năm)\s*(?P<y>\d{4}))", re.IGNORECASE
)
ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4}
MILESTONE_WORDS = [
    ("sơ kết", "mid_term_review"),
    ("tổng kết", "final_review"),
    ("đăng ký", "registration_due"),
    ("hồ sơ", "nominations_due"),
    ("khen thưởng", "nominations_due"),
    ("kế hoạch", "unit_plans_due"),
    ("báo cáo", "unit_reports_due"),
]


class DocumentReadError(Exception):
    """The file cannot be read as a plan (not a .docx, a scanned PDF, no text)."""


# --- reading ----------------------------------------------------------------------


def _clean(text):
    text = unicodedata.normalize("NFC", text or "").replace("\u00a0", " ").replace("**", "")
    return " ".join(text.replace("\t", " ").split())


def read_docx(data):
    """The lines of a .docx in reading order: paragraphs and table cells (the header and
    the signature block are usually two-column tables), row by row, left to right."""
    import docx  # noqa: PLC0415 - python-docx is only needed when a Word file comes in
    from docx.table import Table  # noqa: PLC0415 - idem
    from docx.text.paragraph import Paragraph  # noqa: PLC0415 - idem

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a broken package
        raise DocumentReadError(_("Không đọc được tệp Word (.docx) này.")) from error
    lines = []

    def add(text):
        for part in (text or "").split("\n"):
            cleaned = _clean(part)
            if cleaned:
                lines.append(cleaned)

    def visit(parent):
        for child in parent.iter_inner_content():
            if isinstance(child, Paragraph):
                add(child.text)
            elif isinstance(child, Table):
                for row in child.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # a merged cell repeats
                            continue
                        seen.add(id(cell._tc))
                        visit(cell)

    visit(document)
    return lines


def read_pdf(data):
    """The lines of a text PDF, by `pdftotext` (poppler-utils) in reading order."""
    tool = shutil.which("pdftotext")
    if tool is None:
        raise DocumentReadError(_("Máy chủ chưa cài công cụ đọc PDF (pdftotext)."))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.pdf"
        path.write_bytes(data)
        result = subprocess.run(  # noqa: S603 - fixed tool, our own temporary file
            # -raw: content-stream order, and no joining of "KH-" / "UBND" at a line end.
            [tool, "-raw", "-enc", "UTF-8", "-nopgbrk", str(path), "-"],
            capture_output=True,
            timeout=60,
            check=False,
        )
    if result.returncode != 0:
        raise DocumentReadError(_("Không đọc được tệp PDF này."))
    lines = [_clean(line) for line in result.stdout.decode("utf-8", "replace").splitlines()]
    # A bare page number is page furniture, not text.
    lines = [line for line in lines if line and not line.isdigit()]
    if sum(len(line) for line in lines) < 200:
        raise DocumentReadError(
            _("Tệp PDF gần như không có chữ (có thể là bản chụp); cần tệp PDF có lớp chữ.")
        )
    return lines


def read_document(kind, data):
    """The text lines of a file whose kind (`core.uploads` FileKind code: "docx", "pdf")
    was judged by its bytes."""
    if kind == "docx":
        return read_docx(data)
    if kind == "pdf":
        return read_pdf(data)
    raise DocumentReadError(_("Chỉ nhận tệp Word (.docx) hoặc PDF (.pdf)."))


# --- paragraphs --------------------------------------------------------------------


def _starts_block(line):
    if ROMAN.match(line) or NUMBERED.match(line) or LETTERED.match(line):
        return True
    bullet = BULLET.match(line)
    return bool(bullet and (line[1:2] == " " or bullet["rest"][:1].isupper()))


def join_paragraphs(lines):
    """Rejoin wrapped lines: a new paragraph starts at numbering or a bullet, or after a
    line ending a sentence when the next starts with a capital letter, or after a short
    numbered heading."""
    paragraphs = []
    for line in lines:
        if not paragraphs:
            paragraphs.append(line)
            continue
        prev = paragraphs[-1]
        if prev.endswith(("-", "/")) and not prev.endswith(" -") and not _starts_block(line):
            paragraphs[-1] = prev + line  # "KH-" / "UBND": one word split at the line end
            continue
        numbered = ROMAN.match(prev) or NUMBERED.match(prev)
        heading_like = (
            numbered
            and prev[-1] not in ".:;,!?"
            and numbered["rest"][:1].isupper()
            and len(prev) < 110
        )
        # "…; Nghị quyết số …" goes on: a list of documents or clauses runs across lines;
        # only a full stop, colon, "!" or "?" ends an unnumbered paragraph.
        new = (
            _starts_block(line)
            or (prev[-1] in ".:!?" and line[:1].isupper())
            or (prev[-1] in ";," and line.startswith(BASIS_START))
            or (heading_like and line[:1].isupper())
            or line.startswith("Nơi nhận")
            or _is_signature_line(line)
        )
        if new:
            paragraphs.append(line)
        else:
            paragraphs[-1] = prev + " " + line
    return paragraphs


def _is_signature_line(line):
    return line.startswith(SIGN_PREFIXES) and line[line.index(".") + 1 :].strip().isupper()


# --- the header and the opening ----------------------------------------------------


def _doc_type_at(lines):
    for i, line in enumerate(lines[:40]):
        if line.upper() in DOC_TYPES and line == line.upper():
            return i
    return None


def parse_header(lines):
    """(header dict, remaining header text lines) from the lines above the document type."""
    header = {
        "governing_body_line": "",
        "issuing_body_lines": [],
        "number": "",
        "symbol": "",
        "place": "",
        "date": {"day": None, "month": None, "year": None},
    }
    bodies = []
    for line in lines:
        rest = line
        number = NUMBER_LINE.search(rest)
        if number:
            header["number"], header["symbol"] = number["number"][:20], number["symbol"][:50]
            rest = (rest[: number.start()] + " " + rest[number.end() :]).strip()
        date = PLACE_DATE.search(rest)
        if date:
            header["place"] = date["place"].strip()
            header["date"] = {
                "day": int(date["day"]) if date["day"] else None,
                "month": int(date["month"]) if date["month"] else None,
                "year": int(date["year"]),
            }
            rest = (rest[: date.start()] + " " + rest[date.end() :]).strip()
        for words in (*NATIONAL, MOTTO):
            rest = rest.replace(words, "").strip()
        rest = rest.strip(" -_")
        if rest and rest == rest.upper() and any(c.isalpha() for c in rest):
            bodies.append(rest)
    if len(bodies) >= 3 or (len(bodies) == 2 and bodies[0].startswith(("UBND", "BỘ", "TỈNH"))):
        header["governing_body_line"], bodies = bodies[0], bodies[1:]
    header["issuing_body_lines"] = bodies
    return header


def split_basis(paragraph, kind):
    """One paragraph of the opening → one item per cited document (split at "; " before a
    new "<kind of document> số …"), each with its parsed number, date, issuer, subject."""
    starts = [0]
    for match in DOC_REF.finditer(paragraph):
        cut = paragraph.rfind(";", 0, match.start())
        if cut > starts[-1] and not paragraph[cut + 1 : match.start()].strip(" ,")[:1].islower():
            starts.append(cut + 1)
        elif cut > starts[-1]:
            starts.append(cut + 1)
    pieces = []
    for a, b in zip(starts, [*starts[1:], len(paragraph)], strict=True):
        piece = paragraph[a:b].strip()
        if piece:
            pieces.append(piece)
    items = []
    for n, piece in enumerate(pieces):
        ref = DOC_REF.search(piece)
        date = DATE_DMY.search(piece)
        issuer = re.search(
            r"\bcủa\s+(?P<issuer>.+?)(?=\s+(?:về|phê duyệt|quy định|thông qua|ban hành)\b|[;,.]|$)",
            piece,
        )
        subject = re.search(r"\bvề\s+(?:việc\s+)?(?P<subject>.+?)[;.,]?$", piece)
        doc_date = None
        if date:
            try:
                doc_date = datetime.date(int(date["y"]), int(date["m"]), int(date["d"])).isoformat()
            except ValueError:
                doc_date = None
        raw_number = (ref["number"] or ref["bare"]) if ref else ""
        number = re.sub(r"\s*[–-]\s*", "-", raw_number).strip(" ,.;")
        items.append(
            {
                "kind": kind,
                "text": piece,
                "continues": n > 0,
                "doc_number": number[:100],
                "doc_date": doc_date,
                "issuer": (issuer["issuer"].strip() if issuer else "")[:255],
                "doc_title": subject["subject"].strip() if subject else "",
                "is_parent_plan": bool(
                    kind == "thuc_hien"
                    and ref
                    and ref["kind"].startswith("Kế hoạch")
                    and re.search(r"phát động|thi đua", piece, re.IGNORECASE)
                ),
                "to_confirm": True,
            }
        )
    return items


# --- the body ----------------------------------------------------------------------


def _role_of(heading, inherited="other"):
    low = heading.lower()
    for word, role in ROLE_WORDS:
        if word in low:
            return role
    return inherited


def _depth_of(num):
    if ROMAN.match(num + " x"):
        return 1
    return 2 + num.rstrip(".").count(".")


def _split_heading(rest):
    """A short numbered line is a bold heading; "Phạm vi: text" splits at the colon; a long
    numbered sentence is a numbered paragraph."""
    if ":" in rest[:70] and not rest.endswith(":"):
        head, lead = rest.split(":", 1)
        return head + ":", lead.strip()
    if len(rest) <= 130 and not rest.endswith((".", ";", "./.")):
        return rest, ""
    return "", rest


def _new_section(numbering, heading, lead, role, organisation=""):
    return {
        "numbering": numbering,
        "heading": heading,
        "lead": lead,
        "role": role,
        "organisation": organisation,
        "organisation_unit": None,
        "paragraphs": [],
        "sections": [],
    }


def _holder(section, role):
    """Where the next paragraph of `section` goes: itself, or once it has sub-sections an
    untitled continuation after them, so the print order is kept."""
    if not section["sections"]:
        return section
    last = section["sections"][-1]
    if last["numbering"] == "" and last["heading"] == "" and not last["sections"]:
        return last
    continuation = _new_section("", "", "", role)
    section["sections"].append(continuation)
    return continuation


def build_sections(paragraphs):
    root = _new_section("", "", "", "other")
    stack = [(0, root, "other")]
    for text in paragraphs:
        match = ROMAN.match(text) or NUMBERED.match(text)
        if match:
            num = match["num"]
            depth = _depth_of(num)
            while stack[-1][0] >= depth:
                stack.pop()
            parent_role = stack[-1][2]
            heading, lead = _split_heading(match["rest"])
            if depth > 1 and parent_role in INHERITED_ROLES:
                role = parent_role
                if parent_role in ("content", "purpose") and heading:
                    role = _role_of(heading, parent_role)
            else:
                role = _role_of(heading or lead[:60], parent_role if depth > 1 else "other")
            if not heading and stack[-1][1] is not root:
                _holder(stack[-1][1], stack[-1][2])["paragraphs"].append(
                    {"marker": num, "text": lead}
                )
                continue
            organisation = heading.rstrip(":")[:255] if role == "organisation" and depth > 1 else ""
            section = _new_section(num, heading, lead, role, organisation)
            stack[-1][1]["sections"].append(section)
            stack.append((depth, section, role))
            continue
        marker = ""
        for pattern in (LETTERED, BULLET):
            found = pattern.match(text)
            if found:
                marker, text = found["num"], found["rest"]
                break
        holder = stack[-1][1]
        if holder is root:
            if not root["sections"]:
                root["sections"].append(_new_section("", "", "", "other"))
            holder = root["sections"][-1]
        _holder(holder, stack[-1][2])["paragraphs"].append({"marker": marker, "text": text})
    return root["sections"]


def parse_tail(lines):
    """Recipients ("- …;"), signature lines (upper case, TM./KT./Q./TL./TUQ.) and the
    signer's name from the lines after "Nơi nhận:"."""
    recipients, signature, other = [], [], []
    for line in lines:
        if line.startswith(("-", "+", "•")) and not _is_signature_line(line):
            recipients.append(line[1:].strip())
        elif line.startswith(SIGN_PREFIXES) or (
            line == line.upper() and any(map(str.isalpha, line))
        ):
            signature.append(line)
        elif recipients and not signature and not recipients[-1].endswith((";", ".")):
            recipients[-1] += " " + line
        else:
            other.append(line)
    names = [line for line in other if re.fullmatch(r"(?:[^\W\d_][\w]*\s?){2,6}", line)]
    signer = names[-1] if names else ""
    prefix = next((p for p in SIGN_PREFIXES if signature and signature[0].startswith(p)), "")
    items = []
    for text in recipients:
        suffix = re.search(r"\((b/c|báo cáo|để báo cáo|để đăng tải|để biết)\)", text)
        items.append({"text": text[:500], "suffix": suffix.group(0) if suffix else ""})
    return items, {"prefix": prefix, "lines": signature, "signer": signer[:255]}


# --- structured parts ---------------------------------------------------------------


def _number(text):
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value


def targets_in(text):
    """A target per clause with a percentage ("tối thiểu 80% …; 100% …"), or one
    qualitative target for a clause without a number."""
    clauses = [c.strip(" .;,") for c in re.split(r";\s+|\.\s+(?=[A-ZĐ])", text) if c.strip(" .;,")]
    if len(clauses) > 1 and not all(PERCENT.search(c) for c in clauses):
        clauses = [text.strip(" .;")] if not PERCENT.search(text) else clauses
    found = []
    for clause in clauses:
        percents = list(PERCENT.finditer(clause))
        if not percents:
            if len(clauses) == 1:
                found.append({"text": clause, "comparator": "qualitative", "to_confirm": True})
            continue
        parts = [clause] if len(percents) == 1 else re.split(r",\s+(?=\S*\s*\d)", clause)
        for part in parts:
            match = PERCENT.search(part)
            if match is None:
                continue
            words = (match["cmp"] or match["cmp1"] or "").lower()
            before = part[: match.start()].lower()
            after = part[match.end() : match.end() + 12].lower()
            if match["v2"]:
                comparator, value, value_max = "range", _number(match["v"]), _number(match["v2"])
            else:
                value, value_max = _number(match["v1"]), None
                if words in ("tối thiểu", "ít nhất", "từ", "đạt") or "trở lên" in after:
                    comparator = ">="
                elif words == "trên" or before.endswith("trên "):
                    comparator = ">"
                elif words in ("dưới",):
                    comparator = "<"
                elif words in ("không quá", "tối đa"):
                    comparator = "<="
                else:
                    comparator = ">="
                if comparator == ">=" and value == 100 and "%" in match.group(0):
                    comparator = "="  # "đạt 100%": a share cannot exceed the whole
            found.append(
                {
                    "text": part.strip(" .;,"),
                    "comparator": comparator,
                    "value": value,
                    "value_max": value_max,
                    "unit_of_measure": "%",
                    "to_confirm": True,
                }
            )
    return found


def _form_name(form, decider):
    decider = " ".join(decider.split())
    return f"{form[:1].upper()}{form[1:].lower()} của {decider}"[:500]


def award_forms_in(text):
    forms = []
    for match in PROPOSE.finditer(text):
        forms.append((match.start(), _form_name(match["form"], match["decider"]), "proposed_up"))
    for match in FORM_BY.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()].lower()
        authority = "proposed_up" if "đề nghị" in before or "đề xuất" in before else "decided_here"
        forms.append((match.start(), _form_name(match["form"], match["decider"]), authority))
    return sorted(forms)


def quotas_in(text):
    found = []
    for match in QUOTA.finditer(text):
        found.append(
            (
                match.start(),
                {
                    "text": match.group(0).strip(),
                    "max_collective": int(match["c"]),
                    "max_individual": int(match["i"]) if match["i"] else None,
                },
            )
        )
    covered = [(m.start(), m.end()) for m in QUOTA.finditer(text)]
    for match in QUOTA_INDIVIDUAL.finditer(text):
        if any(a <= match.start() < b for a, b in covered):
            continue
        found.append(
            (
                match.start(),
                {"text": match.group(0).strip(), "max_individual": int(match["i"])},
            )
        )
    return sorted(found, key=lambda item: item[0])


def _milestone_kind(text):
    low = text.lower()
    for word, kind in MILESTONE_WORDS:
        if word in low:
            return kind
    return "other"


def milestones_in(text, *, plan_year, single_year):
    found = []
    yearly_paragraph = re.search(r"\b(hàng|hằng) năm\b", text, re.IGNORECASE)
    for match in DEADLINE.finditer(text):
        day, month = int(match["d"]), int(match["m"])
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        item = {"kind": _milestone_kind(text), "phrase": match["phrase"].strip()}
        if match["y"]:
            try:
                date = datetime.date(int(match["y"]), month, day)
            except ValueError:
                continue
            item.update(precision="date", date=date.isoformat())
        elif match["yearly"] or yearly_paragraph or not (single_year and plan_year):
            item.update(precision="yearly", day=day, month=month)
        else:
            try:
                date = datetime.date(plan_year, month, day)
            except ValueError:
                continue
            item.update(precision="date", date=date.isoformat())
        found.append(item)
    for match in QUARTER.finditer(text):
        q = match["q"].upper()
        quarter = ROMAN_VALUES.get(q) or int(q)
        found.append(
            {
                "kind": _milestone_kind(text),
                "phrase": match["phrase"].strip(),
                "precision": "quarter",
                "quarter": quarter,
                "year": int(match["y"]),
            }
        )
    for item in found:
        item["to_confirm"] = True
    return found


INTRO_WORDS = re.compile(r"\b(?:ban hành|xây dựng)\s+Kế hoạch")


def _split_intro(opening):
    """A basis paragraph that runs on into the sentence announcing the plan ("…; Để …, Sở
    X xây dựng Kế hoạch … như sau:") is split after the last cited document, at the first
    ", " or "; " followed by a capital letter: the rest is the intro."""
    result = []
    for paragraph in opening:
        cut = None
        if paragraph.startswith(BASIS_START) and INTRO_WORDS.search(paragraph):
            refs = list(DOC_REF.finditer(paragraph))
            after = refs[-1].end() if refs else 0
            for match in re.finditer(r"[,;]\s+", paragraph[after:]):
                rest = paragraph[after + match.end() :]
                if rest[:1].isupper() and not DOC_REF.match(rest) and INTRO_WORDS.search(rest):
                    cut = (after + match.start() + 1, after + match.end())
                    break
        if cut:
            result += [paragraph[: cut[0]], paragraph[cut[1] :]]
        else:
            result.append(paragraph)
    return result


def _plan_years(title, header):
    years = [int(y) for y in re.findall(r"\b(20\d\d)\b", title)]
    if header["date"]["year"]:
        years.append(header["date"]["year"])
    span = re.search(r"giai đoạn\s+(20\d\d)\s*[-–]\s*(20\d\d)", title)
    if span:
        return int(span[1]), int(span[2])
    if years:
        return min(years), max(years)
    return None, None


def annotate(data, *, plan_year, single_year):
    """Attach the structured parts found in each paragraph (and in headings' leads, under
    `unplaced`), with ids, forms linked to the quotas that follow them."""
    counters = {"milestones": 0, "award_forms": 0}
    forms_by_name = {}
    last_form = [None]
    unplaced = {}

    def form_id(name, authority):
        key = name.lower()
        if key not in forms_by_name:
            counters["award_forms"] += 1
            forms_by_name[key] = {
                "id": f"hinh-thuc-{counters['award_forms']}",
                "name": name,
                "authority": authority,
                "to_confirm": True,
            }
            return forms_by_name[key], True
        return forms_by_name[key], False

    def parts_of(text, role):
        parts = {}
        for _pos, name, authority in award_forms_in(text):
            form, new = form_id(name, authority)
            last_form[0] = form["id"]
            if new:
                parts.setdefault("award_forms", []).append(form)
        if role in ("awards", "timeline", "dossier", "other", "organisation") or "khen" in text:
            for _pos, quota in quotas_in(text):
                if last_form[0] is None:
                    continue
                parts.setdefault("quotas", []).append(
                    {**quota, "form": last_form[0], "round": None, "to_confirm": True}
                )
        for item in milestones_in(text, plan_year=plan_year, single_year=single_year):
            counters["milestones"] += 1
            parts.setdefault("milestones", []).append(
                {"id": f"moc-{counters['milestones']}", **item}
            )
        if role == "targets":
            parts["targets"] = targets_in(text)
        return parts

    def walk(sections):
        for section in sections:
            if section["lead"]:
                for key, items in parts_of(section["lead"], section["role"]).items():
                    if key != "targets":
                        unplaced.setdefault(key, []).extend(items)
            for paragraph in section["paragraphs"]:
                found = parts_of(paragraph["text"], section["role"])
                for key in ("milestones", "award_forms", "quotas", "targets"):
                    if found.get(key):
                        paragraph[key] = found[key]
            walk(section["sections"])

    walk(data["sections"])
    if unplaced:
        order = ["milestones", "award_forms", "quotas"]
        data["unplaced"] = {k: unplaced[k] for k in order if k in unplaced}


# --- the whole plan ------------------------------------------------------------------


def parse_plan(lines, *, issuing_body, key, body_lines=None):
    """Campaign JSON for `lines` (the document's text lines in order). `issuing_body` is
    the Unit code of the office's body; `body_lines` the printed name to use when the file
    has no header."""
    at = _doc_type_at(lines)
    if at is None:
        at = -1
        document_type = "KẾ HOẠCH"
    else:
        document_type = lines[at]
    header = parse_header(lines[: max(at, 0)])
    rest = lines[at + 1 :]
    # Header lines that a two-column layout put after the document type (a PDF read in
    # columns) are recognised and dropped as well.
    title_lines = []
    i = 0
    while i < len(rest) and len(title_lines) < 6:
        line = rest[i]
        if line.startswith(BASIS_START) or ROMAN.match(line) or line.startswith("Theo đề nghị"):
            break
        if NUMBER_LINE.search(line) or PLACE_DATE.search(line):
            extra = parse_header([line])
            header["number"] = header["number"] or extra["number"]
            header["symbol"] = header["symbol"] or extra["symbol"]
            if extra["place"]:
                header["place"], header["date"] = extra["place"], extra["date"]
        elif set(line) <= set("-_–=*. "):
            pass  # the rule under the title
        else:
            title_lines.append(line)
        i += 1
    title = " ".join(title_lines)
    body_lines_all = rest[i:]
    tail_at = next(
        (n for n, line in enumerate(body_lines_all) if line.startswith("Nơi nhận")),
        len(body_lines_all),
    )
    paragraphs = join_paragraphs(body_lines_all[:tail_at])
    tail_lines = body_lines_all[tail_at + 1 :]
    if tail_at < len(body_lines_all):
        after = body_lines_all[tail_at][len("Nơi nhận") :].strip(" :")
        if after:
            tail_lines = [after, *tail_lines]
    first_heading = next(
        (n for n, p in enumerate(paragraphs) if ROMAN.match(p)),
        next((n for n, p in enumerate(paragraphs) if NUMBERED.match(p)), len(paragraphs)),
    )
    opening, body = paragraphs[:first_heading], paragraphs[first_heading:]
    closing_at = next((n for n, p in enumerate(body) if p.startswith("Trên đây")), len(body))
    closing, body = body[closing_at:], body[:closing_at]
    signature_in_body = [p for p in closing if _is_signature_line(p) or p == p.upper()]
    closing = [p for p in closing if p not in signature_in_body]
    legal_basis, intro, kind = [], [], "thuc_hien"
    for paragraph in _split_intro(opening):
        if paragraph.startswith(BASIS_START) and not intro:
            kind = "can_cu" if paragraph.startswith("Căn cứ") else "thuc_hien"
            legal_basis.extend(split_basis(paragraph, kind))
        else:
            intro.append(paragraph)
    recipients, signature = parse_tail(tail_lines)
    if not signature["lines"] and signature_in_body:
        signature["lines"] = signature_in_body
    if not header["issuing_body_lines"]:
        header["issuing_body_lines"] = list(body_lines or ["ỦY BAN NHÂN DÂN"])
    if not header["symbol"]:
        header["symbol"] = "KH-UBND" if document_type == "KẾ HOẠCH" else ""
    start, end = _plan_years(title, header)
    period_end = re.search(r"đến hết ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})", " ".join(body + opening))
    period = {
        "start": f"{start}-01-01" if start else None,
        "end": (
            datetime.date(int(period_end[3]), int(period_end[2]), int(period_end[1])).isoformat()
            if period_end
            else (f"{end}-12-31" if end else None)
        ),
        "end_text": "",
    }
    if period["start"] and period["end"] and period["end"] < period["start"]:
        period["end"] = None
    data = {
        "format": FORMAT,
        "key": key,
        "issuing_body": issuing_body,
        "header": header,
        "document_type": document_type,
        "title": title or _("Kế hoạch nhập từ tệp"),
        "kind": "thematic",
        "period": period,
        "registration": {"enabled": False, "deadline": None},
        "legal_basis": legal_basis,
        "intro": "\n".join(intro),
        "sections": build_sections(body)
        or [_new_section("", "", "", "other") | {"paragraphs": [{"marker": "", "text": "…"}]}],
        "closing": "\n".join(closing),
        "recipients": recipients,
        "signature": signature,
        "to_confirm": True,
    }
    annotate(data, plan_year=start, single_year=bool(start and start == end))
    return data


def draft_key(title):
    base = slugify(title)[:60].strip("-") or "ke-hoach"
    return f"nhap-{base}-{datetime.datetime.now().strftime('%Y%m%d%H%M%S')}"
