"""Award decisions (Quyết định khen thưởng), their lists, cash and certificates.

A decision is an official document (Nghị định 30/2020/NĐ-CP): while it is a draft (dự thảo)
the office edits it; the approver issues it, which gives it the next number of its issuing
body for the year, its date, its signer and its cash amounts, all frozen from then on. A
mistake is never edited away: a new decision amends or revokes it (Luật Thi đua, khen
thưởng, Chương VII), linked to it, and the old decision's lines show as revoked.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.enums import NomineeKind
from campaigns.models import AwardForm, AwardRound
from core import documents
from core.models import OfficialDocument, TimeStampedModel
from core.text import accent_fold
from units.models import Person, Unit

from . import rules as decision_rules
from .enums import (
    BatchState,
    CertificateLayout,
    DecisionKind,
    DecisionState,
    FormType,
)


class BaseSalary(models.Model):
    """Mức lương cơ sở, effective-dated: a decision uses the one in force on its date."""

    amount = models.PositiveBigIntegerField(_("mức lương cơ sở (đồng)"))
    valid_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    legal_basis = models.CharField(_("văn bản quy định"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.amount:,} đ ({self.valid_from:%d/%m/%Y})".replace(",", ".")


class CashCoefficient(models.Model):
    """Tiền thưởng = hệ số × mức lương cơ sở, per award form and nominee kind."""

    form_type = models.CharField(
        _("hình thức khen thưởng"), max_length=20, choices=FormType.choices
    )
    nominee_kind = models.CharField(_("đối tượng"), max_length=20, choices=NomineeKind.choices)
    coefficient = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=2)
    note = models.CharField(_("căn cứ, ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("hệ số tiền thưởng")
        verbose_name_plural = _("hệ số tiền thưởng")
        ordering = ["form_type", "nominee_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["form_type", "nominee_kind"], name="cash_coefficient_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_form_type_display()} — {self.get_nominee_kind_display()}: {self.coefficient}"


class DocumentCounter(models.Model):
    """The last number an issuing body gave in a year (Nghị định 30/2020, Điều 15): one
    sequence per body per calendar year. Locked with select_for_update by `next_number`."""

    issuing_body = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")
        constraints = [
            models.UniqueConstraint(fields=["issuing_body", "year"], name="document_counter_unique")
        ]

    def __str__(self):
        return f"{self.issuing_body} {self.year}: {self.last_number}"


class Decision(OfficialDocument):
    """One award decision, its amendment or its revocation."""

    kind = models.CharField(
        _("loại quyết định"),
        max_length=10,
        choices=DecisionKind.choices,
        default=DecisionKind.AWARD,
    )
    state = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=DecisionState.choices,
        default=DecisionState.DRAFT,
        editable=False,
    )
    state_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    round = models.ForeignKey(
        AwardRound, verbose_name=_("đợt khen thưởng"), on_delete=models.PROTECT, related_name="+"
    )
    form = models.ForeignKey(
        AwardForm,
        verbose_name=_("hình thức khen thưởng"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    form_type = models.CharField(
        _("loại hình thức (để tính tiền thưởng)"),
        max_length=20,
        choices=FormType.choices,
        default=FormType.OTHER,
    )
    target = models.ForeignKey(
        "self",
        verbose_name=_("quyết định được sửa đổi, hủy bỏ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    # The official-document fields (core.models.OfficialDocument): issuing body, printed
    # names, number (given at issue), symbol, place, date (at issue), title, signing mode,
    # signature lines and signer (at issue, from the approver's signing mode).
    symbol = models.CharField(_("ký hiệu"), max_length=50, default="QĐ-UBND")
    sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True, editable=False)
    authority_line = models.CharField(
        _("thẩm quyền ban hành (dòng in dưới tên loại)"),
        max_length=255,
        help_text=_("Ví dụ «CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NINH HẢI»."),
    )
    # --- the body ---------------------------------------------------------------------
    legal_basis = models.TextField(
        _("căn cứ"), help_text=_("Mỗi dòng một căn cứ, in thành một đoạn («Căn cứ …;»).")
    )
    reason = models.TextField(
        _("thành tích được khen"),
        help_text=_("In sau «đã có thành tích», ví dụ «xuất sắc trong Phong trào thi đua …»."),
    )
    executors = models.TextField(
        _("cơ quan thi hành (Điều 3)"),
        help_text=_(
            "Các cơ quan, đơn vị chịu trách nhiệm thi hành, trước «các tập thể, cá nhân có tên tại Điều 1»."
        ),
    )
    funding_source = models.CharField(
        _("nguồn tiền thưởng"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ «Quỹ Thi đua, khen thưởng huyện»."),
    )
    recipients = models.TextField(
        _("nơi nhận"), help_text=_("Mỗi dòng một nơi nhận, in sau dấu «-».")
    )
    base_salary = models.PositiveBigIntegerField(
        _("mức lương cơ sở áp dụng (đồng)"), null=True, blank=True, editable=False
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_body", "issue_year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="decision_number_unique_per_body_year",
            ),
            models.CheckConstraint(
                condition=Q(kind="award", target__isnull=True)
                | (~Q(kind="award") & Q(target__isnull=False)),
                name="decision_target_matches_kind",
            ),
        ]
        rules_permissions = {
            "view": decision_rules.can_view_decision,
            "change": decision_rules.can_edit_decision,
            "issue": decision_rules.can_issue_decision,
            "cancel": decision_rules.can_edit_decision,
            "correct": decision_rules.can_correct_decision,
            "certificates": decision_rules.can_print_certificates,
        }

    def __str__(self):
        if self.number:
            return f"{self.get_kind_display()} số {self.number}/{self.symbol}"
        return f"{self.get_kind_display()} ({self.get_state_display().lower()})"

    @property
    def scope_unit(self):
        return self.issuing_body

    @property
    def is_draft(self):
        return self.state == DecisionState.DRAFT

    @property
    def authority_title(self):
        """ "Chủ tịch Ủy ban nhân dân huyện Ninh Hải" out of the printed authority line."""
        out = self.authority_line.lower()
        out = out[:1].upper() + out[1:]
        out = out.replace("ủy ban nhân dân", "Ủy ban nhân dân")
        for marker in (
            " tỉnh ",
            " huyện ",
            " xã ",
            " phường ",
            " thị xã ",
            " thành phố ",
            " quận ",
        ):
            at = out.find(marker)
            if at >= 0:
                head, tail = out[: at + len(marker)], out[at + len(marker) :]
                return head + " ".join(w[:1].upper() + w[1:] for w in tail.split())
        return out

    @property
    def number_text(self):
        """ "163/QĐ-UBND", or "" while a draft."""
        return f"{self.number}/{self.symbol}" if self.number else ""

    @property
    def date_text(self):
        return self.issued_on.strftime("%d/%m/%Y") if self.issued_on else ""

    def recipient_lines(self):
        return documents.lines(self.recipients)


class DecisionLine(TimeStampedModel):
    """One awardee of a decision (a row of its list)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="lines")
    nomination = models.ForeignKey(
        "awards.Nomination",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_lines",
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("thay dòng của quyết định cũ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    nominee_kind = models.CharField(_("đối tượng"), max_length=20, choices=NomineeKind.choices)
    nominee_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("tên tập thể, họ và tên"), max_length=255)
    post_and_unit = models.CharField(_("chức vụ, đơn vị"), max_length=500, blank=True)
    order = models.PositiveIntegerField(_("số thứ tự"), default=0)
    coefficient = models.DecimalField(
        _("hệ số tiền thưởng"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    amount = models.PositiveBigIntegerField(_("tiền thưởng (đồng)"), null=True, blank=True)
    verification_code = models.CharField(
        _("mã xác minh"), max_length=12, null=True, blank=True, unique=True, editable=False
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    revoked_by = models.ForeignKey(
        Decision,
        verbose_name=_("bị hủy bỏ, sửa đổi bởi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revoked_lines",
        editable=False,
    )

    class Meta:
        verbose_name = _("người, tập thể được khen thưởng")
        verbose_name_plural = _("danh sách được khen thưởng")
        ordering = ["decision", "order", "pk"]

    def __str__(self):
        return self.name

    @property
    def scope_unit(self):
        return self.decision.issuing_body

    @property
    def is_revoked(self):
        return self.revoked_by_id is not None

    def fold(self):
        """Fill the accent-folded twin used by the award history search (call before a
        bulk_create, which skips save())."""
        self.search_text = accent_fold(f"{self.name} {self.post_and_unit}")
        return self

    def save(self, *args, **kwargs):
        self.fold()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def gold_book_number(self):
        """Số sổ vàng: the awardee's place in the decision's list (domain.md §5 [U])."""
        return self.order


class PastAward(TimeStampedModel):
    """An award given before the app was used, imported from the office's spreadsheet, so
    that each collective's and person's award history is complete."""

    nominee_kind = models.CharField(_("đối tượng"), max_length=20, choices=NomineeKind.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    nominee_unit = models.ForeignKey(
        Unit,
        verbose_name=_("tập thể"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("tên tập thể, họ và tên"), max_length=255)
    form_name = models.CharField(_("hình thức khen thưởng"), max_length=255)
    decision_number = models.CharField(_("số quyết định"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    achievement_year = models.PositiveSmallIntegerField(
        _("năm thành tích"),
        null=True,
        blank=True,
        help_text=_("Năm của thành tích được khen; để trống là năm của quyết định."),
    )
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    scope = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan nhập"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Cơ quan có quyền xem dòng này (cơ quan của người nhập)."),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("khen thưởng trước đây")
        verbose_name_plural = _("khen thưởng trước đây")
        ordering = ["-decision_date", "pk"]
        indexes = [
            # The award history's order: its newest 200 matches found by walking the
            # index, not by matching every row's words and sorting (decisions.history).
            models.Index(fields=["-decision_date", "-id"], name="past_award_history_order_idx"),
        ]

    def __str__(self):
        return f"{self.name}: {self.form_name} ({self.decision_number})"

    @property
    def scope_unit(self):
        return self.scope

    @property
    def period_year(self):
        """The year of the achievement it rewarded (the decision's year when not given)."""
        return self.achievement_year or self.decision_date.year

    def save(self, *args, **kwargs):
        self.search_text = accent_fold(f"{self.name} {self.form_name} {self.decision_number}")
        super().save(*args, **kwargs)


class CommentWindow(TimeStampedModel):
    """The office publishes a round's proposed list for public comment (góp ý) between two
    dates (Vietnam days, both included)."""

    round = models.OneToOneField(
        AwardRound, verbose_name=_("đợt khen thưởng"), on_delete=models.CASCADE, related_name="+"
    )
    opens_on = models.DateField(_("nhận góp ý từ ngày"))
    closes_on = models.DateField(_("đến hết ngày"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("thời gian lấy ý kiến công khai")
        verbose_name_plural = _("thời gian lấy ý kiến công khai")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="comment_window_ordered"
            )
        ]

    def is_open(self, today):
        return self.opens_on <= today <= self.closes_on


class PublicComment(models.Model):
    """Góp ý of a member of the public on one proposed nominee (read by the office)."""

    nomination = models.ForeignKey(
        "awards.Nomination", on_delete=models.CASCADE, related_name="public_comments"
    )
    author = models.CharField(_("họ và tên người góp ý"), max_length=255, blank=True)
    contact = models.CharField(_("số điện thoại hoặc thư điện tử"), max_length=255, blank=True)
    text = models.TextField(_("nội dung góp ý"))
    sender = models.CharField(max_length=64, editable=False, db_index=True)  # hashed address
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("góp ý công khai")
        verbose_name_plural = _("góp ý công khai")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text[:80]


class CertificateSettings(models.Model):
    """Where each field prints on the body's pre-printed blank stock (phôi), in millimetres
    from the top-left corner of the A4 landscape sheet; the admin adjusts them to the
    printer. One row per issuing body; a body without one uses the defaults."""

    issuing_body = models.OneToOneField(
        Unit, verbose_name=_("cơ quan ban hành"), on_delete=models.CASCADE, related_name="+"
    )
    offset_x = models.DecimalField(
        _("dịch cả trang sang phải (mm)"), max_digits=5, decimal_places=1, default=0
    )
    offset_y = models.DecimalField(
        _("dịch cả trang xuống dưới (mm)"), max_digits=5, decimal_places=1, default=0
    )
    name_top = models.DecimalField(
        _("họ tên: cách mép trên (mm)"), max_digits=5, decimal_places=1, default=98
    )
    post_top = models.DecimalField(
        _("chức vụ, đơn vị: cách mép trên (mm)"), max_digits=5, decimal_places=1, default=112
    )
    reason_top = models.DecimalField(
        _("thành tích: cách mép trên (mm)"), max_digits=5, decimal_places=1, default=124
    )
    footer_top = models.DecimalField(
        _("số quyết định, ngày: cách mép trên (mm)"), max_digits=5, decimal_places=1, default=150
    )
    signer_top = models.DecimalField(
        _("người ký: cách mép trên (mm)"), max_digits=5, decimal_places=1, default=185
    )

    class Meta:
        verbose_name = _("vị trí in trên phôi giấy khen")
        verbose_name_plural = _("vị trí in trên phôi giấy khen")

    def __str__(self):
        return str(self.issuing_body)


class CertificateBatch(TimeStampedModel):
    """One rendering of all certificates of a decision (a background job)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="batches")
    layout = models.CharField(
        _("mẫu in"),
        max_length=10,
        choices=CertificateLayout.choices,
        default=CertificateLayout.FULL,
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=BatchState.choices, default=BatchState.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    # Where the QR codes point: the site's address as the requesting browser saw it.
    base_url = models.CharField(max_length=255)
    file = models.FileField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt in giấy khen")
        verbose_name_plural = _("lượt in giấy khen")
        ordering = ["-created_at", "-pk"]

    @property
    def scope_unit(self):
        return self.decision.issuing_body

    @property
    def percent(self):
        return (
            int(self.done * 100 / self.total)
            if self.total
            else (100 if self.state == BatchState.DONE else 0)
        )


def base_salary_on(day):
    """The base salary (đồng) in force on `day`, or None before the first row."""
    row = BaseSalary.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    return row.amount if row else None
