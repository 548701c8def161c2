"""A campaign is one plan (kế hoạch phát động phong trào thi đua), held as data.

The printed body is an ordered tree of `Section`s holding ordered `Paragraph`s with the
numbering and wording of the source, so a plan renders exactly as issued. The structured
parts the app computes with (targets, criteria, award forms, quotas, milestones…) live in
their own tables and point at the paragraph that prints them, when there is one.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import OfficialDocument, TimeStampedModel
from core.offsets import OFFSETS_HELP, validate_offsets
from core.text import accent_fold
from units.enums import UnitKind, UnitLevel
from units.models import Unit

from . import rules as campaign_rules
from .enums import (
    DEFAULT_DOSSIER_PARTS,
    Authority,
    BasisKind,
    CampaignKind,
    CampaignState,
    Comparator,
    DatePrecision,
    LatePolicy,
    MilestoneKind,
    NomineeKind,
    Orientation,
    PercentBase,
    QuotaTarget,
    RoundKind,
    ScoreFormula,
    SectionRole,
)


class Campaign(OfficialDocument):
    """The plan. Its header and closing (issuing body, number, place and date, title,
    signature) are the official-document fields of core.models.OfficialDocument; its
    recipients are ordered rows (`Recipient`)."""

    key = models.SlugField(
        _("mã kế hoạch"),
        max_length=100,
        unique=True,
        help_text=_("Mã ổn định dùng khi nhập, xuất tệp JSON."),
    )
    issuing_body = models.ForeignKey(
        Unit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="campaigns"
    )
    symbol = models.CharField(_("ký hiệu"), max_length=50, blank=True, default="KH-UBND")
    document_type = models.CharField(_("tên loại văn bản"), max_length=100, default="KẾ HOẠCH")
    kind = models.CharField(
        _("loại phong trào"),
        max_length=20,
        choices=CampaignKind.choices,
        default=CampaignKind.THEMATIC,
    )
    period_start = models.DateField(_("bắt đầu"), null=True, blank=True)
    period_end = models.DateField(_("kết thúc"), null=True, blank=True)
    period_end_text = models.CharField(
        _("kết thúc (khi không có ngày)"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: «khi sự kiện kết thúc»."),
    )
    intro = models.TextField(_("câu dẫn ban hành kế hoạch"), blank=True)
    closing = models.TextField(_("câu kết"), blank=True)
    registration_enabled = models.BooleanField(_("có đăng ký thi đua"), default=False)
    registration_deadline = models.DateTimeField(_("hạn đăng ký thi đua"), null=True, blank=True)
    reminder_offsets = models.CharField(
        _("lịch nhắc hạn (số ngày trước hạn)"),
        max_length=50,
        blank=True,
        validators=[validate_offsets],
        help_text=OFFSETS_HELP,
    )
    state = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=CampaignState.choices,
        default=CampaignState.DRAFT,
        editable=False,
    )
    state_changed_at = models.DateTimeField(
        _("đổi trạng thái lúc"), null=True, blank=True, editable=False
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("sao chép từ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    to_confirm = models.BooleanField(
        _("phần đầu, chữ ký cần xác nhận"),
        default=False,
        help_text=_("Nhận dạng tự động từ tệp Word/PDF; cần xác nhận trước khi ban hành."),
    )

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-issue_year", "-pk"]
        rules_permissions = {
            "view": campaign_rules.can_view_campaign,
            "add": campaign_rules.is_campaign_office,
            "change": campaign_rules.can_edit_campaign,
            "delete": campaign_rules.can_edit_campaign,
            "publish": campaign_rules.can_publish,
            "close": campaign_rules.can_close,
            "return_to_draft": campaign_rules.can_return_to_draft,
            "reopen": campaign_rules.can_reopen,
            "register": campaign_rules.can_register,
            "draft_lower": campaign_rules.can_draft_lower_plan,
        }

    def __str__(self):
        return self.title

    @property
    def scope_unit(self):
        return self.issuing_body

    @property
    def year(self):
        if self.issue_year:
            return self.issue_year
        return self.period_start.year if self.period_start else None

    def recipient_lines(self):
        return [r.text for r in self.recipient_set.order_by("order", "pk")]

    @property
    def is_editable(self):
        return self.state == CampaignState.DRAFT

    def save(self, *args, **kwargs):
        # Folded twin for accent-insensitive search (see core.text).
        self.search_text = accent_fold(" ".join([self.title, self.number, self.symbol, self.place]))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


class CampaignPart(TimeStampedModel):
    """Base of every ordered part of a plan."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="%(class)s_set")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    @property
    def scope_unit(self):
        return self.campaign.issuing_body


