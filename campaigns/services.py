"""Writes on campaigns: the workflow, editing guards, copies, registration."""

import calendar
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.services import WorkflowError, log_event
from core.text import accent_fold, deadline_text
from core.workflow import formset_summary, save_form
from units.models import Unit

from . import docimport, io, selectors
from .deadlines import resolve_due_at
from .enums import CampaignState
from .io import CampaignImportError
from .locate import Problem, describe
from .models import Campaign, Registration
from .workflows import CAMPAIGN, REGISTRATION


def transition_campaign(campaign, action, *, by, reason="", system=False):
    """Apply `action` to `campaign` through the engine (campaigns.workflows.CAMPAIGN):
    publish, close, return to draft or reopen (both with a reason). `system=True` only for
    the demo loader and management commands: no permission check, no notification."""
    return CAMPAIGN.transition(campaign, action, by=by, reason=reason, system=system)


def publish_campaign(campaign, *, by, system=False):
    return transition_campaign(campaign, "publish", by=by, system=system)


def close_campaign(campaign, *, by):
    return transition_campaign(campaign, "close", by=by)


def return_campaign_to_draft(campaign, *, by, reason):
    return transition_campaign(campaign, "return_to_draft", by=by, reason=reason)


def ensure_editable(campaign, *, by):
    """Refuse any change to a plan that is not a draft, or by someone who may not edit it."""
    if campaign.state != CampaignState.DRAFT:
        raise WorkflowError(
            _("Kế hoạch đã ban hành không sửa được; hãy trả về dự thảo (ghi lý do) trước khi sửa.")
        )
    if not by.has_perm("campaigns.change_campaign", campaign):
        raise PermissionDenied(_("Chỉ cơ quan thường trực của cơ quan ban hành được sửa dự thảo."))


def _problem(data, field, message):
    return Problem(describe(data, [field]), message, f"$.{field}")


@transaction.atomic
def create_campaign(form, *, by):
    """A new draft from the web form; `by` must be an office of the chosen issuing body."""
    body = form.cleaned_data.get("issuing_body")
    if not by.has_perm("campaigns.create_campaign") or (
        body is not None and not selectors.issuing_bodies_for(by).filter(pk=body.pk).exists()
    ):
        raise PermissionDenied(_("Bạn không có quyền tạo kế hoạch cho cơ quan này."))
    if not form.instance.key:
        form.instance.key = new_campaign_key(
            form.cleaned_data.get("title"), form.cleaned_data.get("issue_year")
        )
    return save_form(form, workflow=CAMPAIGN.name, action="create", by=by)


@transaction.atomic
def update_campaign(campaign, form, *, by):
    """Save the header form of a draft; the history lists each changed field."""
    ensure_editable(campaign, by=by)
    return save_form(form, workflow=CAMPAIGN.name, action="edit", by=by)


def _slug(text, max_length):
    return slugify(accent_fold((text or "").replace("/", " ")))[:max_length].strip("-") or "muc"


def new_campaign_key(title, year=None):
    """A unique key for a new plan, from its title and year (never typed by anyone)."""
    base = _slug(f"{title} {year or ''}", 90)
    key, n = base, 1
    while Campaign.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return key


# The label a part's row is known by, from which its internal id is made.
_LOCAL_ID_SOURCE = {"awardform": "name", "awardround": "label", "milestone": "phrase"}


def _give_local_id(obj):
    """Rows the JSON format links by id (forms, rounds, milestones) get one made from
    their name when created on the web: the office never types an id."""
    source = _LOCAL_ID_SOURCE.get(obj._meta.model_name)
    if source is None or getattr(obj, "local_id", None):
        return
    taken = set(type(obj).objects.filter(campaign=obj.campaign).values_list("local_id", flat=True))
    base = _slug(getattr(obj, source), 44)
    local_id, n = base, 1
    while local_id in taken:
        n += 1
        local_id = f"{base}-{n}"
    obj.local_id = local_id


def _resolve_milestone(obj):
    """A milestone's deadline follows from its date as written (typed once)."""
    if obj._meta.model_name == "milestone":
        obj.due_at = resolve_due_at(
            precision=obj.precision, date=obj.date, quarter=obj.quarter, year=obj.year
        )


def _save_ordered(formset, **extra):
    """Save rows, deletions and the order the user chose (the ORDER column)."""
    formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    for index, form in enumerate(formset.ordered_forms):
        obj = form.instance
        for name, value in extra.items():
            setattr(obj, name, value)
        obj.order = index
        _give_local_id(obj)
        _resolve_milestone(obj)
        obj.save()


