"""Name a place in a campaign file the way the plan itself numbers it.

An import error found at the JSON path `$.sections[1].sections[2].paragraphs[0].targets[1]
.value` is shown to the office as «Mục II.3, chỉ tiêu 2, giá trị»: the section numbering
as printed (I., 1., 1.1., a)…), the part counted within its section, the field in
Vietnamese. `Problem` keeps the JSON path beside it for the command line and the tests.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

TOP_LABELS = {
    "format": _l("Định dạng tệp"),
    "key": _l("Mã kế hoạch"),
    "issuing_body": _l("Cơ quan ban hành"),
    "header": _l("Phần đầu văn bản"),
    "document_type": _l("Tên loại văn bản"),
    "title": _l("Trích yếu"),
    "kind": _l("Loại phong trào"),
    "period": _l("Thời gian thực hiện"),
    "registration": _l("Đăng ký thi đua"),
    "legal_basis": _l("Căn cứ"),
    "intro": _l("Câu dẫn"),
    "sections": _l("Nội dung"),
    "closing": _l("Câu kết"),
    "recipients": _l("Nơi nhận"),
    "signature": _l("Chữ ký"),
    "unplaced": _l("Phần dữ liệu chưa gắn với đoạn nào"),
    "appendices": _l("Phụ lục"),
}
PART_LABELS = {
    "participant_categories": _l("đối tượng thi đua"),
    "milestones": _l("mốc thời gian"),
    "award_forms": _l("hình thức khen thưởng"),
    "award_rounds": _l("đợt khen thưởng"),
    "quotas": _l("số lượng khen thưởng"),
    "ratio_rules": _l("tỷ lệ cơ cấu"),
    "dossier_requirements": _l("yêu cầu hồ sơ"),
    "targets": _l("chỉ tiêu"),
    "criteria": _l("tiêu chí"),
}
FIELD_LABELS = {
    "text": _l("nội dung"),
    "marker": _l("ký hiệu đầu dòng"),
    "numbering": _l("số thứ tự"),
    "heading": _l("tiêu đề"),
    "lead": _l("phần chữ sau tiêu đề"),
    "role": _l("vai trò của mục"),
    "organisation": _l("tên cơ quan thực hiện"),
    "organisation_unit": _l("đơn vị thực hiện"),
    "paragraphs": _l("các đoạn"),
    "sections": _l("các mục con"),
    "id": _l("mã"),
    "kind": _l("loại"),
    "phrase": _l("cách ghi"),
    "precision": _l("độ chính xác của mốc"),
    "date": _l("ngày"),
    "day": _l("ngày"),
    "month": _l("tháng"),
    "quarter": _l("quý"),
    "year": _l("năm"),
    "due_at": _l("hạn"),
    "responsible": _l("đơn vị thực hiện"),
    "name": _l("tên"),
    "authority": _l("thẩm quyền"),
    "decider": _l("người quyết định"),
    "recipient_kinds": _l("đối tượng nhận"),
    "eligible_unit_kinds": _l("loại đơn vị được đề nghị"),
    "standards": _l("tiêu chuẩn"),
    "is_title": _l("là danh hiệu thi đua"),
    "vote_threshold_pct": _l("ngưỡng phiếu đồng ý"),
    "label": _l("tên"),
    "milestone": _l("mốc thời gian"),
    "forms": _l("hình thức khen thưởng"),
    "opens_at": _l("mở nhận hồ sơ từ"),
    "deadline": _l("hạn"),
    "late_policy": _l("khi nộp muộn"),
    "dossier_parts": _l("thành phần hồ sơ bắt buộc"),
    "form": _l("hình thức khen thưởng"),
    "round": _l("đợt khen thưởng"),
    "max_collective": _l("số tập thể"),
    "max_individual": _l("số cá nhân"),
    "max_total": _l("số tập thể hoặc cá nhân"),
    "per_unit": _l("tính cho mỗi đơn vị"),
    "pct_collective": _l("tỷ lệ tập thể"),
    "pct_individual": _l("tỷ lệ cá nhân"),
    "applies_to": _l("áp dụng cho"),
    "unit": _l("đơn vị được nêu tên"),
    "unit_kind": _l("loại đơn vị"),
    "exact": _l("đúng số lượng"),
    "pct_base": _l("tỷ lệ tính trên"),
    "base_collective": _l("số tập thể trực tiếp tham gia"),
    "base_individual": _l("số cá nhân trực tiếp tham gia"),
    "leader_max_pct": _l("tỷ lệ lãnh đạo tối đa"),
    "direct_min_pct": _l("tỷ lệ trực tiếp thực hiện tối thiểu"),
    "components": _l("thành phần hồ sơ"),
    "copies": _l("số bộ"),
    "send_to": _l("nơi nhận hồ sơ"),
    "via": _l("qua"),
    "group": _l("nhóm chỉ tiêu"),
    "indicator": _l("chỉ số"),
    "comparator": _l("cách so sánh"),
    "value": _l("giá trị"),
    "value_max": _l("giá trị tối đa"),
    "unit_of_measure": _l("đơn vị tính"),
    "level_thresholds": _l("ngưỡng theo cấp"),
    "level": _l("cấp"),
    "external_index": _l("bộ chỉ số"),
    "category": _l("đối tượng thi đua"),
    "nominee_kind": _l("loại đối tượng"),
    "unit_kinds": _l("loại đơn vị"),
    "unit_level": _l("cấp"),
    "doc_number": _l("số văn bản"),
    "doc_date": _l("ngày văn bản"),
    "issuer": _l("cơ quan ban hành"),
    "doc_title": _l("trích yếu văn bản"),
    "is_parent_plan": _l("là kế hoạch cấp trên"),
    "continues": _l("in tiếp cùng đoạn"),
    "suffix": _l("mục đích gửi"),
    "prefix": _l("thẩm quyền ký"),
    "lines": _l("dòng chức danh"),
    "signer": _l("người ký"),
    "governing_body_line": _l("cơ quan chủ quản"),
    "issuing_body_lines": _l("tên cơ quan ban hành"),
    "number": _l("số"),
    "symbol": _l("ký hiệu"),
    "place": _l("địa danh"),
    "start": _l("ngày bắt đầu"),
    "end": _l("ngày kết thúc"),
    "end_text": _l("kết thúc (ghi bằng chữ)"),
    "enabled": _l("có đăng ký"),
    "note": _l("dòng ghi chú dưới tên"),
    "orientation": _l("chiều trang"),
    "blocks": _l("nội dung"),
    "runs": _l("chữ"),
    "rows": _l("các dòng của bảng"),
    "header_rows": _l("số dòng tiêu đề"),
    "colspan": _l("số cột gộp"),
    "rowspan": _l("số dòng gộp"),
    "bold": _l("in đậm"),
    "italic": _l("in nghiêng"),
}
# Lists whose items are counted by the office as "dòng n" rather than by a part name.
LINE_LISTS = {"recipients": _l("dòng"), "lines": _l("dòng")}


class Problem(tuple):
    """(where, message) as the office reads it; `.path` is the JSON path.

    A plain 2-tuple to callers that unpack `for where, message in errors`."""

    def __new__(cls, where, message, path=""):
        obj = super().__new__(cls, (where, message))
        obj.path = path
        return obj

    @property
    def where(self):
        return self[0]

    @property
    def message(self):
        return self[1]

    def __repr__(self):
        return f"Problem({self[0]!r}, {self[1]!r}, path={self.path!r})"


def json_path(parts):
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _chain_label(numberings):
    """ "I.", "1.", "1.1." → "I.1.1"; "II.", "3.", "a)" → "II.3.a"."""
    result = []
    for raw in numberings:
        n = raw.strip().rstrip(".)").strip()
        if not n:
            continue
        while result and n.startswith(result[-1] + "."):
            result.pop()
        result.append(n)
    return ".".join(result)


def _section_label(chain):
    """The label of the last section in `chain` (a list of section dicts)."""
    label = _chain_label([s.get("numbering", "") for s in chain if isinstance(s, dict)])
    last = chain[-1] if chain and isinstance(chain[-1], dict) else {}
    if last.get("numbering", "").strip() and label:
        return _("Mục %(n)s") % {"n": label}
    heading = str(last.get("heading") or "").strip()
    if heading:
        short = heading if len(heading) <= 50 else heading[:47].rstrip() + "…"
        if label:
            return _("Mục %(n)s, phần «%(h)s»") % {"n": label, "h": short}
        return _("Mục «%(h)s»") % {"h": short}
    if label:
        return _("Mục %(n)s, phần tiếp theo không tiêu đề") % {"n": label}
    return _("Phần không tiêu đề")


def _field(name):
    return str(FIELD_LABELS.get(name, name))


def _top(name):
    return str(TOP_LABELS.get(name, _field(name)))


def _part(name):
    return str(PART_LABELS[name])


def describe(data, parts):
    """The place of JSON path `parts` (a list of keys and indexes) in the plan's words."""
    parts = list(parts)
    if not parts:
        return _("Toàn bộ tệp")
    data = data if isinstance(data, dict) else {}
    head, rest = parts[0], parts[1:]
    if head == "sections":
        return _describe_sections(data.get("sections"), rest)
    if head == "appendices":
        return _describe_appendix(data.get("appendices"), rest)
    if head == "unplaced":
        bits = [_top("unplaced")]
        if rest:
            key = rest[0]
            label = _part(key) if key in PART_LABELS else _field(key)
            if len(rest) > 1 and isinstance(rest[1], int):
                bits.append(f"{label} {rest[1] + 1}")
                bits += [_field(p) if isinstance(p, str) else f"{p + 1}" for p in rest[2:]]
            else:
                bits.append(label)
        return ", ".join(bits)
    bits = [_top(head)]
    if head == "header" and rest[:1] == ["date"]:
        bits = [_("Ngày ban hành")]
        rest = rest[1:]
    previous = head
    for part in rest:
        if isinstance(part, int):
            if previous == "legal_basis":
                bits[-1] = f"{bits[-1]} {part + 1}"
            else:
                word = str(LINE_LISTS.get(previous, _("mục")))
                bits.append(f"{word} {part + 1}")
        else:
            bits.append(_field(part))
        previous = part
    text = ", ".join(bits)
    return text[:1].upper() + text[1:]


