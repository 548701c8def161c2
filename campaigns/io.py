"""JSON import and export of a whole campaign (format "thidua.campaign/1").

See docs/campaign-format.md and campaigns/schema/campaign.schema.json. An import is
validated in full first (schema, then references and dates); any error saves nothing and
every error is reported with its JSON path. Export → import → export gives the same file.
"""

import datetime
import decimal
import json
import re
from pathlib import Path

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from core.documents import MIN_SIGNATURE_LINES, signature_problems
from units.models import Unit

from . import appendices, locate
from .deadlines import resolve_due_at
from .locate import json_path
from .models import (
    Appendix,
    AwardForm,
    AwardRound,
    Campaign,
    Criterion,
    DossierRequirement,
    LegalBasis,
    Milestone,
    Paragraph,
    ParticipantCategory,
    Quota,
    RatioRule,
    Recipient,
    Section,
    Target,
)

FORMAT = "thidua.campaign/1"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "campaign.schema.json"
# Structured parts, in the order they are created on import (referenced parts first) and
# the order their lists appear in a paragraph on export.
PART_KEYS = [
    "participant_categories",
    "milestones",
    "award_forms",
    "award_rounds",
    "quotas",
    "ratio_rules",
    "dossier_requirements",
    "targets",
    "criteria",
]
PART_MODELS = {
    "participant_categories": ParticipantCategory,
    "milestones": Milestone,
    "award_forms": AwardForm,
    "award_rounds": AwardRound,
    "quotas": Quota,
    "ratio_rules": RatioRule,
    "dossier_requirements": DossierRequirement,
    "targets": Target,
    "criteria": Criterion,
}
ID_KEYS = {"participant_categories", "milestones", "award_forms", "award_rounds"}
MEASURE_FIELDS = [
    "text",
    "indicator",
    "comparator",
    "value",
    "value_max",
    "unit_of_measure",
    "level_thresholds",
    "external_index",
]