@transaction.atomic
def save_campaign_part(campaign, formset, *, by, part_label, **extra):
    """Save one repeating part of a draft (legal basis, sections, targets, a section's
    paragraphs…) from its validated formset; the history says which part and how many rows."""
    ensure_editable(campaign, by=by)
    _save_ordered(formset, **extra)
    log_event(
        campaign,
        workflow=CAMPAIGN.name,
        action="edit_parts",
        by=by,
        data={"summary": f"{part_label}: {formset_summary(formset)}"},
    )


@transaction.atomic
def create_campaign_from_json(data, *, by, replace=False):
    """Import `data` as a new draft on behalf of `by` (the upload page).

    Besides every check of `io.import_campaign`, `by` must be the campaign office of the
    issuing body named in the file, and replacing is allowed only for a draft `by` may
    edit. Every error comes back at once, named by the plan's numbering; nothing is saved.
    A replace keeps the plan's id and what hangs on it, and adds a history row.
    """
    errors = []
    existing = None
    if isinstance(data, dict):
        code = data.get("issuing_body")
        if isinstance(code, str) and code:
            if not selectors.issuing_bodies_for(by).filter(code=code).exists():
                errors.append(
                    _problem(
                        data,
                        "issuing_body",
                        _("Bạn không phải cơ quan thường trực của đơn vị mã «%(code)s».")
                        % {"code": code},
                    )
                )
        if isinstance(data.get("key"), str):
            existing = Campaign.objects.filter(key=data["key"]).first()
    if existing is not None and replace:
        if existing.state != CampaignState.DRAFT:
            errors.append(
                _problem(
                    data,
                    "key",
                    _(
                        "Kế hoạch cùng mã đã ban hành; cần trả kế hoạch về dự thảo (ghi lý do) "
                        "trước khi thay."
                    ),
                )
            )
        elif not by.has_perm("campaigns.change_campaign", existing):
            errors.append(
                _problem(data, "key", _("Bạn không được thay kế hoạch cùng mã của đơn vị khác."))
            )
    if errors:
        raise CampaignImportError(errors + io.validate(data))
    return _import_and_log(data, replace=replace, by=by, existing=existing if replace else None)


@transaction.atomic
def import_campaign_file(data, *, replace=False):
    """The command line's import (acts as the system): the same checks as the page but no
    permission, and the same history row."""
    existing = None
    if replace and isinstance(data, dict) and isinstance(data.get("key"), str):
        existing = Campaign.objects.filter(key=data["key"]).first()
    return _import_and_log(data, replace=replace, by=None, existing=existing)


def _import_and_log(data, *, replace, by, existing):
    campaign = io.import_campaign(data, replace=replace)
    replaced = existing is not None
    log_event(
        campaign,
        workflow=CAMPAIGN.name,
        action="replace" if replaced else "import",
        by=by,
        reason=_("Thay nội dung từ tệp JSON (giữ nguyên kế hoạch và dữ liệu gắn vào)")
        if replaced
        else _("Nhập từ tệp JSON"),
        data={"replaced": replaced},
    )
    return campaign


_DATE = re.compile(r"^(\d{4})(-\d{2}-\d{2}.*)$")
# Dates of the plan's own calendar; the cited documents (legal basis) keep theirs.
_SHIFTED_KEYS = {"start", "end", "date", "deadline", "due_at"}


def _shift_year_text(value, years):
    match = _DATE.match(value)
    if not match:
        return value
    year = int(match.group(1)) + years
    text = f"{year:04d}{match.group(2)}"
    if text[5:10] == "02-29" and not calendar.isleap(year):
        text = f"{text[:5]}02-28{text[10:]}"
    return text


def shift_years(data, years, *, key=None):
    """The plan's JSON with its calendar moved by `years`: dates, deadlines, round and
    milestone years (not the dates of the documents it cites)."""
    if isinstance(data, dict):
        return {
            name: (value if name == "legal_basis" else shift_years(value, years, key=name))
            for name, value in data.items()
        }
    if isinstance(data, list):
        return [shift_years(item, years, key=key) for item in data]
    if isinstance(data, str) and key in _SHIFTED_KEYS:
        return _shift_year_text(data, years)
    if isinstance(data, int) and not isinstance(data, bool) and key == "year":
        return data + years
    return data


