"""Writes on reports: obligations from the plan's milestones, the submission workflow,
attachments, and the consolidated report."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.enums import CampaignState, Comparator, DatePrecision, LatePolicy, MilestoneKind
from core.services import WorkflowError, log_event
from core.text import accent_fold, deadline_text
from core.uploads import generated_name, validate_upload
from core.workflow import changes_between, save_form, snapshot
from units.enums import Role
from units.rules import is_admin, unit_in_scope

from .compilation import compile_snapshot, figure_changes
from .enums import ParticipantMode, Recurrence, ValueKind
from .models import (
    ConsolidatedReport,
    ConsolidatedSection,
    IndicatorValue,
    ReportIndicator,
    ReportObligation,
    ReportSection,
    ReportSubmission,
    SectionAnswer,
    SubmissionAttachment,
)
from .selectors import unit_must_report
from .workflows import CONSOLIDATED, OBLIGATION, SUBMISSION

# The usual outline of a unit's report on an emulation campaign.
DEFAULT_SECTIONS = [
    (
        "Công tác triển khai, tổ chức thực hiện",
        "Việc ban hành kế hoạch, tuyên truyền, phát động, đăng ký thi đua tại đơn vị.",
    ),
    (
        "Kết quả thực hiện các nội dung thi đua",
        "Kết quả nổi bật, mô hình, cách làm hay; số liệu minh chứng.",
    ),
    ("Tồn tại, hạn chế và nguyên nhân", ""),
    ("Đề xuất, kiến nghị", ""),
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


# --- obligations ----------------------------------------------------------------------


def _value_kind(measure):
    if measure.comparator == Comparator.YES_NO:
        return ValueKind.YES_NO
    if "%" in (measure.unit_of_measure or "") or "%" in (measure.indicator or ""):
        return ValueKind.PERCENT
    return ValueKind.NUMBER


def _ensure_office(campaign, by, system):
    if system:
        return
    if not (is_admin(by) or unit_in_scope(by, campaign.issuing_body, Role.CAMPAIGN_OFFICE)):
        raise PermissionDenied(
            _("Chỉ cơ quan thường trực của phong trào được đặt yêu cầu báo cáo.")
        )


@transaction.atomic
def create_obligation_from_milestone(
    milestone,
    *,
    by,
    participant_mode=ParticipantMode.ALL,
    unit_kinds=(),
    late_policy=LatePolicy.FLAG,
    rolls_up=False,
    system=False,
):
    """Make the report obligation a "unit reports due" milestone asks for.

    A yearly milestone ("trước ngày 20/12 hằng năm") gives a yearly obligation over the
    campaign's years; any other gives a one-off with the milestone's deadline. The
    template gets the usual narrative sections and one indicator per measurable target
    and criterion of the plan, with its thresholds per level. One obligation per milestone.
    """
    campaign = milestone.campaign
    _ensure_office(campaign, by, system)
    if milestone.kind != MilestoneKind.UNIT_REPORTS_DUE:
        raise WorkflowError(_("Chỉ tạo yêu cầu báo cáo từ mốc «hạn đơn vị báo cáo»."))
    existing = ReportObligation.objects.filter(milestone=milestone).first()
    if existing is not None:
        return existing
    first_year = (campaign.period_start.year if campaign.period_start else None) or campaign.year
    last_year = (campaign.period_end.year if campaign.period_end else None) or first_year
    if milestone.precision == DatePrecision.YEARLY:
        fields = {
            "recurrence": Recurrence.YEARLY,
            "due_day": milestone.day,
            "due_month": milestone.month,
            "first_year": first_year or timezone.localdate().year,
            "last_year": last_year or timezone.localdate().year,
        }
    else:
        year = timezone.localtime(milestone.due_at).year if milestone.due_at else first_year
        year = year or timezone.localdate().year
        fields = {
            "recurrence": Recurrence.ONCE,
            "due_at": milestone.due_at,
            "first_year": year,
            "last_year": year,
        }
    obligation = ReportObligation.objects.create(
        campaign=campaign,
        milestone=milestone,
        title=_("Báo cáo kết quả thực hiện %(campaign)s")
        % {"campaign": _campaign_subject(campaign)},
        late_policy=late_policy,
        participant_mode=participant_mode,
        unit_kinds=list(unit_kinds),
        rolls_up=rolls_up,
        **fields,
    )
    ReportSection.objects.bulk_create(
        ReportSection(obligation=obligation, order=i, title=title, guidance=guidance)
        for i, (title, guidance) in enumerate(DEFAULT_SECTIONS, start=1)
    )
    measures = [
        *campaign.target_set.exclude(comparator=Comparator.QUALITATIVE).order_by("order", "pk"),
        *campaign.criterion_set.exclude(comparator=Comparator.QUALITATIVE).order_by("order", "pk"),
    ]
    ReportIndicator.objects.bulk_create(
        ReportIndicator(
            obligation=obligation,
            order=i,
            label=(measure.indicator or measure.text)[:500],
            value_kind=_value_kind(measure),
            unit_of_measure=measure.unit_of_measure,
            target=measure if measure._meta.model_name == "target" else None,
            criterion=measure if measure._meta.model_name == "criterion" else None,
            comparator=measure.comparator,
            value=measure.value,
            value_max=measure.value_max,
            level_thresholds=measure.level_thresholds,
        )
        for i, measure in enumerate(measures, start=1)
    )
    log_event(
        obligation,
        workflow=OBLIGATION.name,
        action="create",
        by=by,
        reason=_("Tạo từ mốc «%(phrase)s».") % {"phrase": milestone.phrase},
    )
    return obligation


def _campaign_subject(campaign):
    """ "Phát động phong trào thi đua X" -> "phong trào thi đua X"."""
    title = " ".join(campaign.title.split())
    lowered = title.lower()
    if lowered.startswith("phát động "):
        title = title[len("phát động ") :]
    return title[:1].lower() + title[1:] if title[:10].lower() == "phong trào" else title


def _report_title(campaign, year):
    """ "Kết quả thực hiện phong trào thi đua X năm 2023"; a plan whose title already names
    the year ("… năm 2023 trên địa bàn huyện") does not get it twice."""
    subject = _campaign_subject(campaign)
    if f"năm {year}" in subject:
        return _("Kết quả thực hiện %(subject)s") % {"subject": subject}
    return _("Kết quả thực hiện %(subject)s năm %(year)s") % {"subject": subject, "year": year}


def _deadline_as_written(due_at):
    """ "hết ngày 29/01/2027" for a deadline at 00:00 Vietnam time of 30/01/2027."""
    return deadline_text(due_at)


@transaction.atomic
def update_obligation(obligation, form, *, by):
    """Save the office's edits to an obligation (title, years, late policy…) with history."""
    _ensure_office(obligation.campaign, by, False)
    relink = "upper_obligation" in form.changed_data
    saved = save_form(form, workflow=OBLIGATION.name, action="edit", by=by)
    if relink:  # match the indicators to the new upper obligation's (history row too)
        link_upper_obligation(saved, saved.upper_obligation, by=by)
    return saved


