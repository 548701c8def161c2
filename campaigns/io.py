"""JSON import and export of a whole campaign (format "thidua.campaign/1").

See docs/campaign-format.md and campaigns/schema/campaign.schema.json. An import is
validated in full first (schema, then references and dates); any error saves nothing and
every error is reported with its JSON path. Export → import → export gives the same file.
"""

import datetime
import decimal
import json
from pathlib import Path

from django.contrib.admin.utils import NestedObjects
from django.db import router, transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from units.models import Unit

from .deadlines import resolve_due_at
from .models import (
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
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(f"{path}: {message}" for path, message in errors))


def load_schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# --- validation ----------------------------------------------------------------


def _path(parts):
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _schema_message(error):
    v, value = error.validator, error.instance
    if v == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        return _("Thiếu trường bắt buộc «%(name)s».") % {"name": ", ".join(missing)}
    if v == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        return _("Trường «%(name)s» không thuộc định dạng.") % {"name": ", ".join(extra)}
    if v == "type":
        names = {
            "string": "chuỗi",
            "integer": "số nguyên",
            "number": "số",
            "boolean": "true/false",
            "array": "danh sách",
            "object": "đối tượng",
            "null": "null",
        }
        wanted = (
            error.validator_value
            if isinstance(error.validator_value, list)
            else [error.validator_value]
        )
        return _("Sai kiểu dữ liệu: cần %(types)s.") % {
            "types": " hoặc ".join(names.get(t, t) for t in wanted)
        }
    if v in ("enum", "const"):
        allowed = error.validator_value if v == "enum" else [error.validator_value]
        return _("Giá trị «%(value)s» không hợp lệ; phải là một trong: %(allowed)s.") % {
            "value": value,
            "allowed": ", ".join(f"«{a}»" for a in allowed),
        }
    if v == "pattern":
        return _("Giá trị «%(value)s» sai định dạng.") % {"value": value}
    if v == "minLength":
        return _("Không được để trống.")
    if v == "minItems":
        return _("Danh sách không được rỗng.")
    if v in ("minimum", "maximum"):
        return _("Giá trị %(value)s nằm ngoài giới hạn cho phép.") % {"value": value}
    return _("Giá trị không hợp lệ.")