@transaction.atomic
def copy_campaign(source, *, by, year=None, key=None, issuing_body=None):
    """A new draft holding everything of `source` (its number and day cleared) for `year`
    (default: this year), its dates moved by the years between, for `issuing_body`
    (default: the source's body when `by` is its office, else `by`'s only office body).
    The printed header lines are copied as they are, for the office to edit."""
    bodies = selectors.issuing_bodies_for(by)
    if issuing_body is None:
        if bodies.filter(pk=source.issuing_body_id).exists():
            issuing_body = source.issuing_body
        elif bodies.count() == 1:
            issuing_body = bodies.get()
    if (
        issuing_body is None
        or not by.has_perm("campaigns.view_campaign", source)
        or not bodies.filter(pk=issuing_body.pk).exists()
    ):
        raise PermissionDenied(_("Bạn không có quyền sao chép kế hoạch này."))
    year = year or timezone.localdate().year
    years = year - source.year if source.year else 0
    data = shift_years(io.export_campaign(source), years)
    data["key"] = key or new_campaign_key(source.title, year)
    data["issuing_body"] = issuing_body.code
    data["header"]["number"] = ""
    data["header"]["date"] = {"day": None, "month": None, "year": year}
    copy = io.import_campaign(data)
    copy.copied_from = source
    copy.save(update_fields=["copied_from", "updated_at"])
    log_event(
        copy,
        workflow=CAMPAIGN.name,
        action="copy",
        by=by,
        reason=_("Sao chép từ kế hoạch «%(title)s»") % {"title": source.title},
        data={"summary": _("Các ngày dời %(years)s năm") % {"years": years}} if years else {},
    )
    return copy


def _upper_plan_basis(source):
    """The legal-basis item citing the upper plan: "Thực hiện Kế hoạch số 12/KH-UBND ngày
    05/01/2026 của UBND huyện Ninh Hải về …"."""
    number = f"{source.number}/{source.symbol}" if source.number else source.symbol
    day, month, year = source.issue_day, source.issue_month, source.issue_year
    doc_date = None
    if day and month and year:
        import datetime  # noqa: PLC0415 - one use

        doc_date = datetime.date(year, month, day).isoformat()
    date_text = f" ngày {day:02d}/{month:02d}/{year}" if doc_date else ""
    title = " ".join(source.title.split())
    about = title[:1].lower() + title[1:]
    return {
        "kind": "thuc_hien",
        "text": f"Thực hiện Kế hoạch số {number}{date_text} của {source.issuing_body.name} "
        f"về {about};",
        "continues": False,
        "doc_number": number,
        "doc_date": doc_date,
        "issuer": source.issuing_body.name,
        "doc_title": title,
        "is_parent_plan": True,
    }


def lower_bodies_for(user, source):
    """The bodies under `source`'s issuing body whose campaign office `user` is."""
    path = source.issuing_body.path
    return (
        selectors.issuing_bodies_for(user)
        .filter(path__startswith=path)
        .exclude(pk=source.issuing_body_id)
    )