@transaction.atomic
def change_deadline(obligation, *, by, due_at, reason, system=False):
    """Move a one-off obligation's deadline; the history says who moved it and why."""
    _ensure_office(obligation.campaign, by, system)
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Phải ghi rõ lý do đổi hạn báo cáo."))
    old = obligation.due_at
    obligation.due_at = due_at
    obligation.save(update_fields=["due_at", "updated_at"])
    log_event(
        obligation,
        workflow=OBLIGATION.name,
        action="change_deadline",
        by=by,
        reason=reason,
        data={
            "changes": [[_("Hạn báo cáo"), _deadline_as_written(old), _deadline_as_written(due_at)]]
        },
    )
    return obligation


# --- submissions ----------------------------------------------------------------------


@transaction.atomic
def start_submission(obligation, *, unit, year, by):
    """The unit's one report for the year (a database constraint), made on first use."""
    if not unit_in_scope(by, unit, Role.UNIT_STAFF):
        raise PermissionDenied(_("Bạn không có quyền lập báo cáo cho đơn vị này."))
    if obligation.campaign.state != CampaignState.PUBLISHED:
        raise WorkflowError(_("Phong trào chưa ban hành hoặc đã kết thúc."))
    if year not in obligation.years:
        raise WorkflowError(_("Năm %(year)s không thuộc kỳ báo cáo.") % {"year": year})
    if obligation.rolls_up:
        raise WorkflowError(
            _("Cơ quan cấp dưới trả lời yêu cầu này bằng báo cáo tổng hợp gửi lên cấp trên.")
        )
    if not unit_must_report(obligation, unit):
        raise WorkflowError(_("Đơn vị không thuộc diện phải gửi báo cáo này."))
    submission, _created = ReportSubmission.objects.get_or_create(
        obligation=obligation, unit=unit, year=year
    )
    return submission