def _describe_sections(sections, rest):
    chain, items = [], sections if isinstance(sections, list) else []
    i = 0
    while i < len(rest):
        index = rest[i]
        if not isinstance(index, int) or index >= len(items):
            break
        section = items[index] if isinstance(items[index], dict) else {}
        chain.append(section)
        i += 1
        if i < len(rest) and rest[i] == "sections":
            items = section.get("sections") if isinstance(section.get("sections"), list) else []
            i += 1
            if i >= len(rest):
                return _section_label(chain) + ", " + _field("sections")
            continue
        break
    if not chain:
        return _top("sections")
    label = _section_label(chain)
    tail = rest[i:]
    section = chain[-1]
    if tail[:1] == ["paragraphs"] and len(tail) > 1 and isinstance(tail[1], int):
        paragraphs = (
            section.get("paragraphs") if isinstance(section.get("paragraphs"), list) else []
        )
        j = tail[1]
        if len(tail) > 3 and tail[2] in PART_LABELS and isinstance(tail[3], int):
            key, k = tail[2], tail[3]
            before = sum(
                len(p.get(key) or []) if isinstance(p, dict) else 0 for p in paragraphs[:j]
            )
            bits = [label, f"{_part(key)} {before + k + 1}"]
            bits += [
                _field(p) if isinstance(p, str) else _("mục %(n)s") % {"n": p + 1} for p in tail[4:]
            ]
            return ", ".join(bits)
        bits = [label, _("đoạn %(n)s") % {"n": j + 1}]
        if len(tail) > 2 and tail[2] in PART_LABELS:
            bits.append(_part(tail[2]))
        else:
            bits += [
                _field(p) if isinstance(p, str) else _("mục %(n)s") % {"n": p + 1} for p in tail[2:]
            ]
        return ", ".join(bits)
    return ", ".join(
        [label, *(_field(p) if isinstance(p, str) else _("mục %(n)s") % {"n": p + 1} for p in tail)]
    )


