"""Report obligations (what a campaign asks its units to report, by when), the units'
submissions, and the office's consolidated report for the level above.

An obligation is created from one of the campaign's "unit reports due" milestones: a
one-off deadline ("trước ngày 15/11/2023") or a yearly one ("trước ngày 20/12 hằng năm").
Its template is a list of narrative sections and of indicators, each indicator tied to a
measurable target or criterion of the plan and carrying its thresholds per unit level.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.enums import Comparator, LatePolicy
from campaigns.models import Campaign, Criterion, Milestone, Target
from core.documents import lines
from core.models import OfficialDocument, StoredFileBase, TimeStampedModel
from core.offsets import OFFSETS_HELP, validate_offsets
from units.models import Unit

from . import rules as report_rules
from .enums import (
    DEFAULT_AGGREGATION,
    EDITABLE_STATES,
    Aggregation,
    ConsolidatedState,
    ParticipantMode,
    Recurrence,
    SubmissionState,
    ValueKind,
)


class ReportObligation(TimeStampedModel):
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("phong trào thi đua"),
        on_delete=models.CASCADE,
        related_name="report_obligations",
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("mốc thời gian"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_obligations",
    )
    title = models.CharField(_("tên báo cáo"), max_length=500)
    recurrence = models.CharField(
        _("định kỳ"), max_length=10, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    due_at = models.DateTimeField(
        _("hạn nộp (giờ Việt Nam)"),
        null=True,
        blank=True,
        help_text=_("Báo cáo một lần: «trước ngày X» là 00:00 ngày X."),
    )
    due_day = models.PositiveSmallIntegerField(_("ngày hạn (hằng năm)"), null=True, blank=True)
    due_month = models.PositiveSmallIntegerField(_("tháng hạn (hằng năm)"), null=True, blank=True)
    first_year = models.PositiveSmallIntegerField(_("báo cáo từ năm"))
    last_year = models.PositiveSmallIntegerField(_("báo cáo đến năm"))
    late_policy = models.CharField(
        _("khi nộp muộn"), max_length=10, choices=LatePolicy.choices, default=LatePolicy.FLAG
    )
    participant_mode = models.CharField(
        _("đơn vị phải báo cáo"),
        max_length=10,
        choices=ParticipantMode.choices,
        default=ParticipantMode.ALL,
    )
    unit_kinds = models.JSONField(
        _("loại đơn vị phải báo cáo"),
        default=list,
        blank=True,
        help_text=_("Khi chọn «theo loại đơn vị»: danh sách loại đơn vị (UnitKind)."),
    )
    rolls_up = models.BooleanField(
        _("tổng hợp từ báo cáo tổng hợp của cấp dưới"),
        default=False,
        help_text=_(
            "Các đơn vị phải báo cáo là cơ quan cấp dưới (huyện, xã): số liệu của mỗi đơn vị "
            "là báo cáo tổng hợp đơn vị đó đã gửi lên, không nhập lại."
        ),
    )
    upper_obligation = models.ForeignKey(
        "self",
        verbose_name=_("báo cáo lên yêu cầu của cấp trên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lower_obligations",
        help_text=_("Báo cáo tổng hợp của cơ quan, khi gửi đi, là số liệu cấp trên nhận."),
    )
    reminder_offsets = models.CharField(
        _("lịch nhắc hạn (số ngày trước hạn)"),
        max_length=50,
        blank=True,
        validators=[validate_offsets],
        help_text=OFFSETS_HELP,
    )

    class Meta:
        verbose_name = _("yêu cầu báo cáo")
        verbose_name_plural = _("yêu cầu báo cáo")
        ordering = ["campaign_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="obligation_years_ordered",
            ),
        ]
        rules_permissions = {
            "view": report_rules.can_view_obligation,
            "change": report_rules.can_manage_obligation,
            "manage": report_rules.can_manage_obligation,
        }

    def __str__(self):
        return self.title

    @property
    def scope_unit(self):
        return self.campaign.issuing_body

    @property
    def years(self):
        return list(range(self.first_year, self.last_year + 1))

    def deadline_for(self, year):
        """The deadline of the report for `year`: 00:00 Vietnam time on the due day."""
        if self.recurrence == Recurrence.ONCE:
            return self.due_at
        if not (self.due_day and self.due_month):
            return None
        day = datetime.datetime(year, self.due_month, self.due_day)
        return timezone.make_aware(day, timezone.get_default_timezone())

    def current_year(self, now=None):
        """The year the office and the units work on now: the first whose deadline is
        still ahead, else the last one."""
        now = now or timezone.now()
        for year in self.years:
            deadline = self.deadline_for(year)
            if deadline is None or now < deadline:
                return year
        return self.last_year


class ReportSection(TimeStampedModel):
    obligation = models.ForeignKey(
        ReportObligation, on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("tiêu đề mục"), max_length=500)
    guidance = models.TextField(_("hướng dẫn nội dung"), blank=True)

    class Meta:
        verbose_name = _("mục báo cáo")
        verbose_name_plural = _("mục báo cáo")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class ReportIndicator(TimeStampedModel):
    """One value a unit reports, tied to the plan's target or criterion it measures.

    The comparator and thresholds are copied from that measure when the obligation is
    made, so the office can adjust them without changing the issued plan.
    """

    obligation = models.ForeignKey(
        ReportObligation, on_delete=models.CASCADE, related_name="indicators"
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    label = models.CharField(_("chỉ số"), max_length=500)
    value_kind = models.CharField(
        _("kiểu số liệu"), max_length=10, choices=ValueKind.choices, default=ValueKind.NUMBER
    )
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    target = models.ForeignKey(
        Target,
        verbose_name=_("chỉ tiêu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_indicators",
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("tiêu chí"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_indicators",
    )
    comparator = models.CharField(
        _("so sánh"), max_length=20, choices=Comparator.choices, default=Comparator.GE
    )
    value = models.DecimalField(_("ngưỡng"), max_digits=12, decimal_places=2, null=True, blank=True)
    value_max = models.DecimalField(
        _("ngưỡng tối đa (khoảng)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    level_thresholds = models.JSONField(
        _("ngưỡng theo cấp"),
        default=list,
        blank=True,
        help_text=_("Danh sách {level, comparator, value, value_max}."),
    )
    aggregation = models.CharField(
        _("cách tổng hợp"),
        max_length=10,
        choices=Aggregation.choices,
        blank=True,
        help_text=_("Để trống: tỷ lệ lấy bình quân, số lượng cộng tổng, có/không đếm số «có»."),
    )
    upper_indicator = models.ForeignKey(
        "self",
        verbose_name=_("chỉ số tương ứng của cấp trên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lower_indicators",
    )

    class Meta:
        verbose_name = _("chỉ số báo cáo")
        verbose_name_plural = _("chỉ số báo cáo")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label

    @property
    def measure(self):
        return self.criterion or self.target

    def aggregation_for(self):
        """How the consolidated report compiles this indicator (sum, mean or share)."""
        return self.aggregation or DEFAULT_AGGREGATION.get(self.value_kind, Aggregation.SUM)

    def aggregation_label(self):
        return Aggregation(self.aggregation_for()).label

    def threshold_for(self, level):
        """(comparator, value, value_max) that applies to a unit of `level`."""
        for item in self.level_thresholds:
            if item.get("level") == level:
                return item["comparator"], item.get("value"), item.get("value_max")
        return self.comparator, self.value, self.value_max


class ReportSubmission(TimeStampedModel):
    """A unit's report for one obligation and one year; one per unit per year."""

    obligation = models.ForeignKey(
        ReportObligation,
        verbose_name=_("yêu cầu báo cáo"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị báo cáo"),
        on_delete=models.PROTECT,
        related_name="report_submissions",
    )
    year = models.PositiveSmallIntegerField(_("năm báo cáo"))
    state = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=SubmissionState.choices,
        default=SubmissionState.DRAFT,
        editable=False,
    )
    state_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    is_late = models.BooleanField(_("nộp muộn"), default=False, editable=False)

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "unit", "year"], name="report_one_per_unit_per_year"
            )
        ]
        rules_permissions = {
            "view": report_rules.can_view_submission,
            "change": report_rules.can_edit_submission,
            "submit": report_rules.can_submit,
            "return": report_rules.can_return,
        }

    def __str__(self):
        return f"{self.unit} — {self.obligation} ({self.year})"

    @property
    def scope_unit(self):
        return self.unit

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES

    @property
    def deadline(self):
        return self.obligation.deadline_for(self.year)