class CampaignImportError(Exception):
    """Every problem of a file at once; each is a `locate.Problem` (where, message) with
    its JSON path in `.path`."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(f"{where}: {message}" for where, message in errors))


def load_schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# --- validation ----------------------------------------------------------------

_path = json_path
DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$"
SLUG_PATTERNS = {"^[a-z0-9][a-z0-9_-]*$", "^[a-z0-9][a-z0-9-]*$"}
TYPE_NAMES = {
    "string": _l("chữ"),
    "integer": _l("số nguyên"),
    "number": _l("số"),
    "boolean": _l("true hoặc false"),
    "array": _l("danh sách"),
    "object": _l("đối tượng {…}"),
    "null": _l("null (để trống)"),
}
EXPECT_DATE = _l("cần ngày dạng yyyy-mm-dd (năm-tháng-ngày), ví dụ 2023-11-30")
EXPECT_DATETIME = _l(
    "cần thời điểm dạng yyyy-mm-ddThh:mm+07:00 (giờ Việt Nam), ví dụ 2023-11-30T00:00+07:00"
)


def _shown(value):
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "…"


def _schema_message(error):
    v, value = error.validator, error.instance
    if v == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        return _("Thiếu %(names)s: bắt buộc phải có.") % {
            "names": ", ".join(f"«{locate.FIELD_LABELS.get(n, n)}» ({n})" for n in missing)
        }
    if v == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        return _("Trường «%(name)s» không thuộc định dạng; cần xoá hoặc sửa tên trường.") % {
            "name": ", ".join(extra)
        }
    if v == "type":
        wanted = (
            error.validator_value
            if isinstance(error.validator_value, list)
            else [error.validator_value]
        )
        return _("Giá trị «%(value)s» sai kiểu: cần %(types)s.") % {
            "value": _shown(value),
            "types": " hoặc ".join(str(TYPE_NAMES.get(t, t)) for t in wanted),
        }
    if v in ("enum", "const"):
        allowed = error.validator_value if v == "enum" else [error.validator_value]
        return _("Giá trị «%(value)s» không hợp lệ; phải là một trong: %(allowed)s.") % {
            "value": _shown(value),
            "allowed": ", ".join(f"«{a}»" for a in allowed),
        }
    if v == "pattern":
        pattern = error.validator_value
        if pattern == DATE_PATTERN:
            expected = EXPECT_DATE
        elif pattern.startswith("^\\d{4}-\\d{2}-\\d{2}T"):
            expected = EXPECT_DATETIME
        elif pattern in SLUG_PATTERNS:
            expected = _(
                "cần mã viết thường không dấu, chỉ gồm chữ a–z, số và dấu gạch ngang, "
                "ví dụ so-ket-2023"
            )
        else:
            expected = _("sai định dạng")
        return _("Giá trị «%(value)s» không đúng: %(expected)s.") % {
            "value": _shown(value),
            "expected": expected,
        }
    if v == "minLength":
        return _("Không được để trống.")
    if v == "minItems":
        return _("Danh sách không được rỗng: cần ít nhất %(n)s mục.") % {"n": error.validator_value}
    if v in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        if low is not None and high is not None:
            expected = _("cần từ %(low)s đến %(high)s") % {"low": low, "high": high}
        elif low is not None:
            expected = _("cần từ %(low)s trở lên") % {"low": low}
        else:
            expected = _("cần không quá %(high)s") % {"high": high}
        return _("Giá trị %(value)s nằm ngoài giới hạn: %(expected)s.") % {
            "value": _shown(value),
            "expected": expected,
        }
    return _("Giá trị «%(value)s» không hợp lệ.") % {"value": _shown(value)}


def _raw_schema_errors(data):
    from jsonschema import Draft202012Validator  # noqa: PLC0415 - only imports pay for it

    validator = Draft202012Validator(load_schema())
    return [(list(e.absolute_path), _schema_message(e)) for e in validator.iter_errors(data)]


def schema_errors(data):
    return _problems(data, _raw_schema_errors(data))


def _dict(value):
    return value if isinstance(value, dict) else {}


def _list(value):
    return value if isinstance(value, list) else []


def _walk_sections(sections, path):
    for i, section in enumerate(_list(sections)):
        if not isinstance(section, dict):
            continue
        yield [*path, i], section
        yield from _walk_sections(section.get("sections"), [*path, i, "sections"])


def _walk_paragraphs(sections, path):
    for spath, section in _walk_sections(sections, path):
        for j, paragraph in enumerate(_list(section.get("paragraphs"))):
            if isinstance(paragraph, dict):
                yield [*spath, "paragraphs", j], paragraph


def _all_parts(data):
    """Yield (json path list, part key, item, paragraph path or None) for every part."""
    for ppath, paragraph in _walk_paragraphs(data.get("sections"), ["sections"]):
        for key in PART_KEYS:
            for k, item in enumerate(_list(paragraph.get(key))):
                if isinstance(item, dict):
                    yield [*ppath, key, k], key, item, ppath
    for key in PART_KEYS:
        for k, item in enumerate(_list(_dict(data.get("unplaced")).get(key))):
            if isinstance(item, dict):
                yield ["unplaced", key, k], key, item, None


def _check_date(value, path, errors):
    if not isinstance(value, str) or not value:
        return
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            y, m, d = value.split("-")
            errors.append(
                (path, _("Ngày %(d)s/%(m)s/%(y)s không có trong lịch.") % {"d": d, "m": m, "y": y})
            )
        # otherwise the schema names the wrong format


def _check_datetime(value, path, errors):
    if isinstance(value, str) and value and parse_datetime_safe(value) is None:
        errors.append(
            (path, _("Thời điểm «%(value)s» không có trong lịch.") % {"value": _shown(value)})
        )


def parse_datetime_safe(value):
    try:
        return parse_datetime(value)
    except ValueError:
        return None


def _raw_semantic_errors(data):
    """References, codes and dates; tolerant of a file the schema refuses, so that every
    error comes out in one pass."""
    errors = []
    code = data.get("issuing_body")
    if isinstance(code, str) and code and not Unit.objects.filter(code=code).exists():
        errors.append(
            (
                ["issuing_body"],
                _("Không có đơn vị mã «%(code)s»; cần mã của một đơn vị đã có trong hệ thống.")
                % {"code": code},
            )
        )
    unit_codes = {
        s.get("organisation_unit"): spath
        for spath, s in _walk_sections(data.get("sections"), ["sections"])
        if isinstance(s.get("organisation_unit"), str) and s.get("organisation_unit")
    }
    known = set(Unit.objects.filter(code__in=unit_codes).values_list("code", flat=True))
    for spath, section in _walk_sections(data.get("sections"), ["sections"]):
        code = section.get("organisation_unit")
        if isinstance(code, str) and code and code not in known:
            errors.append(
                (
                    [*spath, "organisation_unit"],
                    _(
                        "Không có đơn vị mã «%(code)s»; cần mã của một đơn vị đã có trong "
                        "hệ thống, hoặc để trống (null) và chỉ ghi tên cơ quan."
                    )
                    % {"code": code},
                )
            )
    ids = {key: {} for key in ID_KEYS}
    parts = list(_all_parts(data))
    for path, key, item, _p in parts:
        if key in ID_KEYS and isinstance(item.get("id"), str):
            if item["id"] in ids[key]:
                errors.append(
                    (
                        [*path, "id"],
                        _("Mã «%(id)s» bị trùng; mỗi %(what)s cần một mã riêng.")
                        % {"id": item["id"], "what": locate.PART_LABELS[key]},
                    )
                )
            ids[key][item["id"]] = path

    def ref(path, field, key, value):
        if isinstance(value, str) and value and value not in ids[key]:
            errors.append(
                (
                    [*path, field],
                    _("Không tìm thấy «%(id)s»: cần mã của một %(what)s có trong tệp.")
                    % {"id": value, "what": locate.PART_LABELS[key]},
                )
            )

    for path, key, item, _p in parts:
        if key == "award_rounds":
            ref(path, "milestone", "milestones", item.get("milestone"))
            for f, form_id in enumerate(_list(item.get("forms"))):
                ref([*path, "forms"], f, "award_forms", form_id)
            _check_datetime(item.get("opens_at"), [*path, "opens_at"], errors)
            _check_datetime(item.get("deadline"), [*path, "deadline"], errors)
        elif key == "quotas":
            ref(path, "form", "award_forms", item.get("form"))
            ref(path, "round", "award_rounds", item.get("round"))
            errors.extend(_quota_target_errors(path, item))
        elif key == "ratio_rules":
            ref(path, "round", "award_rounds", item.get("round"))
        elif key == "dossier_requirements":
            ref(path, "milestone", "milestones", item.get("milestone"))
        elif key == "criteria":
            ref(path, "category", "participant_categories", item.get("category"))
            errors.extend(_scoring_errors(path, item))
        elif key == "milestones":
            _check_date(item.get("date"), [*path, "date"], errors)
            _check_datetime(item.get("due_at"), [*path, "due_at"], errors)
            precision = item.get("precision")
            if precision == "date" and not item.get("date"):
                errors.append(
                    (
                        [*path, "date"],
                        _("Mốc có ngày cụ thể phải ghi ngày: %(e)s.") % {"e": EXPECT_DATE},
                    )
                )
            if precision == "yearly" and not (item.get("day") and item.get("month")):
                errors.append((path, _("Mốc hằng năm phải ghi ngày (1–31) và tháng (1–12).")))
            if precision == "quarter" and not (item.get("quarter") and item.get("year")):
                errors.append((path, _("Mốc theo quý phải ghi quý (1–4) và năm.")))
            if (
                precision == "yearly"
                and isinstance(item.get("day"), int)
                and isinstance(item.get("month"), int)
                and 1 <= item["month"] <= 12
            ):
                try:
                    datetime.date(2024, item["month"], item["day"])
                except ValueError:
                    errors.append(
                        (
                            [*path, "day"],
                            _("Ngày %(d)s/%(m)s không có trong lịch.")
                            % {"d": item["day"], "m": item["month"]},
                        )
                    )
    for i, basis in enumerate(_list(data.get("legal_basis"))):
        if not isinstance(basis, dict):
            continue
        _check_date(basis.get("doc_date"), ["legal_basis", i, "doc_date"], errors)
        if i == 0 and basis.get("continues") is True:
            errors.append(
                (
                    ["legal_basis", 0, "continues"],
                    _("Căn cứ đầu tiên không thể in tiếp đoạn trước: cần false."),
                )
            )
    header_date = _dict(_dict(data.get("header")).get("date"))
    day, month, year = (header_date.get(k) for k in ("day", "month", "year"))
    if all(isinstance(x, int) for x in (day, month, year)):
        try:
            datetime.date(year, month, day)
        except ValueError:
            errors.append(
                (
                    ["header", "date"],
                    _("Ngày %(d)s/%(m)s/%(y)s không có trong lịch.")
                    % {"d": day, "m": month, "y": year},
                )
            )
    period = _dict(data.get("period"))
    before = len(errors)
    _check_date(period.get("start"), ["period", "start"], errors)
    _check_date(period.get("end"), ["period", "end"], errors)
    start, end = period.get("start"), period.get("end")
    if (
        len(errors) == before
        and isinstance(start, str)
        and isinstance(end, str)
        and re.fullmatch(r"\d{4}-\d{2}-\d{2}", start)
        and re.fullmatch(r"\d{4}-\d{2}-\d{2}", end)
        and end < start
    ):
        errors.append(
            (
                ["period", "end"],
                _("Ngày kết thúc %(end)s trước ngày bắt đầu %(start)s.")
                % {"end": _vn_date(end), "start": _vn_date(start)},
            )
        )
    _check_datetime(
        _dict(data.get("registration")).get("deadline"), ["registration", "deadline"], errors
    )
    signature = _dict(data.get("signature"))
    prefix, title_lines = signature.get("prefix", ""), _list(signature.get("lines"))
    # No lines yet: a plan still being written (publishing requires them).
    if (
        prefix in MIN_SIGNATURE_LINES
        and title_lines
        and all(isinstance(x, str) for x in title_lines)
    ):
        # A draft read from the office's file (to confirm) may lack lines; publishing
        # checks them (campaigns.workflows).
        complete = data.get("to_confirm") is not True
        for message in signature_problems(prefix, "\n".join(title_lines), complete=complete):
            errors.append((["signature", "lines"], message))
    for a, appendix in enumerate(_list(data.get("appendices"))):
        for b, block in enumerate(_list(_dict(appendix).get("blocks"))):
            if isinstance(block, dict) and block.get("type") == "table":
                rows = [row if isinstance(row, list) else [] for row in _list(block.get("rows"))]
                shape = {
                    "header_rows": block.get("header_rows")
                    if isinstance(block.get("header_rows"), int)
                    else 0,
                    "rows": [[c for c in row if isinstance(c, dict)] for row in rows],
                }
                for message in appendices.table_errors(shape):
                    errors.append(
                        (
                            ["appendices", a, "blocks", b],
                            _("Bảng không đúng: %(problem)s.") % {"problem": message},
                        )
                    )
    return errors


def _quota_target_errors(path, item):
    errors = []
    applies_to, code = item.get("applies_to", "round"), item.get("unit")
    if isinstance(code, str) and code and not Unit.objects.filter(code=code).exists():
        errors.append(
            (
                [*path, "unit"],
                _("Không có đơn vị mã «%(code)s»; cần mã của một đơn vị đã có trong hệ thống.")
                % {"code": code},
            )
        )
    if applies_to == "unit" and not code:
        errors.append(([*path, "unit"], _("Số lượng cho một đơn vị phải ghi mã đơn vị đó.")))
    if applies_to in ("unit_kind", "each_unit") and not item.get("unit_kind"):
        errors.append(([*path, "unit_kind"], _("Số lượng theo loại đơn vị phải ghi loại đơn vị.")))
    if item.get("pct_base") == "participants":
        # Collectives without a number are counted from the registrations.
        for pct, base, label in (("pct_individual", "base_individual", _("cá nhân")),):
            if item.get(pct) is not None and item.get(base) is None:
                errors.append(
                    (
                        [*path, base],
                        _(
                            "Tỷ lệ tính trên đối tượng trực tiếp tham gia: cần ghi số %(who)s "
                            "trực tiếp tham gia."
                        )
                        % {"who": label},
                    )
                )
    return errors


def semantic_errors(data):
    return _problems(data, _raw_semantic_errors(data))


def _vn_date(iso):
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def _order_key(parts):
    top = list(locate.TOP_LABELS)
    key = []
    for n, part in enumerate(parts):
        if isinstance(part, int):
            key.append((0, part, ""))
        elif n == 0 and part in top:
            key.append((1, top.index(part), ""))
        else:
            fields = list(locate.FIELD_LABELS)
            key.append((2, fields.index(part) if part in fields else len(fields), part))
    return key


def _problems(data, raw):
    """(path parts, message) → Problems, in the order of the plan."""
    raw = sorted(raw, key=lambda item: _order_key(item[0]))
    return [locate.Problem(locate.describe(data, p), m, path=_path(p)) for p, m in raw]


def validate(data):
    """Every error of `data`, in one pass, as `locate.Problem`s (where, message; `.path`)."""
    if not isinstance(data, dict):
        return [locate.Problem(_("Toàn bộ tệp"), _("Tệp phải chứa một đối tượng JSON {…}."), "$")]
    raw = _raw_schema_errors(data)
    covered = [p for p, _m in raw]

    def under(path):
        return any(path[: len(c)] == c for c in covered)

    semantic = [(p, m) for p, m in _raw_semantic_errors(data) if not under(p)]
    return _problems(data, raw + semantic)


# A plan file nests about 8 levels deep; anything past this is not a plan (and would only
# spend the validator's stack).
MAX_JSON_DEPTH = 32


def _depth_exceeds(data, limit):
    """True when `data` nests lists/objects deeper than `limit` (iterative: no recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def parse_json(raw):
    """Bytes or text of an uploaded file -> Python data, or CampaignImportError (never
    another exception: the upload page answers 400 with the message)."""
    where = _("Toàn bộ tệp")
    too_deep = CampaignImportError(
        [
            locate.Problem(
                where,
                _("Tệp lồng nhau quá %(limit)s cấp: đây không phải tệp kế hoạch hợp lệ.")
                % {"limit": MAX_JSON_DEPTH},
                "$",
            )
        ]
    )
    try:
        data = json.loads(raw)
    except RecursionError as error:
        raise too_deep from error
    except UnicodeDecodeError as error:
        raise CampaignImportError(
            [locate.Problem(where, _("Tệp phải là văn bản mã UTF-8."), "$")]
        ) from error
    except json.JSONDecodeError as error:
        message = _(
            "Tệp không phải JSON hợp lệ: lỗi ở dòng %(line)s, cột %(col)s; cần kiểm tra dấu "
            "phẩy, ngoặc và dấu nháy kép quanh đó."
        ) % {"line": error.lineno, "col": error.colno}
        raise CampaignImportError([locate.Problem(where, message, "$")]) from error
    except (ValueError, TypeError) as error:  # e.g. a number too long to convert
        raise CampaignImportError(
            [locate.Problem(where, _("Tệp không phải JSON hợp lệ."), "$")]
        ) from error
    if _depth_exceeds(data, MAX_JSON_DEPTH):
        raise too_deep
    return data


# --- import ----------------------------------------------------------------------


# What an import writes; a replace rewrites these rows of the stored plan and nothing else.
PLAN_MODELS = {
    Campaign,
    LegalBasis,
    Section,
    Paragraph,
    Recipient,
    Appendix,
    *PART_MODELS.values(),
}
# The printed text of a plan: rewritten whole by a replace (nothing outside points at it).
TEXT_MODELS = [LegalBasis, Recipient, Section, Paragraph, Appendix]


def _outside_links(objs):
    """{what: count} of records outside the plan (dossiers, registrations, report
    obligations, indicators…) that point at `objs` (rows of one plan model)."""
    found = {}
    if not objs:
        return found
    model = type(objs[0])
    for rel in model._meta.related_objects:
        related = rel.related_model
        if related in PLAN_MODELS or related._meta.auto_created:
            continue
        if getattr(related, "FOLLOWS_ITS_PLAN_PART", False):
            # Bookkeeping that goes with the part (the approval board's revision of a
            # round): deleted with it, never a record a user made that hangs on it.
            continue
        count = related._base_manager.filter(**{f"{rel.field.name}__in": objs}).distinct().count()
        if count:
            found[str(related._meta.verbose_name)] = count
    return found


def _decimal(value):
    return None if value is None else decimal.Decimal(str(value))


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _datetime(value):
    return parse_datetime(value) if value else None


def _milestone_due_at(item):
    """The given deadline; when the key is absent, the one the date stands for. An explicit
    null stays null (the office cleared it), so export → import keeps it."""
    if "due_at" in item:
        return _datetime(item["due_at"])
    return resolve_due_at(
        precision=item["precision"],
        date=_date(item.get("date")),
        quarter=item.get("quarter"),
        year=item.get("year"),
    )


def _measure(item):
    fields = {
        name: item.get(name, "")
        for name in ("text", "indicator", "unit_of_measure", "external_index")
    }
    fields["comparator"] = item.get("comparator", "qualitative")
    fields["value"] = _decimal(item.get("value"))
    fields["value_max"] = _decimal(item.get("value_max"))
    fields["level_thresholds"] = item.get("level_thresholds", [])
    return fields


def _campaign_fields(data):
    header = data["header"]
    date = header.get("date", {})
    period = data.get("period", {})
    registration = data.get("registration", {})
    signature = data.get("signature", {})
    return {
        "issuing_body": Unit.objects.get(code=data["issuing_body"]),
        "governing_body_line": header.get("governing_body_line", ""),
        "issuing_body_line": "\n".join(header["issuing_body_lines"]),
        "number": header.get("number", ""),
        "symbol": header.get("symbol", ""),
        "place": header.get("place", ""),
        "issue_day": date.get("day"),
        "issue_month": date.get("month"),
        "issue_year": date.get("year"),
        "document_type": data.get("document_type", "KẾ HOẠCH"),
        "title": data["title"],
        "kind": data.get("kind", "thematic"),
        "period_start": _date(period.get("start")),
        "period_end": _date(period.get("end")),
        "period_end_text": period.get("end_text", ""),
        "registration_enabled": registration.get("enabled", False),
        "registration_deadline": parse_datetime(registration["deadline"])
        if registration.get("deadline")
        else None,
        "intro": data.get("intro", ""),
        "closing": data.get("closing", ""),
        "signing_prefix": signature.get("prefix", ""),
        "signature_lines": "\n".join(signature.get("lines", [])),
        "signer_name": signature.get("signer", ""),
        "to_confirm": data.get("to_confirm", False),
    }


@transaction.atomic
def import_campaign(data, *, replace=False):
    """Create the campaign described by `data` (validated first, every error at once).

    With `replace`, a stored campaign with the same key is rewritten in place: it keeps its
    id, state and history, and every part with an id in the file (milestones, award forms,
    rounds, categories) keeps its row, so dossiers, registrations, report obligations and
    indicators stay linked. Targets, criteria and the other parts are matched by their
    text, then by position. A part that the new file leaves out is deleted, unless records
    outside the plan hang on it: then the whole replace is refused and nothing changes."""
    errors = validate(data)
    existing = (
        Campaign.objects.filter(key=data.get("key")).first() if isinstance(data, dict) else None
    )
    if existing and not replace and not errors:
        errors = [
            locate.Problem(
                locate.describe(data, ["key"]),
                _("Đã có kế hoạch mã «%(key)s»; cần mã khác, hoặc chọn thay kế hoạch đó.")
                % {"key": data["key"]},
                "$.key",
            )
        ]
    if errors:
        raise CampaignImportError(errors)
    grouped = _grouped_parts(data)
    if existing:
        matches, removed = _match_parts(existing, grouped)
        refusals = _removal_refusals(existing, removed)
        if refusals:
            raise CampaignImportError(refusals)
        campaign = existing
        for name, value in _campaign_fields(data).items():
            setattr(campaign, name, value)
        campaign.save()
        for model in (LegalBasis, Recipient, Section, Appendix):
            model.objects.filter(campaign=campaign).delete()
    else:
        matches, removed = {}, {}
        campaign = Campaign.objects.create(key=data["key"], **_campaign_fields(data))
    paragraphs = _create_text(campaign, data)
    _write_parts(campaign, grouped, paragraphs, matches)
    for key in reversed(PART_KEYS):
        for obj in removed.get(key, []):
            obj.delete()
    return campaign


def _create_text(campaign, data):
    """Legal basis, recipients, sections and paragraphs; {paragraph path: Paragraph}."""
    LegalBasis.objects.bulk_create(
        LegalBasis(
            campaign=campaign,
            order=i,
            kind=b["kind"],
            text=b["text"],
            continues=b.get("continues", False),
            doc_number=b.get("doc_number", ""),
            doc_date=_date(b.get("doc_date")),
            issuer=b.get("issuer", ""),
            doc_title=b.get("doc_title", ""),
            is_parent_plan=b.get("is_parent_plan", False),
            to_confirm=b.get("to_confirm", False),
        )
        for i, b in enumerate(data.get("legal_basis", []))
    )
    Recipient.objects.bulk_create(
        Recipient(campaign=campaign, order=i, text=r["text"], suffix=r.get("suffix", ""))
        for i, r in enumerate(data.get("recipients", []))
    )
    Appendix.objects.bulk_create(
        Appendix(
            campaign=campaign,
            order=i,
            label=a.get("label", ""),
            title=a.get("title", ""),
            note=a.get("note", ""),
            orientation=a.get("orientation", "auto"),
            blocks=appendices.canonical_blocks(a["blocks"]),
        )
        for i, a in enumerate(data.get("appendices", []))
    )
    paragraphs = {}
    counter = iter(range(1_000_000))
    codes = {
        s["organisation_unit"]
        for _p, s in _walk_sections(data["sections"], ["sections"])
        if s.get("organisation_unit")
    }
    units_by_code = {u.code: u for u in Unit.objects.filter(code__in=codes)}

    def create_sections(items, parent, path):
        for i, item in enumerate(items):
            unit_code = item.get("organisation_unit")
            section = Section.objects.create(
                campaign=campaign,
                parent=parent,
                order=next(counter),
                numbering=item.get("numbering", ""),
                heading=item["heading"],
                lead=item.get("lead", ""),
                role=item.get("role", "other"),
                organisation=item.get("organisation", ""),
                # validate() refused an unknown code: never a silent null here.
                organisation_unit=units_by_code[unit_code] if unit_code else None,
            )
            spath = [*path, i]
            created = Paragraph.objects.bulk_create(
                Paragraph(
                    campaign=campaign,
                    section=section,
                    order=next(counter),
                    marker=p.get("marker", ""),
                    text=p["text"],
                )
                for p in item.get("paragraphs", [])
            )
            for j, paragraph in enumerate(created):
                paragraphs[tuple([*spath, "paragraphs", j])] = paragraph
            create_sections(item.get("sections", []), section, [*spath, "sections"])

    create_sections(data["sections"], None, ["sections"])
    return paragraphs


def _grouped_parts(data):
    """{part key: [(order, item, paragraph path or None)]} in file order."""
    grouped = {key: [] for key in PART_KEYS}
    for order, (_unused, key, item, ppath) in enumerate(_all_parts(data)):
        grouped[key].append((order, item, tuple(ppath) if ppath else None))
    return grouped


def _match_parts(campaign, grouped):
    """Which stored row each part of the file rewrites, and the stored rows left over.

    Parts with an id match by id; the others by the same printed text first, then by
    position among the rest. Returns ({(key, index in grouped[key]): row}, {key: [rows]})."""
    matches, removed = {}, {}
    for key in PART_KEYS:
        stored = list(PART_MODELS[key].objects.filter(campaign=campaign).order_by("order", "pk"))
        used = set()
        items = grouped[key]
        if key in ID_KEYS:
            by_local = {obj.local_id: obj for obj in stored}
            for n, (_o, item, _p) in enumerate(items):
                obj = by_local.get(item["id"])
                if obj is not None:
                    matches[(key, n)] = obj
                    used.add(obj.pk)
        else:
            for n, (_o, item, _p) in enumerate(items):
                for obj in stored:
                    if obj.pk not in used and obj.text == item.get("text", ""):
                        matches[(key, n)] = obj
                        used.add(obj.pk)
                        break
            rest = iter([obj for obj in stored if obj.pk not in used])
            for n in range(len(items)):
                if (key, n) not in matches:
                    obj = next(rest, None)
                    if obj is None:
                        break
                    matches[(key, n)] = obj
                    used.add(obj.pk)
        removed[key] = [obj for obj in stored if obj.pk not in used]
    return matches, removed


def _removal_refusals(campaign, removed):
    """A Problem for each stored part (or text) the new file drops while records outside the
    plan point at it."""
    problems = []
    for key in PART_KEYS:
        for obj in removed.get(key, []):
            links = _outside_links([obj])
            if not links:
                continue
            what = ", ".join(f"{n} {name}" for name, n in sorted(links.items()))
            label = getattr(obj, "label", "") or getattr(obj, "name", "") or str(obj)
            where = f"{str(locate.PART_LABELS[key]).capitalize()} «{label}»"
            if key in ID_KEYS:
                message = _(
                    "Đã có %(what)s gắn vào; tệp mới không còn mục này nên không thể thay. "
                    "Cần giữ mục này trong tệp, với mã «%(id)s»."
                ) % {"what": what, "id": obj.local_id}
            else:
                message = _(
                    "Đã có %(what)s gắn vào; tệp mới không còn mục này nên không thể thay. "
                    "Cần giữ mục này trong tệp."
                ) % {"what": what}
            problems.append(locate.Problem(where, message, "$.key"))
    for model in TEXT_MODELS:
        links = _outside_links(list(model.objects.filter(campaign=campaign)))
        if links:
            what = ", ".join(f"{n} {name}" for name, n in sorted(links.items()))
            problems.append(
                locate.Problem(
                    str(model._meta.verbose_name).capitalize(),
                    _("Đã có %(what)s gắn vào phần văn bản; không thể thay.") % {"what": what},
                    "$.key",
                )
            )
    return problems


def _part_fields(key, item, by_id):
    if key == "participant_categories":
        return {
            "local_id": item["id"],
            "nominee_kind": item["nominee_kind"],
            "label": item["label"],
            "unit_kinds": item.get("unit_kinds", []),
            "unit_level": item.get("unit_level", ""),
        }
    if key == "milestones":
        return {
            "local_id": item["id"],
            "kind": item["kind"],
            "phrase": item["phrase"],
            "precision": item["precision"],
            "date": _date(item.get("date")),
            "day": item.get("day"),
            "month": item.get("month"),
            "quarter": item.get("quarter"),
            "year": item.get("year"),
            "due_at": _milestone_due_at(item),
            "responsible": item.get("responsible", ""),
        }
    if key == "award_forms":
        return {
            "local_id": item["id"],
            "name": item["name"],
            "authority": item["authority"],
            "decider": item.get("decider", ""),
            "recipient_kinds": item.get("recipient_kinds", []),
            "eligible_unit_kinds": item.get("eligible_unit_kinds", []),
            "standards": item.get("standards", ""),
            "is_title": item.get("is_title", False),
            "vote_threshold_pct": _decimal(item.get("vote_threshold_pct")),
        }
    if key == "award_rounds":
        return {
            "local_id": item["id"],
            "kind": item["kind"],
            "label": item["label"],
            "year": item.get("year"),
            "milestone": by_id["milestones"].get(item.get("milestone")),
            "opens_at": _datetime(item.get("opens_at")),
            "deadline": _datetime(item.get("deadline")),
            "late_policy": item.get("late_policy", "refuse"),
            "dossier_parts": item.get("dossier_parts"),
        }
    if key == "quotas":
        return {
            "text": item.get("text", ""),
            "form": by_id["award_forms"][item["form"]],
            "round": by_id["award_rounds"].get(item.get("round")),
            "max_collective": item.get("max_collective"),
            "max_individual": item.get("max_individual"),
            "max_total": item.get("max_total"),
            "per_unit": item.get("per_unit", False),
            "pct_collective": _decimal(item.get("pct_collective")),
            "pct_individual": _decimal(item.get("pct_individual")),
            **_quota_target_fields(item),
        }
    if key == "ratio_rules":
        return {
            "text": item.get("text", ""),
            "round": by_id["award_rounds"].get(item.get("round")),
            "leader_max_pct": _decimal(item.get("leader_max_pct")),
            "direct_min_pct": _decimal(item.get("direct_min_pct")),
        }
    if key == "dossier_requirements":
        return {
            "text": item.get("text", ""),
            "components": item.get("components", []),
            "copies": item.get("copies", ""),
            "send_to": item.get("send_to", ""),
            "via": item.get("via", ""),
            "milestone": by_id["milestones"].get(item.get("milestone")),
        }
    if key == "targets":
        return {"group": item.get("group", ""), **_measure(item)}
    return {
        "category": by_id["participant_categories"].get(item.get("category")),
        **_measure(item),
        **_scoring_fields(item),
    }


def _scoring_fields(item):
    """How a scored criterion gives points (optional keys; see campaigns/scoring docs)."""
    return {
        "points": _decimal(item.get("points")),
        "formula": item.get("formula", ""),
        "points_per_item": _decimal(item.get("points_per_item")),
        "sample_size": item.get("sample_size"),
        "bands": [
            {"from": b.get("from"), "to": b.get("to"), "points": b.get("points")}
            for b in item.get("bands", [])
        ],
        "is_bonus": item.get("bonus", False),
        "evidence_required": item.get("evidence_required", False),
        "tie_break": item.get("tie_break"),
    }


def _export_scoring(obj):
    """The scoring keys, written only when the criterion is scored or they are set, so
    plans without scoring (the seeds) export unchanged."""
    data = {}
    if obj.points is not None:
        data["points"] = _num(obj.points)
    if obj.formula:
        data["formula"] = obj.formula
    if obj.points_per_item is not None:
        data["points_per_item"] = _num(obj.points_per_item)
    if obj.sample_size is not None:
        data["sample_size"] = obj.sample_size
    if obj.bands:
        data["bands"] = [
            {"from": b.get("from"), "to": b.get("to"), "points": b.get("points")} for b in obj.bands
        ]
    if obj.is_bonus:
        data["bonus"] = True
    if obj.evidence_required:
        data["evidence_required"] = True
    if obj.tie_break is not None:
        data["tie_break"] = obj.tie_break
    return data


def _scoring_errors(path, item):
    """A scored criterion needs its points and what its formula reads."""
    errors = []
    formula = item.get("formula")
    if not formula:
        return errors
    if item.get("points") is None:
        errors.append(([*path, "points"], _("Tiêu chí chấm điểm phải ghi số điểm tối đa.")))
    if formula == "share" and not item.get("value"):
        errors.append(
            ([*path, "value"], _("Tính theo tỷ lệ đạt so với chỉ tiêu: cần ghi giá trị chỉ tiêu."))
        )
    if formula == "per_item" and item.get("points_per_item") is None:
        errors.append(
            (
                [*path, "points_per_item"],
                _("Tính theo số trường hợp đạt: cần ghi số điểm mỗi trường hợp."),
            )
        )
    if formula == "bands" and not item.get("bands"):
        errors.append(([*path, "bands"], _("Tính theo khung: cần ghi ít nhất một khung điểm.")))
    return errors


def _quota_target_fields(item):
    """Whom a quota counts and what its percentages are taken of (optional keys)."""
    applies_to = item.get("applies_to", "round")
    code = item.get("unit")
    return {
        "applies_to": applies_to,
        # "each unit of a kind" is a per-unit quota.
        "per_unit": item.get("per_unit", False) or applies_to == "each_unit",
        "unit": Unit.objects.get(code=code) if code else None,
        "unit_kind": item.get("unit_kind", ""),
        "exact": item.get("exact", False),
        "pct_base": item.get("pct_base", "filed"),
        "base_collective": item.get("base_collective"),
        "base_individual": item.get("base_individual"),
    }


def _export_quota_target(obj):
    """The optional quota keys, written only when they differ from the default, so plans
    without them (the seeds) export unchanged."""
    data = {}
    if obj.applies_to != "round":
        data["applies_to"] = obj.applies_to
    if obj.unit_id:
        data["unit"] = obj.unit.code
    if obj.unit_kind:
        data["unit_kind"] = obj.unit_kind
    if obj.exact:
        data["exact"] = True
    if obj.pct_base != "filed":
        data["pct_base"] = obj.pct_base
    if obj.base_collective is not None:
        data["base_collective"] = obj.base_collective
    if obj.base_individual is not None:
        data["base_individual"] = obj.base_individual
    return data


def _write_parts(campaign, grouped, paragraphs, matches):
    """Create each part, or rewrite the stored row it matched (keeping its id)."""
    by_id = {key: {} for key in ID_KEYS}
    for key in PART_KEYS:
        model = PART_MODELS[key]
        for n, (order, item, ppath) in enumerate(grouped[key]):
            fields = {
                "order": order,
                "paragraph": paragraphs.get(ppath) if ppath else None,
                "to_confirm": item.get("to_confirm", False),
                **_part_fields(key, item, by_id),
            }
            obj = matches.get((key, n))
            if obj is None:
                obj = model.objects.create(campaign=campaign, **fields)
            else:
                for name, value in fields.items():
                    setattr(obj, name, value)
                obj.save()
            if key == "award_rounds":
                obj.forms.set([by_id["award_forms"][f] for f in item.get("forms", [])])
            if key in ID_KEYS:
                by_id[key][item["id"]] = obj


# --- export ----------------------------------------------------------------------


def _num(value):
    if value is None:
        return None
    value = decimal.Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _export_measure(obj):
    data = {
        "text": obj.text,
        "indicator": obj.indicator,
        "comparator": obj.comparator,
        "value": _num(obj.value),
        "value_max": _num(obj.value_max),
        "unit_of_measure": obj.unit_of_measure,
        # PostgreSQL's jsonb does not keep key order: rebuild each item in a fixed order.
        "level_thresholds": [
            {
                "level": item.get("level"),
                "comparator": item.get("comparator"),
                "value": item.get("value"),
                "value_max": item.get("value_max"),
            }
            for item in obj.level_thresholds
        ],
        "external_index": obj.external_index,
    }
    return data


def _export_part(key, obj):
    if key == "participant_categories":
        return {
            "id": obj.local_id,
            "nominee_kind": obj.nominee_kind,
            "label": obj.label,
            "unit_kinds": obj.unit_kinds,
            "unit_level": obj.unit_level,
        }
    if key == "milestones":
        return {
            "id": obj.local_id,
            "kind": obj.kind,
            "phrase": obj.phrase,
            "precision": obj.precision,
            "date": obj.date.isoformat() if obj.date else None,
            "day": obj.day,
            "month": obj.month,
            "quarter": obj.quarter,
            "year": obj.year,
            "due_at": _local_iso(obj.due_at),
            "responsible": obj.responsible,
        }
    if key == "award_forms":
        return {
            "id": obj.local_id,
            "name": obj.name,
            "authority": obj.authority,
            "decider": obj.decider,
            "recipient_kinds": obj.recipient_kinds,
            "eligible_unit_kinds": obj.eligible_unit_kinds,
            "standards": obj.standards,
            "is_title": obj.is_title,
            "vote_threshold_pct": _num(obj.vote_threshold_pct),
        }
    if key == "award_rounds":
        return {
            "id": obj.local_id,
            "kind": obj.kind,
            "label": obj.label,
            "year": obj.year,
            "milestone": obj.milestone.local_id if obj.milestone_id else None,
            "forms": [f.local_id for f in sorted(obj.forms.all(), key=lambda f: (f.order, f.pk))],
            "opens_at": _local_iso(obj.opens_at),
            "deadline": _local_iso(obj.deadline),
            "late_policy": obj.late_policy,
            **({} if obj.dossier_parts is None else {"dossier_parts": obj.dossier_parts}),
        }
    if key == "quotas":
        return {
            "text": obj.text,
            "form": obj.form.local_id,
            "round": obj.round.local_id if obj.round_id else None,
            "max_collective": obj.max_collective,
            "max_individual": obj.max_individual,
            "max_total": obj.max_total,
            "per_unit": obj.per_unit,
            "pct_collective": _num(obj.pct_collective),
            "pct_individual": _num(obj.pct_individual),
            **_export_quota_target(obj),
        }
    if key == "ratio_rules":
        return {
            "text": obj.text,
            "round": obj.round.local_id if obj.round_id else None,
            "leader_max_pct": _num(obj.leader_max_pct),
            "direct_min_pct": _num(obj.direct_min_pct),
        }
    if key == "dossier_requirements":
        return {
            "text": obj.text,
            "components": obj.components,
            "copies": obj.copies,
            "send_to": obj.send_to,
            "via": obj.via,
            "milestone": obj.milestone.local_id if obj.milestone_id else None,
        }
    if key == "targets":
        return {**_export_measure(obj), "group": obj.group}
    return {
        **_export_measure(obj),
        "category": obj.category.local_id if obj.category_id else None,
        **_export_scoring(obj),
    }


def _local_iso(value):
    from django.utils import timezone  # noqa: PLC0415 - local helper, keeps module light

    return timezone.localtime(value).isoformat() if value else None


def export_campaign(campaign):
    """The whole campaign as a JSON-ready dict, deterministic in content and key order."""
    parts_by_paragraph, unplaced = {}, {}
    related = {
        "award_rounds": ["milestone"],
        "quotas": ["form", "round", "unit"],
        "ratio_rules": ["round"],
        "dossier_requirements": ["milestone"],
        "criteria": ["category"],
    }
    for key in PART_KEYS:
        qs = (
            PART_MODELS[key]
            .objects.filter(campaign=campaign)
            .select_related(*related.get(key, []))
            .order_by("order", "pk")
        )
        if key == "award_rounds":
            qs = qs.prefetch_related("forms")
        for obj in qs:
            target = (
                parts_by_paragraph.setdefault(obj.paragraph_id, {})
                if obj.paragraph_id
                else unplaced
            )
            target.setdefault(key, []).append(_flagged(_export_part(key, obj), obj))
    sections = list(
        Section.objects.filter(campaign=campaign)
        .select_related("organisation_unit")
        .order_by("order", "pk")
    )
    paragraphs = {}
    for paragraph in Paragraph.objects.filter(campaign=campaign).order_by("order", "pk"):
        paragraphs.setdefault(paragraph.section_id, []).append(paragraph)
    children = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)

    def export_section(section):
        data = {
            "numbering": section.numbering,
            "heading": section.heading,
            "lead": section.lead,
            "role": section.role,
            "organisation": section.organisation,
            "organisation_unit": section.organisation_unit.code
            if section.organisation_unit_id
            else None,
            "paragraphs": [],
            "sections": [export_section(child) for child in children.get(section.pk, [])],
        }
        for paragraph in paragraphs.get(section.pk, []):
            item = {"marker": paragraph.marker, "text": paragraph.text}
            for key in PART_KEYS:
                if key in parts_by_paragraph.get(paragraph.pk, {}):
                    item[key] = parts_by_paragraph[paragraph.pk][key]
            data["paragraphs"].append(item)
        return data

    data = {
        "format": FORMAT,
        "key": campaign.key,
        "issuing_body": campaign.issuing_body.code,
        "header": {
            "governing_body_line": campaign.governing_body_line,
            "issuing_body_lines": campaign.issuing_body_line.split("\n"),
            "number": campaign.number,
            "symbol": campaign.symbol,
            "place": campaign.place,
            "date": {
                "day": campaign.issue_day,
                "month": campaign.issue_month,
                "year": campaign.issue_year,
            },
        },
        "document_type": campaign.document_type,
        "title": campaign.title,
        "kind": campaign.kind,
        "period": {
            "start": campaign.period_start.isoformat() if campaign.period_start else None,
            "end": campaign.period_end.isoformat() if campaign.period_end else None,
            "end_text": campaign.period_end_text,
        },
        "registration": {
            "enabled": campaign.registration_enabled,
            "deadline": _local_iso(campaign.registration_deadline),
        },
        "legal_basis": [
            {
                "kind": b.kind,
                "text": b.text,
                "continues": b.continues,
                "doc_number": b.doc_number,
                "doc_date": b.doc_date.isoformat() if b.doc_date else None,
                "issuer": b.issuer,
                "doc_title": b.doc_title,
                "is_parent_plan": b.is_parent_plan,
                **({"to_confirm": True} if b.to_confirm else {}),
            }
            for b in campaign.legalbasis_set.order_by("order", "pk")
        ],
        "intro": campaign.intro,
        "sections": [export_section(s) for s in children.get(None, [])],
        "closing": campaign.closing,
        "recipients": [
            {"text": r.text, "suffix": r.suffix}
            for r in campaign.recipient_set.order_by("order", "pk")
        ],
        "signature": {
            "prefix": campaign.signing_prefix,
            "lines": campaign.signature_lines.split("\n") if campaign.signature_lines else [],
            "signer": campaign.signer_name,
        },
    }
    appendix_rows = list(campaign.appendix_set.order_by("order", "pk"))
    if appendix_rows:
        # Written only when the plan has some, so plans without appendices export unchanged;
        # the blocks are rebuilt in canonical key order (PostgreSQL's jsonb reorders keys).
        data["appendices"] = [
            {
                "label": a.label,
                "title": a.title,
                "note": a.note,
                "orientation": a.orientation,
                "blocks": appendices.canonical_blocks(a.blocks),
            }
            for a in appendix_rows
        ]
    if unplaced:
        data["unplaced"] = {key: unplaced[key] for key in PART_KEYS if key in unplaced}
    if campaign.to_confirm:
        data["to_confirm"] = True
    return data


def _flagged(data, obj):
    """`to_confirm` is written only when true, so plans typed by hand export unchanged."""
    return {**data, "to_confirm": True} if obj.to_confirm else data


def dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