def ensure_submission_editable(submission, *, by):
    """A submitted report is read-only for the unit until the office returns it."""
    if not submission.is_editable:
        raise WorkflowError(_("Báo cáo đã nộp chỉ sửa được khi cơ quan thường trực trả lại."))
    if not by.has_perm("reports.change_reportsubmission", submission):
        raise PermissionDenied(_("Bạn không có quyền sửa báo cáo này."))


@transaction.atomic
def save_submission(submission, *, answers, values, by):
    """Write the narrative (`answers`: section pk -> text) and the values (`values`:
    indicator pk -> Decimal or None) of an editable report."""
    ensure_submission_editable(submission, by=by)
    for section_id, text in answers.items():
        SectionAnswer.objects.update_or_create(
            submission=submission, section_id=section_id, defaults={"text": (text or "").strip()}
        )
    for indicator_id, value in values.items():
        IndicatorValue.objects.update_or_create(
            submission=submission, indicator_id=indicator_id, defaults={"value": value}
        )
    submission.save(update_fields=["updated_at"])
    log_event(
        submission,
        workflow=SUBMISSION.name,
        action="edit",
        by=by,
        data={
            "summary": _("%(values)s số liệu, %(answers)s phần nội dung")
            % {"values": len(values), "answers": len(answers)}
        },
    )
    return submission


def submission_problems(submission):
    """Every reason the report cannot be submitted yet (empty list: it can)."""
    obligation = submission.obligation
    filled = set(
        submission.values.filter(value__isnull=False).values_list("indicator_id", flat=True)
    )
    written = set(submission.answers.exclude(text="").values_list("section_id", flat=True))
    problems = [
        _("Chưa nhập số liệu «%(label)s».") % {"label": indicator.label}
        for indicator in obligation.indicators.all()
        if indicator.pk not in filled
    ]
    problems += [
        _("Chưa viết mục «%(title)s».") % {"title": section.title}
        for section in obligation.sections.all()
        if section.pk not in written
    ]
    return problems


def transition_submission(submission, action, *, by, reason="", now=None, system=False):
    """Apply `action` to `submission` through the engine (reports.workflows.SUBMISSION)."""
    return SUBMISSION.transition(submission, action, by=by, reason=reason, now=now, system=system)


def submit_report(submission, *, by, now=None):
    return transition_submission(submission, "submit", by=by, now=now)


def return_report(submission, *, by, reason):
    return transition_submission(submission, "return", by=by, reason=reason)


@transaction.atomic
def add_attachment(submission, uploaded, *, by):
    """Store a file under a generated name with its SHA-256 (the dossiers' upload rules);
    never overwrite one."""
    ensure_submission_editable(submission, by=by)
    file_kind, digest = validate_upload(uploaded)
    attachment = SubmissionAttachment(
        submission=submission,
        original_name=uploaded.name[:255],
        content_type=file_kind.content_type,
        size=uploaded.size,
        sha256=digest,
        uploaded_by=by,
    )
    attachment.file.save(
        generated_name(file_kind, f"bao-cao/{submission.pk}"), uploaded, save=False
    )
    attachment.save()
    return attachment