def _describe_appendix(items, rest):
    """ "Phụ lục II, đoạn 3" / "Phụ lục II, bảng 1, dòng 4, ô 2" (counted as printed)."""
    items = items if isinstance(items, list) else []
    if not rest or not isinstance(rest[0], int):
        return _top("appendices")
    index = rest[0]
    appendix = items[index] if index < len(items) and isinstance(items[index], dict) else {}
    label = str(appendix.get("label") or "").strip()
    bits = [label[:1].upper() + label[1:] if label else f"{_top('appendices')} {index + 1}"]
    tail = rest[1:]
    if tail[:1] == ["blocks"] and len(tail) > 1 and isinstance(tail[1], int):
        blocks = appendix.get("blocks") if isinstance(appendix.get("blocks"), list) else []
        b = tail[1]
        kind = blocks[b].get("type") if b < len(blocks) and isinstance(blocks[b], dict) else ""
        word = _("bảng") if kind == "table" else _("đoạn")
        same = sum(
            1
            for x in blocks[:b]
            if isinstance(x, dict) and (x.get("type") == "table") == (kind == "table")
        )
        bits.append(f"{word} {same + 1}")
        tail = tail[2:]
        if tail[:1] == ["rows"] and len(tail) > 1 and isinstance(tail[1], int):
            bits.append(_("dòng %(n)s") % {"n": tail[1] + 1})
            tail = tail[2:]
            if tail and isinstance(tail[0], int):
                bits.append(_("ô %(n)s") % {"n": tail[0] + 1})
                tail = tail[1:]
        if tail[:1] == ["runs"]:
            tail = tail[2:] if len(tail) > 1 else tail[1:]
    bits += [_field(p) for p in tail if isinstance(p, str)]
    return ", ".join(bits)