class LegalBasis(CampaignPart):
    """One referenced document of the opening ("Căn cứ …", "Thực hiện …").

    Plans often cite several documents in one printed paragraph ("Thực hiện Quyết định
    số 749/QĐ-TTg …; Nghị quyết số 09-NQ/TU …; …"): each document is its own row with its
    parsed number, date and issuer, and `continues` says it prints in the same paragraph
    as the row before, after one space.
    """

    kind = models.CharField(
        _("loại"), max_length=20, choices=BasisKind.choices, default=BasisKind.CAN_CU
    )
    text = models.TextField(_("nội dung như in"))
    continues = models.BooleanField(
        _("in tiếp cùng đoạn"),
        default=False,
        help_text=_("In nối tiếp đoạn của căn cứ liền trước, cách một dấu cách."),
    )
    doc_number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    doc_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    doc_title = models.TextField(_("trích yếu"), blank=True)
    is_parent_plan = models.BooleanField(_("là kế hoạch cấp trên"), default=False)
    to_confirm = models.BooleanField(
        _("cần xác nhận"),
        default=False,
        help_text=_("Nhận dạng tự động từ tệp Word/PDF; cần xác nhận trước khi ban hành."),
    )

    class Meta(CampaignPart.Meta):
        verbose_name = _("căn cứ")
        verbose_name_plural = _("căn cứ")

    def __str__(self):
        return self.text[:80]


class Section(CampaignPart):
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    numbering = models.CharField(_("số thứ tự như in"), max_length=30, blank=True)
    heading = models.TextField(_("tiêu đề"), blank=True)
    lead = models.TextField(
        _("nội dung cùng dòng tiêu đề"),
        blank=True,
        help_text=_("Phần chữ thường in ngay sau tiêu đề."),
    )
    role = models.CharField(
        _("vai trò"), max_length=20, choices=SectionRole.choices, default=SectionRole.OTHER
    )
    organisation = models.CharField(
        _("cơ quan, đơn vị thực hiện"),
        max_length=255,
        blank=True,
        help_text=_("Cho mục nhiệm vụ của từng cơ quan."),
    )
    organisation_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(CampaignPart.Meta):
        verbose_name = _("mục")
        verbose_name_plural = _("mục")

    def __str__(self):
        return f"{self.numbering} {self.heading}".strip()


class Paragraph(CampaignPart):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="paragraphs")
    marker = models.CharField(_("ký hiệu đầu dòng"), max_length=20, blank=True)
    text = models.TextField(_("nội dung"))

    class Meta(CampaignPart.Meta):
        verbose_name = _("đoạn")
        verbose_name_plural = _("đoạn")

    def __str__(self):
        return f"{self.marker} {self.text[:80]}".strip()


class PrintedPart(CampaignPart):
    """A structured part, optionally tied to the paragraph that prints it."""

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_confirm = models.BooleanField(
        _("cần xác nhận"),
        default=False,
        help_text=_("Nhận dạng tự động từ tệp Word/PDF; cần xác nhận trước khi ban hành."),
    )

    class Meta(CampaignPart.Meta):
        abstract = True


class Measure(PrintedPart):
    """A target or a criterion: its text, and when measurable, what to compare."""

    text = models.TextField(_("nội dung"))
    indicator = models.CharField(_("chỉ số"), max_length=500, blank=True)
    comparator = models.CharField(
        _("so sánh"), max_length=20, choices=Comparator.choices, default=Comparator.QUALITATIVE
    )
    value = models.DecimalField(
        _("giá trị"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    value_max = models.DecimalField(
        _("giá trị tối đa (khoảng)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    level_thresholds = models.JSONField(
        _("ngưỡng theo cấp"),
        default=list,
        blank=True,
        help_text=_("Danh sách {level, comparator, value}: ví dụ ≥75% cấp huyện, ≥50% cấp xã."),
    )
    external_index = models.CharField(_("bộ chỉ số bên ngoài"), max_length=500, blank=True)

    class Meta(PrintedPart.Meta):
        abstract = True

    def __str__(self):
        return self.indicator or self.text[:80]

    @property
    def is_measurable(self):
        return self.comparator != Comparator.QUALITATIVE

    def threshold_for(self, level):
        """(comparator, value, value_max) that applies to a unit of `level`."""
        for item in self.level_thresholds:
            if item.get("level") == level:
                return item["comparator"], item.get("value"), item.get("value_max")
        return self.comparator, self.value, self.value_max


class Target(Measure):
    group = models.CharField(_("nhóm chỉ tiêu"), max_length=255, blank=True)

    class Meta(Measure.Meta):
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")


class ParticipantCategory(PrintedPart):
    local_id = models.CharField(max_length=50)
    nominee_kind = models.CharField(_("loại đối tượng"), max_length=20, choices=NomineeKind.choices)
    label = models.CharField(_("tên nhóm đối tượng"), max_length=500)
    unit_kinds = models.JSONField(_("loại đơn vị"), default=list, blank=True)
    unit_level = models.CharField(_("cấp"), max_length=20, choices=UnitLevel.choices, blank=True)

    class Meta(PrintedPart.Meta):
        verbose_name = _("đối tượng thi đua")
        verbose_name_plural = _("đối tượng thi đua")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "local_id"], name="category_local_id_unique"
            )
        ]

    def __str__(self):
        return self.label