# --- the consolidated report ------------------------------------------------------------

# The written synthesis of a results report, and which of the units' sections feed each
# part (matched on the section's title; anything unmatched goes to the results).
SYNTHESIS = [
    ("results", gettext_lazy("Kết quả đạt được"), ()),
    (
        "limits",
        gettext_lazy("Tồn tại, hạn chế và nguyên nhân"),
        ("tồn tại", "hạn chế", "nguyên nhân"),
    ),
    ("lessons", gettext_lazy("Bài học kinh nghiệm"), ("bài học",)),
    ("direction", gettext_lazy("Phương hướng, nhiệm vụ thời gian tới"), ("phương hướng",)),
    ("proposals", gettext_lazy("Đề xuất, kiến nghị"), ("đề xuất", "kiến nghị")),
]


def _synthesis_key(title):
    folded = title.lower()
    for key, _heading, words in SYNTHESIS:
        if any(word in folded for word in words):
            return key
    return "results"


def _synthesis_bodies(snapshot):
    """{key: text} prefilled from the units' narratives: "- Unit: what it wrote", under the
    unit section's title when several feed one part."""
    grouped = {key: [] for key, _heading, _words in SYNTHESIS}
    for section in snapshot["narrative"]:
        grouped[_synthesis_key(section["title"])].append(section)
    bodies = {}
    for key, sections in grouped.items():
        lines = []
        with_items = [s for s in sections if s["items"]]
        for section in with_items:
            if len(with_items) > 1:
                lines.append(f"{section['title']}:")
            lines += [f"- {unit}: {' '.join(text.split())}" for unit, text in section["items"]]
        bodies[key] = "\n".join(lines)
    return bodies


def compiled_sections(obligation, snapshot):
    """The report's sections as compiled from `snapshot`: [(key, heading, body, shows)].
    The participation and the targets table are printed from the snapshot itself (never
    stored as text, so they always agree); the synthesis is prefilled for the office."""
    campaign = obligation.campaign
    if snapshot.get("rollup"):
        intro = _(
            "Thực hiện Kế hoạch %(plan)scủa %(body)s %(title)s, %(body)s báo cáo kết quả "
            "thực hiện năm %(year)s, tổng hợp từ báo cáo tổng hợp của các cơ quan cấp dưới, "
            "như sau:"
        )
    else:
        intro = _(
            "Thực hiện Kế hoạch %(plan)scủa %(body)s %(title)s, %(body)s báo cáo kết quả "
            "thực hiện năm %(year)s, tổng hợp từ báo cáo của các đơn vị, như sau:"
        )
    intro = intro % {
        "plan": _plan_reference(campaign),
        "body": campaign.issuing_body.name,
        "title": campaign.title[:1].lower() + campaign.title[1:],
        "year": snapshot["year"],
    }
    sections = [
        ("intro", "", intro, False),
        (
            "participation",
            f"{ROMAN[0]}. " + _("TÌNH HÌNH GỬI BÁO CÁO VÀ KẾT QUẢ CÁC CHỈ TIÊU, TIÊU CHÍ"),
            "",
            True,
        ),
    ]
    bodies = _synthesis_bodies(snapshot)
    for index, (key, heading, _words) in enumerate(SYNTHESIS, start=1):
        sections.append((key, f"{ROMAN[index]}. {str(heading).upper()}", bodies[key], False))
    return sections


def _plan_reference(campaign):
    """ "số 12/KH-UBND ngày 05/4/2023 " when the plan has them, else nothing."""
    parts = []
    if campaign.number:
        parts.append(f"số {campaign.number}/{campaign.symbol}")
    if campaign.issue_day and campaign.issue_month and campaign.issue_year:
        parts.append(
            f"ngày {campaign.issue_day:02d}/{campaign.issue_month:02d}/{campaign.issue_year}"
        )
    return "".join(f"{part} " for part in parts)