@transaction.atomic
def draft_lower_plan(source, *, by, issuing_body=None, year=None):
    """«Lập kế hoạch của đơn vị từ kế hoạch này»: the office of a body under `source`'s
    issuing body drafts its own plan from the published upper plan. The draft cites the
    upper plan as its legal basis (number, date, issuer; the laws the upper plan cites are
    kept, its own upper plans are not), has the body's own header, place and signature
    preset (from the body's latest plan), the upper plan's sections and structured parts
    (quotas naming units outside the body are left out), and its dates kept, or moved to
    `year`. Recipients start with the upper body (b/c)."""
    if not by.has_perm("campaigns.draft_lower_campaign", source):
        raise PermissionDenied(_("Chỉ cơ quan thường trực cấp dưới lập kế hoạch từ kế hoạch này."))
    bodies = lower_bodies_for(by, source)
    if issuing_body is None and bodies.count() == 1:
        issuing_body = bodies.get()
    if issuing_body is None or not bodies.filter(pk=issuing_body.pk).exists():
        raise PermissionDenied(_("Cần chọn cơ quan cấp dưới mà bạn là cơ quan thường trực."))
    years = year - source.year if year and source.year else 0
    data = shift_years(io.export_campaign(source), years) if years else io.export_campaign(source)
    year = year or source.year or timezone.localdate().year
    latest = (
        Campaign.objects.filter(issuing_body=issuing_body).order_by("-issue_year", "-pk").first()
    )
    data["key"] = new_campaign_key(f"{source.title} {issuing_body.name}", year)
    data["issuing_body"] = issuing_body.code
    data["header"] = {
        "governing_body_line": latest.governing_body_line if latest else "",
        "issuing_body_lines": latest.issuing_body_line.split("\n")
        if latest
        else _printed_body_lines(issuing_body),
        "number": "",
        "symbol": latest.symbol if latest else source.symbol,
        "place": latest.place if latest else "",
        "date": {"day": None, "month": None, "year": year},
    }
    kept, previous_kept = [], False
    for item in data.get("legal_basis", []):
        keep = item["kind"] == "can_cu" and not item.get("is_parent_plan")
        if keep:
            # An item continues a printed paragraph only if the item before it stays.
            continues = bool(item.get("continues")) and previous_kept and bool(kept)
            kept.append({**item, "continues": continues})
        previous_kept = keep
    data["legal_basis"] = [*kept, _upper_plan_basis(source)]
    data["intro"] = _("%(body)s xây dựng Kế hoạch thực hiện như sau:") % {"body": issuing_body.name}
    data["recipients"] = [
        {"text": f"{source.issuing_body.name} (b/c);", "suffix": "(b/c)"},
        {"text": "Lưu: VT.", "suffix": ""},
    ]
    data["signature"] = {
        "prefix": latest.signing_prefix if latest else "",
        "lines": latest.signature_lines.split("\n") if latest and latest.signature_lines else [],
        "signer": latest.signer_name if latest else "",
    }
    inside = set(
        Unit.objects.filter(path__startswith=issuing_body.path).values_list("code", flat=True)
    )
    for _path, key, item, _p in list(io._all_parts(data)):
        if key == "quotas" and item.get("unit") and item["unit"] not in inside:
            item["_drop"] = True
    _drop_marked(data)
    data.pop("to_confirm", None)
    draft = io.import_campaign(data)
    draft.copied_from = source
    draft.save(update_fields=["copied_from", "updated_at"])
    log_event(
        draft,
        workflow=CAMPAIGN.name,
        action="draft_lower",
        by=by,
        reason=_("Lập từ Kế hoạch số %(number)s của %(body)s")
        % {"number": _upper_plan_basis(source)["doc_number"], "body": source.issuing_body.name},
        data={"summary": _("Các ngày dời %(years)s năm") % {"years": years}} if years else {},
    )
    return draft


def _drop_marked(value):
    """Remove the list items marked `_drop` anywhere in a plan's JSON."""
    if isinstance(value, dict):
        for item in value.values():
            _drop_marked(item)
    elif isinstance(value, list):
        value[:] = [v for v in value if not (isinstance(v, dict) and v.get("_drop"))]
        for item in value:
            _drop_marked(item)