class SectionAnswer(TimeStampedModel):
    submission = models.ForeignKey(
        ReportSubmission, on_delete=models.CASCADE, related_name="answers"
    )
    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("nội dung mục báo cáo")
        verbose_name_plural = _("nội dung mục báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["submission", "section"], name="answer_one_per_section")
        ]

    def __str__(self):
        return self.text[:80]


class IndicatorValue(TimeStampedModel):
    """A reported value; yes/no indicators store 1 (yes) or 0 (no)."""

    submission = models.ForeignKey(
        ReportSubmission, on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        ReportIndicator, on_delete=models.CASCADE, related_name="reported_values"
    )
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2, null=True)

    class Meta:
        verbose_name = _("số liệu báo cáo")
        verbose_name_plural = _("số liệu báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator"], name="value_one_per_indicator"
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value}"


class SubmissionAttachment(StoredFileBase):
    submission = models.ForeignKey(
        ReportSubmission, on_delete=models.PROTECT, related_name="attachments"
    )

    class Meta:
        verbose_name = _("tệp đính kèm báo cáo")
        verbose_name_plural = _("tệp đính kèm báo cáo")
        ordering = ["created_at", "pk"]
        rules_permissions = {"view": report_rules.can_view_attachment}

    @property
    def scope_unit(self):
        return self.submission.unit