def _recipients(campaign):
    """The level above first (the body's parent, "để báo cáo"), then the plan's recipients
    that receive it for reporting, then the archive."""
    lines = []
    parent = campaign.issuing_body.parent
    if parent is not None:
        lines.append(_("%(body)s (để báo cáo);") % {"body": parent.name})
    for recipient in campaign.recipient_set.order_by("order", "pk"):
        text = recipient.text.strip()
        reporting = "báo cáo" in text or "b/c" in text or "báo cáo" in recipient.suffix
        if reporting and (parent is None or parent.name.lower() not in text.lower()):
            lines.append(text)
    lines.append("Lưu: VT.")
    return "\n".join(lines)


@transaction.atomic
def compile_consolidated(obligation, year, *, by, now=None):
    """The office's consolidated report for `year`, made from the plan's header and a
    compiled snapshot of the units' submissions on first use; an existing one is returned
    as edited."""
    _ensure_office(obligation.campaign, by, False)
    existing = ConsolidatedReport.objects.filter(obligation=obligation, year=year).first()
    if existing is not None:
        return existing
    campaign = obligation.campaign
    now = now or timezone.now()
    snapshot = compile_snapshot(obligation, year, now=now)
    report = ConsolidatedReport.objects.create(
        obligation=obligation,
        year=year,
        issuing_body=campaign.issuing_body,
        governing_body_line=campaign.governing_body_line,
        issuing_body_line=campaign.issuing_body_line,
        symbol="BC-UBND" if "UBND" in campaign.symbol else "BC",
        place=campaign.place,
        issue_year=year if obligation.recurrence == Recurrence.YEARLY else None,
        title=_report_title(campaign, year),
        recipients=_recipients(campaign),
        signing_prefix=campaign.signing_prefix,
        signature_lines=campaign.signature_lines,
        signer_name=campaign.signer_name,
        compiled_at=now,
        snapshot=snapshot,
    )
    ConsolidatedSection.objects.bulk_create(
        ConsolidatedSection(
            report=report,
            order=i,
            key=key,
            heading=heading,
            body=body,
            compiled_body=body,
            shows_attainment=shows,
        )
        for i, (key, heading, body, shows) in enumerate(
            compiled_sections(obligation, snapshot), start=1
        )
    )
    log_event(report, workflow=CONSOLIDATED.name, action="compile", by=by)
    return report


@transaction.atomic
def update_consolidated(report, form, formset, *, by):
    """Save the office's edits to its consolidated report (header and sections), with
    the changed header fields and the changed sections in the history."""
    _ensure_office(report.obligation.campaign, by, False)
    fields = [name for name in form.changed_data if name in form._meta.fields]
    before = snapshot(ConsolidatedReport.objects.get(pk=report.pk), fields)
    form.save()
    formset.save()
    sections = [str(obj.heading) for obj, _fields in formset.changed_objects]
    log_event(
        report,
        workflow=CONSOLIDATED.name,
        action="edit",
        by=by,
        data={
            "changes": changes_between(ConsolidatedReport, before, snapshot(report, fields)),
            "summary": (_("Các phần đã sửa: %(sections)s") % {"sections": "; ".join(sections)})
            if sections
            else "",
        },
    )
    return report