class Criterion(Measure):
    category = models.ForeignKey(
        ParticipantCategory,
        verbose_name=_("đối tượng"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="criteria",
    )
    # Scoring (a plan that scores and ranks units; see campaigns/scoring.py). A criterion
    # without points is not scored.
    points = models.DecimalField(
        _("số điểm tối đa"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    formula = models.CharField(
        _("cách tính điểm"), max_length=20, choices=ScoreFormula.choices, blank=True
    )
    points_per_item = models.DecimalField(
        _("điểm mỗi trường hợp đạt"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    sample_size = models.PositiveIntegerField(_("cỡ mẫu kiểm tra"), null=True, blank=True)
    bands = models.JSONField(
        _("khung điểm"),
        default=list,
        blank=True,
        help_text=_("Mỗi khung: từ (gồm), đến (không gồm, để trống: trở lên), số điểm."),
    )
    is_bonus = models.BooleanField(
        _("điểm thưởng"),
        default=False,
        help_text=_("Cộng vào điểm thưởng, không quá số điểm tối đa của tiêu chí."),
    )
    evidence_required = models.BooleanField(_("cần minh chứng"), default=False)
    tie_break = models.PositiveSmallIntegerField(
        _("thứ tự xét khi bằng điểm"),
        null=True,
        blank=True,
        help_text=_("1: xét trước tiên; sau cùng là bỏ phiếu."),
    )

    @property
    def is_scored(self):
        return self.points is not None and bool(self.formula)

    class Meta(Measure.Meta):
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")


class Milestone(PrintedPart):
    local_id = models.CharField(max_length=50)
    kind = models.CharField(_("loại mốc"), max_length=30, choices=MilestoneKind.choices)
    phrase = models.CharField(_("cách ghi trong kế hoạch"), max_length=500)
    precision = models.CharField(_("độ chính xác"), max_length=10, choices=DatePrecision.choices)
    date = models.DateField(_("ngày"), null=True, blank=True)
    day = models.PositiveSmallIntegerField(_("ngày (hằng năm)"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("tháng (hằng năm)"), null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(_("quý"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    due_at = models.DateTimeField(
        _("hạn (giờ Việt Nam)"),
        null=True,
        blank=True,
        help_text=_("«Trước ngày X» là 00:00 ngày X; một quý là hết ngày cuối quý. Có thể sửa."),
    )
    responsible = models.CharField(_("đơn vị thực hiện"), max_length=500, blank=True)

    class Meta(PrintedPart.Meta):
        verbose_name = _("mốc thời gian")
        verbose_name_plural = _("mốc thời gian")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "local_id"], name="milestone_local_id_unique"
            )
        ]

    def __str__(self):
        return self.phrase

    def due_in_year(self, year):
        """The deadline of a yearly milestone in `year` (00:00 Vietnam time that day)."""
        from django.utils import timezone  # noqa: PLC0415 - keeps models import-light

        if self.precision != DatePrecision.YEARLY:
            return self.due_at
        day = datetime.datetime(year, self.month, self.day)
        return timezone.make_aware(day, timezone.get_default_timezone())


class AwardForm(PrintedPart):
    local_id = models.CharField(max_length=50)
    name = models.CharField(_("hình thức khen thưởng"), max_length=500)
    authority = models.CharField(_("thẩm quyền"), max_length=20, choices=Authority.choices)
    decider = models.CharField(_("người quyết định"), max_length=255, blank=True)
    recipient_kinds = models.JSONField(_("đối tượng nhận"), default=list, blank=True)
    eligible_unit_kinds = models.JSONField(_("loại đơn vị được đề nghị"), default=list, blank=True)
    standards = models.TextField(_("tiêu chuẩn"), blank=True)
    is_title = models.BooleanField(_("là danh hiệu thi đua"), default=False)
    vote_threshold_pct = models.DecimalField(
        _("ngưỡng phiếu đồng ý (% tổng số thành viên hội đồng)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Để trống: quá nửa tổng số thành viên. Chiến sĩ thi đua cơ sở: từ 80%."),
    )
    # A form decided by the level above (authority PROPOSED_UP): the same form in the upper
    # body's plan, under which the approved proposals go into the upper body's round
    # (AwardRound.upper_round). Set by the office of the upper body or the administrator;
    # not part of the plan's JSON (it points into another plan).
    upper_form = models.ForeignKey(
        "self",
        verbose_name=_("hình thức tương ứng của cấp trên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lower_forms",
        help_text=_("Hình thức do cấp trên quyết định: hình thức này trong kế hoạch của cấp trên."),
    )

    class Meta(PrintedPart.Meta):
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "local_id"], name="form_local_id_unique")
        ]

    def __str__(self):
        return self.name


class AwardRound(PrintedPart):
    local_id = models.CharField(max_length=50)
    kind = models.CharField(_("đợt"), max_length=20, choices=RoundKind.choices)
    label = models.CharField(_("tên đợt"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    milestone = models.ForeignKey(
        Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    forms = models.ManyToManyField(
        AwardForm, verbose_name=_("hình thức"), blank=True, related_name="rounds"
    )
    # The nomination window used by the awards app (Vietnam time).
    opens_at = models.DateTimeField(_("mở nhận hồ sơ từ"), null=True, blank=True)
    deadline = models.DateTimeField(_("hạn nộp hồ sơ"), null=True, blank=True)
    late_policy = models.CharField(
        _("khi nộp muộn"), max_length=10, choices=LatePolicy.choices, default=LatePolicy.REFUSE
    )
    # The parts a dossier must hold before it goes (DossierPart values); None: all of them.
    dossier_parts = models.JSONField(
        _("thành phần hồ sơ bắt buộc"), null=True, blank=True, default=None
    )
    reminder_offsets = models.CharField(
        _("lịch nhắc hạn (số ngày trước hạn)"),
        max_length=50,
        blank=True,
        validators=[validate_offsets],
        help_text=OFFSETS_HELP,
    )
    processing_days = models.PositiveSmallIntegerField(
        _("thời hạn xử lý hồ sơ (ngày làm việc)"),
        null=True,
        blank=True,
        help_text=_(
            "Hồ sơ chờ cơ quan thường trực quá số ngày làm việc này thì nhắc cơ quan "
            "thường trực. Để trống: không nhắc."
        ),
    )
    # Where the round's proposals to the level above go: the upper body's round (for the
    # forms with an `upper_form` in it). Not part of the plan's JSON.
    upper_round = models.ForeignKey(
        "self",
        verbose_name=_("đợt khen thưởng của cấp trên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lower_rounds",
        help_text=_("Đợt của cấp trên nhận hồ sơ đề nghị các hình thức do cấp trên quyết định."),
    )

    class Meta(PrintedPart.Meta):
        verbose_name = _("đợt khen thưởng")
        verbose_name_plural = _("đợt khen thưởng")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "local_id"], name="round_local_id_unique")
        ]

    def __str__(self):
        return self.label

    @property
    def required_parts(self):
        return DEFAULT_DOSSIER_PARTS if self.dossier_parts is None else list(self.dossier_parts)


class Quota(PrintedPart):
    """'Không quá 03 tập thể và 05 cá nhân': every count is a maximum; all optional."""

    text = models.TextField(_("nội dung như in"), blank=True)
    form = models.ForeignKey(AwardForm, on_delete=models.CASCADE, related_name="quotas")
    round = models.ForeignKey(
        AwardRound, on_delete=models.CASCADE, null=True, blank=True, related_name="quotas"
    )
    max_collective = models.PositiveIntegerField(_("tối đa tập thể"), null=True, blank=True)
    max_individual = models.PositiveIntegerField(_("tối đa cá nhân"), null=True, blank=True)
    max_total = models.PositiveIntegerField(
        _("tối đa (tập thể hoặc cá nhân)"), null=True, blank=True
    )
    per_unit = models.BooleanField(_("tính cho mỗi đơn vị"), default=False)
    pct_collective = models.DecimalField(
        _("tỷ lệ tối đa tập thể (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    pct_individual = models.DecimalField(
        _("tỷ lệ tối đa cá nhân (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # Whom the quota counts (see campaigns/quotas.py); the default is the whole round.
    applies_to = models.CharField(
        _("áp dụng cho"), max_length=20, choices=QuotaTarget.choices, default=QuotaTarget.ROUND
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị được nêu tên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit_kind = models.CharField(
        _("loại đơn vị"), max_length=30, choices=UnitKind.choices, blank=True
    )
    exact = models.BooleanField(
        _("đúng số lượng"),
        default=False,
        help_text=_("«Chọn 02 trường hợp»: phải đúng số này, không chỉ tối đa."),
    )
    pct_base = models.CharField(
        _("tỷ lệ tính trên"), max_length=20, choices=PercentBase.choices, default=PercentBase.FILED
    )
    base_collective = models.PositiveIntegerField(
        _("số tập thể trực tiếp tham gia"), null=True, blank=True
    )
    base_individual = models.PositiveIntegerField(
        _("số cá nhân trực tiếp tham gia"), null=True, blank=True
    )

    class Meta(PrintedPart.Meta):
        verbose_name = _("số lượng khen thưởng")
        verbose_name_plural = _("số lượng khen thưởng")

    def __str__(self):
        return self.text or str(self.form)


class RatioRule(PrintedPart):
    text = models.TextField(_("nội dung như in"), blank=True)
    round = models.ForeignKey(
        AwardRound, on_delete=models.CASCADE, null=True, blank=True, related_name="ratio_rules"
    )
    leader_max_pct = models.DecimalField(
        _("lãnh đạo tối đa (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    direct_min_pct = models.DecimalField(
        _("trực tiếp thực hiện tối thiểu (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta(PrintedPart.Meta):
        verbose_name = _("tỷ lệ cơ cấu")
        verbose_name_plural = _("tỷ lệ cơ cấu")

    def __str__(self):
        return self.text


class DossierRequirement(PrintedPart):
    text = models.TextField(_("nội dung như in"), blank=True)
    components = models.JSONField(_("thành phần hồ sơ"), default=list, blank=True)
    copies = models.CharField(_("số bộ"), max_length=50, blank=True)
    send_to = models.CharField(_("nơi nhận hồ sơ"), max_length=500, blank=True)
    via = models.CharField(_("qua"), max_length=500, blank=True)
    milestone = models.ForeignKey(
        Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(PrintedPart.Meta):
        verbose_name = _("yêu cầu hồ sơ")
        verbose_name_plural = _("yêu cầu hồ sơ")

    def __str__(self):
        return self.text[:80]


class Recipient(CampaignPart):
    text = models.CharField(_("nơi nhận (như in)"), max_length=500)
    suffix = models.CharField(
        _("mục đích gửi"),
        max_length=100,
        blank=True,
        help_text=_(
            "«(b/c)», «(để báo cáo)»… đã có trong dòng in; lưu riêng để lọc, không in thêm."
        ),
    )

    class Meta(CampaignPart.Meta):
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")

    def __str__(self):
        return self.text


class Appendix(CampaignPart):
    """A Phụ lục printed after the signature on a new page (landscape when wide): its
    label ("Phụ lục I"), title, note ("(Kèm theo Kế hoạch số …)") and its blocks
    (paragraphs and tables with bold and italic runs; campaigns.appendices)."""

    label = models.CharField(_("số phụ lục"), max_length=100, blank=True)
    title = models.TextField(_("tên phụ lục"), blank=True)
    note = models.TextField(_("dòng ghi chú dưới tên"), blank=True)
    orientation = models.CharField(
        _("chiều trang"), max_length=10, choices=Orientation.choices, default=Orientation.AUTO
    )
    blocks = models.JSONField(_("nội dung"), default=list, blank=True)

    class Meta(CampaignPart.Meta):
        verbose_name = _("phụ lục")
        verbose_name_plural = _("phụ lục")

    def __str__(self):
        return self.label or self.title[:80]


class Registration(TimeStampedModel):
    """Đăng ký thi đua: a unit pledges to compete, aiming for some forms."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="registrations"
    )
    forms = models.ManyToManyField(AwardForm, verbose_name=_("hình thức phấn đấu"), blank=True)
    pledge = models.TextField(_("nội dung đăng ký"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người đăng ký"),
    )
    is_late = models.BooleanField(_("nộp muộn"), default=False)

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="registration_one_per_unit")
        ]
        rules_permissions = {"view": campaign_rules.can_view_registration}

    def __str__(self):
        return f"{self.unit} — {self.campaign}"

    @property
    def scope_unit(self):
        return self.unit