@transaction.atomic
def register_unit(campaign, *, unit, forms, pledge, by, now=None):
    """Đăng ký thi đua: refused after the registration deadline (Vietnam time, server side)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not by.has_perm("campaigns.register_campaign", campaign):
        raise PermissionDenied(_("Đơn vị của bạn không thể đăng ký phong trào này."))
    now = now or timezone.now()
    if campaign.registration_deadline and now >= campaign.registration_deadline:
        raise WorkflowError(
            _("Đã hết hạn đăng ký thi đua (hạn: %(deadline)s).")
            % {"deadline": deadline_text(campaign.registration_deadline)}
        )
    if any(form.campaign_id != campaign.pk for form in forms):
        raise WorkflowError(_("Hình thức khen thưởng không thuộc kế hoạch này."))
    registration, created = Registration.objects.update_or_create(
        campaign=campaign, unit=unit, defaults={"pledge": pledge, "registered_by": by}
    )
    registration.forms.set(forms)
    log_event(
        registration,
        workflow=REGISTRATION.name,
        action="register" if created else "update",
        by=by,
        data={"forms": sorted(str(form) for form in forms)},
    )
    return registration


# --- a draft from the office's Word or PDF file ------------------------------------


def _printed_body_lines(unit):
    """The issuing body as printed in a header: "UBND huyện Ninh Hải" → ["ỦY BAN NHÂN
    DÂN", "HUYỆN NINH HẢI"]; any other name as one upper-case line."""
    name = " ".join(unit.name.split())
    for short in ("UBND ", "Ủy ban nhân dân ", "ỦY BAN NHÂN DÂN "):
        if name.startswith(short):
            return ["ỦY BAN NHÂN DÂN", name[len(short) :].upper()]
    return [name.upper()]


@transaction.atomic
def draft_from_document(data, *, kind, name, by, issuing_body=None, key=None):
    """A draft plan read from the office's .docx or text PDF (`kind` as judged by
    `core.uploads`), for `issuing_body` (default: `by`'s only office body; `by=None` is
    the command line, which must name the body). Every recognised part is marked to be
    confirmed; publishing refuses until the office confirms them."""
    if by is not None:
        bodies = selectors.issuing_bodies_for(by)
        if issuing_body is None and bodies.count() == 1:
            issuing_body = bodies.get()
        if issuing_body is None or not bodies.filter(pk=issuing_body.pk).exists():
            raise PermissionDenied(_("Bạn không phải cơ quan thường trực của cơ quan ban hành."))
    if issuing_body is None:
        raise WorkflowError(_("Cần chọn cơ quan ban hành."))
    lines = docimport.read_document(kind, data)
    plan = docimport.parse_plan(
        lines,
        issuing_body=issuing_body.code,
        key="tam",
        body_lines=_printed_body_lines(issuing_body),
    )
    plan["key"] = key or docimport.draft_key(plan["title"])
    campaign = io.import_campaign(plan)
    counts = selectors.recognised_counts(campaign)
    log_event(
        campaign,
        workflow=CAMPAIGN.name,
        action="import_document",
        by=by,
        reason=_("Nhập từ tệp «%(name)s»: %(n)s phần nhận dạng tự động cần xác nhận")
        % {"name": name, "n": sum(counts.values())},
        data={"file": name, "to_confirm": counts},
    )
    return campaign


@transaction.atomic
def confirm_recognised_parts(campaign, *, by):
    """The office has checked what the import recognised: clear every mark, with a
    history row."""
    ensure_editable(campaign, by=by)
    total = 0
    for model in selectors.RECOGNISABLE_MODELS:
        total += model.objects.filter(campaign=campaign, to_confirm=True).update(to_confirm=False)
    total += Campaign.objects.filter(pk=campaign.pk, to_confirm=True).update(to_confirm=False)
    campaign.to_confirm = False
    log_event(
        campaign,
        workflow=CAMPAIGN.name,
        action="confirm_recognised",
        by=by,
        reason=_("Xác nhận %(n)s phần nhận dạng tự động từ tệp") % {"n": total},
        data={"confirmed": total},
    )
    return total


@transaction.atomic
def link_upper_round(round_, upper_round, *, by, system=False):
    """Where `round_`'s forms decided by the level above go: the upper body's round
    (`AwardRound.upper_round`) and, for each such form, the upper round's form of the same
    name (accents and case aside) or its only form (`AwardForm.upper_form`). The office of
    the round's body or the administrator (the demo: the system); the upper body must be
    above the body (its province holds the body) and its plan published. A history row on
    the plan; linking again to the same round changes nothing."""
    from units.rules import is_admin  # noqa: PLC0415

    from .enums import Authority  # noqa: PLC0415
    from .rules import is_office_of_issuer  # noqa: PLC0415

    campaign = round_.campaign
    if not system and not (is_admin(by) or is_office_of_issuer(by, campaign)):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    body, upper_body = campaign.issuing_body, upper_round.campaign.issuing_body
    province = upper_body.parent or upper_body
    if upper_body.pk == body.pk or not body.path.startswith(province.path):
        raise WorkflowError(
            _("%(upper)s không phải cấp trên của %(body)s.")
            % {"upper": upper_body.name, "body": body.name}
        )
    if upper_round.campaign.state != CampaignState.PUBLISHED:
        raise WorkflowError(_("Kế hoạch của cấp trên chưa ban hành."))
    upper_forms = list(upper_round.forms.order_by("order", "pk"))
    linked = []
    for form in round_.forms.filter(authority=Authority.PROPOSED_UP).order_by("order", "pk"):
        same = [f for f in upper_forms if accent_fold(f.name) == accent_fold(form.name)]
        match = same[0] if same else (upper_forms[0] if len(upper_forms) == 1 else None)
        if match is None:
            raise WorkflowError(
                _("Đợt «%(round)s» của cấp trên không có hình thức «%(form)s».")
                % {"round": upper_round.label, "form": form.name}
            )
        if form.upper_form_id != match.pk:
            form.upper_form = match
            form.save(update_fields=["upper_form", "updated_at"])
            linked.append(form)
    if not linked and round_.upper_round_id == upper_round.pk:
        return round_
    round_.upper_round = upper_round
    round_.save(update_fields=["upper_round", "updated_at"])
    log_event(
        campaign,
        workflow=CAMPAIGN.name,
        action="link_upper_round",
        by=None if system else by,
        data={
            "summary": _("Đợt «%(round)s» đề nghị vào đợt «%(upper)s» của %(body)s.")
            % {"round": round_.label, "upper": upper_round.label, "body": upper_body.name}
        },
    )
    return round_