@transaction.atomic
def recompile_consolidated(report, *, by, now=None):
    """Compile the figures again and keep the office's work.

    The snapshot (participation, targets, annex) is replaced: figures are never typed. A
    compiled section the office has not touched takes the new text; one it edited keeps
    the office's text, and the new compilation waits beside it (`compiled_body`) until the
    office chooses to use it (reset_consolidated_section, after a confirmation). Sections
    the office added are left alone. Returns what changed, also written to the history:
    {"figures": [(what, before, after)], "updated": [...], "kept": [...], "added": [...]}.
    """
    _ensure_office(report.obligation.campaign, by, False)
    now = now or timezone.now()
    report = ConsolidatedReport.objects.select_for_update().get(pk=report.pk)
    before = report_snapshot(report)
    after = compile_snapshot(report.obligation, report.year, now=now)
    existing = {s.key: s for s in report.sections.all() if s.key}
    next_order = max([s.order for s in report.sections.all()] or [0]) + 1
    result = {"figures": figure_changes(before, after), "updated": [], "kept": [], "added": []}
    for key, heading, body, shows in compiled_sections(report.obligation, after):
        section = existing.get(key)
        if section is None:
            ConsolidatedSection.objects.create(
                report=report,
                order=next_order,
                key=key,
                heading=heading,
                body=body,
                compiled_body=body,
                shows_attainment=shows,
            )
            next_order += 1
            result["added"].append(heading)
        elif not section.is_edited:
            if section.body != body:
                result["updated"].append(section.heading or _("Mở đầu"))
            section.body = section.compiled_body = body
            section.save(update_fields=["body", "compiled_body", "updated_at"])
        elif section.compiled_body != body:
            section.compiled_body = body
            section.save(update_fields=["compiled_body", "updated_at"])
            result["kept"].append(section.heading or _("Mở đầu"))
    report.snapshot = after
    report.compiled_at = now
    report.save(update_fields=["snapshot", "compiled_at", "updated_at"])
    summary = []
    if result["updated"]:
        summary.append(_("Cập nhật: %(s)s.") % {"s": "; ".join(result["updated"])})
    if result["kept"]:
        summary.append(_("Giữ nội dung cơ quan đã sửa: %(s)s.") % {"s": "; ".join(result["kept"])})
    log_event(
        report,
        workflow=CONSOLIDATED.name,
        action="recompile",
        by=by,
        data={
            "changes": [list(change) for change in result["figures"]],
            "summary": " ".join(summary),
        },
    )
    return result


@transaction.atomic
def reset_consolidated_section(section, *, by):
    """Replace what the office wrote in a compiled section with the latest compilation
    (the page asks for a confirmation first); the history keeps the replaced text."""
    report = section.report
    _ensure_office(report.obligation.campaign, by, False)
    if not section.key:
        raise WorkflowError(_("Mục do cơ quan tự thêm không có nội dung tổng hợp để thay."))
    old = section.body
    section.body = section.compiled_body
    section.save(update_fields=["body", "updated_at"])
    log_event(
        report,
        workflow=CONSOLIDATED.name,
        action="edit",
        by=by,
        data={
            "changes": [[section.heading or _("Mở đầu"), old, section.body]],
            "summary": _("Thay mục «%(s)s» bằng nội dung tổng hợp mới.")
            % {"s": section.heading or _("Mở đầu")},
        },
    )
    return section


def send_consolidated(report, *, by, now=None, system=False):
    """Send the body's consolidated report to the level above (reports.workflows), or
    send it again after a change: the copy frozen now is the body's figures on the upper
    office's side-by-side page and in the upper body's compilation."""
    return CONSOLIDATED.transition(report, "send", by=by, now=now, system=system)


def return_consolidated(report, *, by, reason):
    """The upper office returns a lower body's consolidated report, with its reason."""
    return CONSOLIDATED.transition(report, "return", by=by, reason=reason)


def upper_obligation_choices(obligation):
    """The roll-up obligations of the bodies above `obligation`'s issuing body that share
    a year with it: what its consolidated report may answer."""
    body = obligation.campaign.issuing_body
    ancestors = [p for p in _ancestor_paths(body.path) if p != body.path]
    return (
        ReportObligation.objects.filter(
            rolls_up=True,
            campaign__issuing_body__path__in=ancestors,
            first_year__lte=obligation.last_year,
            last_year__gte=obligation.first_year,
        )
        .select_related("campaign__issuing_body")
        .order_by("-first_year", "pk")
    )