def schema_errors(data):
    from jsonschema import Draft202012Validator  # noqa: PLC0415 - only imports pay for it

    validator = Draft202012Validator(load_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [(_path(e.absolute_path), _schema_message(e)) for e in errors]


def _walk_paragraphs(sections, path):
    for i, section in enumerate(sections):
        spath = [*path, i]
        for j, paragraph in enumerate(section.get("paragraphs", [])):
            yield [*spath, "paragraphs", j], paragraph
        yield from _walk_paragraphs(section.get("sections", []), [*spath, "sections"])


def _all_parts(data):
    """Yield (json path list, part key, item, paragraph path or None) for every part."""
    for ppath, paragraph in _walk_paragraphs(data.get("sections", []), ["sections"]):
        for key in PART_KEYS:
            for k, item in enumerate(paragraph.get(key, [])):
                yield [*ppath, key, k], key, item, ppath
    for key in PART_KEYS:
        for k, item in enumerate(data.get("unplaced", {}).get(key, [])):
            yield ["unplaced", key, k], key, item, None


def _check_date(value, path, errors):
    if value in (None, ""):
        return
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        errors.append((_path(path), _("Ngày «%(value)s» không tồn tại.") % {"value": value}))


def semantic_errors(data):
    errors = []
    if not Unit.objects.filter(code=data["issuing_body"]).exists():
        errors.append(
            ("$.issuing_body", _("Không có đơn vị mã «%(code)s».") % {"code": data["issuing_body"]})
        )
    ids = {key: {} for key in ID_KEYS}
    parts = list(_all_parts(data))
    for path, key, item, _p in parts:
        if key in ID_KEYS:
            if item["id"] in ids[key]:
                errors.append(
                    (_path([*path, "id"]), _("Mã «%(id)s» bị trùng.") % {"id": item["id"]})
                )
            ids[key][item["id"]] = path

    def ref(path, field, key, value):
        if value and value not in ids[key]:
            errors.append((_path([*path, field]), _("Không tìm thấy «%(id)s».") % {"id": value}))

    for path, key, item, _p in parts:
        if key == "award_rounds":
            ref(path, "milestone", "milestones", item.get("milestone"))
            for f, form_id in enumerate(item.get("forms", [])):
                ref([*path, "forms"], f, "award_forms", form_id)
        elif key == "quotas":
            ref(path, "form", "award_forms", item.get("form"))
            ref(path, "round", "award_rounds", item.get("round"))
        elif key == "ratio_rules":
            ref(path, "round", "award_rounds", item.get("round"))
        elif key == "dossier_requirements":
            ref(path, "milestone", "milestones", item.get("milestone"))
        elif key == "criteria":
            ref(path, "category", "participant_categories", item.get("category"))
        elif key == "milestones":
            _check_date(item.get("date"), [*path, "date"], errors)
            if item.get("due_at") and parse_datetime(item["due_at"]) is None:
                errors.append(
                    (
                        _path([*path, "due_at"]),
                        _("Thời điểm «%(value)s» không hợp lệ.") % {"value": item["due_at"]},
                    )
                )
            if item["precision"] == "date" and not item.get("date"):
                errors.append((_path([*path, "date"]), _("Mốc có ngày cụ thể phải ghi ngày.")))
            if item["precision"] == "yearly" and not (item.get("day") and item.get("month")):
                errors.append((_path(path), _("Mốc hằng năm phải ghi ngày và tháng.")))
            if item["precision"] == "quarter" and not (item.get("quarter") and item.get("year")):
                errors.append((_path(path), _("Mốc theo quý phải ghi quý và năm.")))
    for i, basis in enumerate(data.get("legal_basis", [])):
        _check_date(basis.get("doc_date"), ["legal_basis", i, "doc_date"], errors)
        if i == 0 and basis.get("continues"):
            errors.append(
                ("$.legal_basis[0].continues", _("Căn cứ đầu tiên không thể in tiếp đoạn trước."))
            )
    period = data.get("period", {})
    _check_date(period.get("start"), ["period", "start"], errors)
    _check_date(period.get("end"), ["period", "end"], errors)
    if period.get("start") and period.get("end") and not errors and period["end"] < period["start"]:
        errors.append(("$.period.end", _("Ngày kết thúc trước ngày bắt đầu.")))
    deadline = data.get("registration", {}).get("deadline")
    if deadline and parse_datetime(deadline) is None:
        errors.append(
            (
                "$.registration.deadline",
                _("Thời điểm «%(value)s» không hợp lệ.") % {"value": deadline},
            )
        )
    return errors


def validate(data):
    """Every error of `data` as (JSON path, Vietnamese message); empty when valid."""
    if not isinstance(data, dict):
        return [("$", _("Tệp phải chứa một đối tượng JSON."))]
    errors = schema_errors(data)
    if errors:
        return errors
    return semantic_errors(data)


def parse_json(raw):
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise CampaignImportError(
            [("$", _("Tệp không phải JSON hợp lệ: %(error)s") % {"error": error})]
        ) from error


# --- import ----------------------------------------------------------------------


# What an import creates; deleting a campaign for a replace may remove these and nothing else.
PLAN_MODELS = {Campaign, LegalBasis, Section, Paragraph, Recipient, *PART_MODELS.values()}


def _dependents(campaign):
    """Names of the records outside the plan itself (registrations, dossiers, report
    obligations…) that hang on `campaign`: a replace would delete or be blocked by them."""
    collector = NestedObjects(using=router.db_for_write(Campaign))
    collector.collect([campaign])
    found = {
        str(model._meta.verbose_name)
        for model, objs in collector.model_objs.items()
        if objs and model not in PLAN_MODELS and not model._meta.auto_created
    }
    found |= {str(obj._meta.verbose_name) for obj in collector.protected}
    return sorted(found)


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


@transaction.atomic
def import_campaign(data, *, replace=False):
    """Create the campaign described by `data` (validated first). With `replace`, a campaign
    with the same key is deleted first (only the demo loader and an explicit --replace do)."""
    errors = validate(data)
    existing = (
        Campaign.objects.filter(key=data.get("key")).first() if isinstance(data, dict) else None
    )
    if existing and not replace and not errors:
        errors = [("$.key", _("Đã có kế hoạch mã «%(key)s».") % {"key": data["key"]})]
    if errors:
        raise CampaignImportError(errors)
    if existing:
        if _dependents(existing):
            raise CampaignImportError(
                [
                    (
                        "$.key",
                        _(
                            "Kế hoạch mã «%(key)s» đã có dữ liệu khác gắn vào (%(what)s); "
                            "không thể thay."
                        )
                        % {"key": data["key"], "what": ", ".join(_dependents(existing))},
                    )
                ]
            )
        existing.delete()
    header = data["header"]
    date = header.get("date", {})
    period = data.get("period", {})
    registration = data.get("registration", {})
    signature = data.get("signature", {})
    campaign = Campaign.objects.create(
        key=data["key"],
        issuing_body=Unit.objects.get(code=data["issuing_body"]),
        governing_body_line=header.get("governing_body_line", ""),
        issuing_body_line="\n".join(header["issuing_body_lines"]),
        number=header.get("number", ""),
        symbol=header.get("symbol", ""),
        place=header.get("place", ""),
        issue_day=date.get("day"),
        issue_month=date.get("month"),
        issue_year=date.get("year"),
        document_type=data.get("document_type", "KẾ HOẠCH"),
        title=data["title"],
        kind=data.get("kind", "thematic"),
        period_start=_date(period.get("start")),
        period_end=_date(period.get("end")),
        period_end_text=period.get("end_text", ""),
        registration_enabled=registration.get("enabled", False),
        registration_deadline=parse_datetime(registration["deadline"])
        if registration.get("deadline")
        else None,
        intro=data.get("intro", ""),
        closing=data.get("closing", ""),
        signing_prefix=signature.get("prefix", ""),
        signature_lines="\n".join(signature.get("lines", [])),
        signer_name=signature.get("signer", ""),
    )
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
        )
        for i, b in enumerate(data.get("legal_basis", []))
    )
    Recipient.objects.bulk_create(
        Recipient(campaign=campaign, order=i, text=r["text"], suffix=r.get("suffix", ""))
        for i, r in enumerate(data.get("recipients", []))
    )
    paragraphs = {}
    counter = iter(range(1_000_000))
    units_by_code = {}

    def create_sections(items, parent, path):
        for i, item in enumerate(items):
            unit_code = item.get("organisation_unit")
            if unit_code and unit_code not in units_by_code:
                units_by_code[unit_code] = Unit.objects.filter(code=unit_code).first()
            section = Section.objects.create(
                campaign=campaign,
                parent=parent,
                order=next(counter),
                numbering=item.get("numbering", ""),
                heading=item["heading"],
                lead=item.get("lead", ""),
                role=item.get("role", "other"),
                organisation=item.get("organisation", ""),
                organisation_unit=units_by_code.get(unit_code) if unit_code else None,
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
    _create_parts(campaign, data, paragraphs)
    return campaign


def _create_parts(campaign, data, paragraphs):
    by_id = {key: {} for key in ID_KEYS}
    grouped = {key: [] for key in PART_KEYS}
    for order, (_unused, key, item, ppath) in enumerate(_all_parts(data)):
        grouped[key].append((order, item, paragraphs.get(tuple(ppath)) if ppath else None))
    for key in PART_KEYS:
        model = PART_MODELS[key]
        for order, item, paragraph in grouped[key]:
            common = {"campaign": campaign, "order": order, "paragraph": paragraph}
            if key == "participant_categories":
                obj = model.objects.create(
                    **common,
                    local_id=item["id"],
                    nominee_kind=item["nominee_kind"],
                    label=item["label"],
                    unit_kinds=item.get("unit_kinds", []),
                    unit_level=item.get("unit_level", ""),
                )
            elif key == "milestones":
                obj = model.objects.create(
                    **common,
                    local_id=item["id"],
                    kind=item["kind"],
                    phrase=item["phrase"],
                    precision=item["precision"],
                    date=_date(item.get("date")),
                    day=item.get("day"),
                    month=item.get("month"),
                    quarter=item.get("quarter"),
                    year=item.get("year"),
                    due_at=_milestone_due_at(item),
                    responsible=item.get("responsible", ""),
                )
            elif key == "award_forms":
                obj = model.objects.create(
                    **common,
                    local_id=item["id"],
                    name=item["name"],
                    authority=item["authority"],
                    decider=item.get("decider", ""),
                    recipient_kinds=item.get("recipient_kinds", []),
                    eligible_unit_kinds=item.get("eligible_unit_kinds", []),
                    standards=item.get("standards", ""),
                    is_title=item.get("is_title", False),
                    vote_threshold_pct=_decimal(item.get("vote_threshold_pct")),
                )
            elif key == "award_rounds":
                obj = model.objects.create(
                    **common,
                    local_id=item["id"],
                    kind=item["kind"],
                    label=item["label"],
                    year=item.get("year"),
                    milestone=by_id["milestones"].get(item.get("milestone")),
                    opens_at=_datetime(item.get("opens_at")),
                    deadline=_datetime(item.get("deadline")),
                    late_policy=item.get("late_policy", "refuse"),
                )
                obj.forms.set([by_id["award_forms"][f] for f in item.get("forms", [])])
            elif key == "quotas":
                obj = model.objects.create(
                    **common,
                    text=item.get("text", ""),
                    form=by_id["award_forms"][item["form"]],
                    round=by_id["award_rounds"].get(item.get("round")),
                    max_collective=item.get("max_collective"),
                    max_individual=item.get("max_individual"),
                    max_total=item.get("max_total"),
                    per_unit=item.get("per_unit", False),
                    pct_collective=_decimal(item.get("pct_collective")),
                    pct_individual=_decimal(item.get("pct_individual")),
                )
            elif key == "ratio_rules":
                obj = model.objects.create(
                    **common,
                    text=item.get("text", ""),
                    round=by_id["award_rounds"].get(item.get("round")),
                    leader_max_pct=_decimal(item.get("leader_max_pct")),
                    direct_min_pct=_decimal(item.get("direct_min_pct")),
                )
            elif key == "dossier_requirements":
                obj = model.objects.create(
                    **common,
                    text=item.get("text", ""),
                    components=item.get("components", []),
                    copies=item.get("copies", ""),
                    send_to=item.get("send_to", ""),
                    via=item.get("via", ""),
                    milestone=by_id["milestones"].get(item.get("milestone")),
                )
            elif key == "targets":
                obj = model.objects.create(**common, group=item.get("group", ""), **_measure(item))
            else:
                obj = model.objects.create(
                    **common,
                    category=by_id["participant_categories"].get(item.get("category")),
                    **_measure(item),
                )
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
    return {**_export_measure(obj), "category": obj.category.local_id if obj.category_id else None}


def _local_iso(value):
    from django.utils import timezone  # noqa: PLC0415 - local helper, keeps module light

    return timezone.localtime(value).isoformat() if value else None


def export_campaign(campaign):
    """The whole campaign as a JSON-ready dict, deterministic in content and key order."""
    parts_by_paragraph, unplaced = {}, {}
    related = {
        "award_rounds": ["milestone"],
        "quotas": ["form", "round"],
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
            target.setdefault(key, []).append(_export_part(key, obj))
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
    if unplaced:
        data["unplaced"] = {key: unplaced[key] for key in PART_KEYS if key in unplaced}
    return data


def dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