class ConsolidatedReport(OfficialDocument):
    """Báo cáo kết quả thực hiện phong trào thi đua: the office's report for the level
    above, compiled from the units' submissions and edited before it is issued. Its header
    and closing are the official-document fields (core.models.OfficialDocument); the
    issuing body is the plan's."""

    obligation = models.ForeignKey(
        ReportObligation,
        verbose_name=_("yêu cầu báo cáo"),
        on_delete=models.PROTECT,
        related_name="consolidated_reports",
    )
    year = models.PositiveSmallIntegerField(_("năm báo cáo"))
    symbol = models.CharField(_("ký hiệu"), max_length=50, blank=True, default="BC-UBND")
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."))
    compiled_at = models.DateTimeField(_("tổng hợp lúc"), null=True, blank=True, editable=False)
    state = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ConsolidatedState.choices,
        default=ConsolidatedState.DRAFT,
        editable=False,
    )
    state_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("gửi cấp trên lúc"), null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    sent_snapshot = models.JSONField(
        _("bản đã gửi cấp trên"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "Số liệu và nội dung lúc gửi cấp trên lần gần nhất: cấp trên đọc bản này "
            "(reports.rollup), không đọc bản cơ quan đang sửa."
        ),
    )
    snapshot = models.JSONField(
        _("số liệu tổng hợp"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Số liệu lúc tổng hợp (reports.compilation): lời văn và bảng in từ đây."),
    )

    class Meta:
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "year"], name="consolidated_one_per_obligation_year"
            )
        ]
        rules_permissions = {
            "view": report_rules.can_view_consolidated,
            "change": report_rules.can_manage_consolidated,
            "send": report_rules.can_send_consolidated,
            "return": report_rules.can_return_consolidated,
        }

    def __str__(self):
        return self.title

    @property
    def scope_unit(self):
        return self.obligation.campaign.issuing_body

    @property
    def changed_since_sent(self):
        """The office recompiled or edited the report after it last sent it: the level
        above still reads the copy sent then."""
        if not self.sent_snapshot:
            return False
        sections = [[s.key, s.heading, s.body] for s in self.sections.all()]
        return (
            self.sent_snapshot.get("figures") != self.snapshot
            or self.sent_snapshot.get("sections") != sections
        )

    def recipient_lines(self):
        return lines(self.recipients)


class ConsolidatedSection(TimeStampedModel):
    report = models.ForeignKey(
        ConsolidatedReport, on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    heading = models.CharField(_("tiêu đề"), max_length=500, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    shows_attainment = models.BooleanField(
        _("in bảng kết quả chỉ tiêu, tiêu chí sau mục này"), default=False
    )
    key = models.CharField(
        _("phần tổng hợp"),
        max_length=50,
        blank=True,
        editable=False,
        help_text=_("Phần do hệ thống tổng hợp (trống: mục cơ quan tự thêm)."),
    )
    compiled_body = models.TextField(
        _("nội dung tổng hợp"),
        blank=True,
        editable=False,
        help_text=_("Nội dung lần tổng hợp gần nhất; khác «nội dung» là cơ quan đã sửa."),
    )

    class Meta:
        verbose_name = _("mục báo cáo tổng hợp")
        verbose_name_plural = _("mục báo cáo tổng hợp")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.heading

    @property
    def is_edited(self):
        """The office changed the text the compilation wrote (or wrote its own section)."""
        return not self.key or " ".join(self.body.split()) != " ".join(self.compiled_body.split())


class ReportVersion(models.Model):
    """What a unit sent, each time it submitted: the values, the narrative and the files,
    as they stood at that moment. A returned and resubmitted report keeps every version,
    so the office sees what changed (reports.versions). Written by the workflow when the
    unit submits; never edited."""

    submission = models.ForeignKey(
        ReportSubmission, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("lần nộp"))
    submitted_at = models.DateTimeField(_("nộp lúc"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_late = models.BooleanField(_("nộp muộn"), default=False)
    content = models.JSONField(_("nội dung đã nộp"), default=dict)

    class Meta:
        verbose_name = _("lần nộp báo cáo")
        verbose_name_plural = _("các lần nộp báo cáo")
        ordering = ["submission_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "number"], name="report_version_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.submission} — lần {self.number}"