def _ancestor_paths(path):
    """Every prefix of a materialised path that is itself a path ("0000001.0000005." ->
    "0000001.", "0000001.0000005.")."""
    parts = [p for p in path.split(".") if p]
    return [".".join(parts[: i + 1]) + "." for i in range(len(parts))]


def _folded(label):
    return " ".join(accent_fold(label).split())


@transaction.atomic
def link_upper_obligation(obligation, upper, *, by, system=False):
    """Say which roll-up obligation of the level above this body's consolidated report
    answers, and match each indicator to the upper one of the same wording (accents and
    spacing aside). The history keeps the link and the matches. `upper=None` unlinks."""
    _ensure_office(obligation.campaign, by, system)
    if upper is not None and not upper_obligation_choices(obligation).filter(pk=upper.pk).exists():
        raise WorkflowError(
            _("Chỉ gắn với yêu cầu báo cáo tổng hợp từ cấp dưới của cơ quan cấp trên.")
        )
    before = obligation.upper_obligation
    obligation.upper_obligation = upper
    obligation.save(update_fields=["upper_obligation", "updated_at"])
    uppers = {_folded(i.label): i for i in upper.indicators.all()} if upper else {}
    matched, unmatched = [], []
    mine = list(obligation.indicators.all())
    for indicator in mine:
        indicator.upper_indicator = uppers.get(_folded(indicator.label))
        (matched if indicator.upper_indicator else unmatched).append(indicator.label)
    ReportIndicator.objects.bulk_update(mine, ["upper_indicator"])
    summary = ""
    if upper is not None:
        summary = _("%(matched)s/%(total)s chỉ số khớp với chỉ số của cấp trên.") % {
            "matched": len(matched),
            "total": len(mine),
        }
        if unmatched:
            summary += " " + _("Không khớp: %(labels)s.") % {"labels": "; ".join(unmatched)}
    log_event(
        obligation,
        workflow=OBLIGATION.name,
        action="link_upper",
        by=by,
        data={
            "changes": [
                [
                    _("Báo cáo lên yêu cầu của cấp trên"),
                    str(before) if before else "",
                    str(upper) if upper else "",
                ]
            ],
            "summary": summary,
        },
    )
    return obligation


def report_snapshot(report):
    """The report's compiled snapshot (one compiled before snapshots were kept is compiled
    now, not stored: its figures then match the live submissions)."""
    if report.snapshot:
        return report.snapshot
    return compile_snapshot(report.obligation, report.year, now=report.compiled_at)


@transaction.atomic
def remind_missing(obligation, year, *, by, unit_ids=None, today=None):
    """The office's "Nhắc nhở": remind now the units that have not submitted (or not
    resubmitted) their report for `year`, all of them or those in `unit_ids`; each unit
    at most once a day (core.reminders.remind_now). Returns a `core.reminders.Nudged`;
    the history says who reminded whom."""
    from core.reminders import remind_now  # noqa: PLC0415 - core.reminders loads the sources

    from .reminders import owed  # noqa: PLC0415

    _ensure_office(obligation.campaign, by, False)
    deadline = obligation.deadline_for(year)
    if deadline is None:
        raise WorkflowError(_("Báo cáo năm %(year)s chưa có hạn nộp.") % {"year": year})
    owing = list(owed(obligation, year, deadline))
    if unit_ids is not None:
        wanted = {int(pk) for pk in unit_ids}
        owing = [o for o in owing if o.unit.pk in wanted]
    result = remind_now(owing, today)
    if result.sent:
        log_event(
            obligation,
            workflow=OBLIGATION.name,
            action="remind",
            by=by,
            data={
                "summary": _("Năm %(year)s: nhắc %(count)s đơn vị: %(units)s.")
                % {
                    "year": year,
                    "count": len(result.sent),
                    "units": ", ".join(str(o.unit) for o in result.sent),
                }
            },
        )
    return result
