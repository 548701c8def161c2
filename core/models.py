"""Shared model parts: the base model, the append-only transition log, stored files and
the official-document base."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModelBase, RulesModelMixin

from . import documents
from .enums import SigningPrefix


class TimeStampedModel(RulesModelMixin, models.Model, metaclass=RulesModelBase):
    """Base of every domain model: creation and update times, and `rules` permissions.

    `Meta.rules_permissions` on a subclass yields permissions like `units.view_unit`.
    """

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, editable=False)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a history row."""


class TransitionLogQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
        )

    # Bulk paths would bypass the instance guards below, so they are closed too.
    def update(self, **kwargs):
        raise AppendOnlyError("Transition log rows cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Transition log rows cannot be deleted.")


class TransitionLog(models.Model):
    """One row per workflow move or business event: who, when, what, from which state to
    which (blank for an event that is not a move), why, and its details in `data`.

    Written by `core.workflow` in the move's own transaction, never edited: this is the
    audit trail the product promises ("who, when and why"). On PostgreSQL a trigger refuses
    UPDATE and DELETE in the database too (migration core 0003).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    workflow = models.CharField(_("quy trình"), max_length=50)
    action = models.CharField(_("thao tác"), max_length=50)
    from_state = models.CharField(_("từ trạng thái"), max_length=50, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=50, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("lý do"), blank=True)
    # Details of an event that is not a state move (what an edit changed, the old and new
    # deadline, a recompiled report's figures): {"changes": [[label, before, after]], …}.
    data = models.JSONField(_("chi tiết"), default=dict, blank=True)
    # The move's own time: now, or the `now=` a service was given (the demo replays its
    # moves on their historical dates; tests travel in time).
    created_at = models.DateTimeField(
        _("thời điểm"), default=timezone.now, editable=False, db_index=True
    )

    objects = TransitionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch sử chuyển trạng thái")
        verbose_name_plural = _("lịch sử chuyển trạng thái")
        ordering = ["pk"]  # the order things happened in; created_at may be a replayed date
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self):
        return f"{self.workflow}: {self.from_state} → {self.to_state} ({self.action})"

    def save(self, *args, **kwargs):
        # Append-only: a row is written once, by the transition service, and never rewritten.
        if self.pk is not None:
            raise AppendOnlyError("Transition log rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Transition log rows cannot be deleted.")


class StoredFileBase(TimeStampedModel):
    """An uploaded file kept with its checksum (see core.uploads); never overwritten.

    A replacement is a new row. Concrete models add the owner FK and an `upload_to`.
    """

    file = models.FileField(_("tệp"), max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("định dạng"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name


# --- the notification centre (see core.notifications) -------------------------------


class Notification(models.Model):
    """One in-app notification for one user, written once per event under a unique key.

    The key (`"<event key>:<user id>"`) makes a retried event harmless: the second insert
    is ignored by the database, not by a check that could race.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("loại thông báo"), max_length=50)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    link = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    key = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    # What a reminder or digest is about (the delivery log filters and scopes on them).
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    campaign = models.CharField(_("phong trào thi đua"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi không được")


class EmailOutbox(models.Model):
    """One e-mail to one address, stored before it is sent, under the notification's key.

    The sender task locks pending rows (SKIP LOCKED on PostgreSQL), sends each with a
    Message-ID derived from the key, and marks it sent; a row is never sent twice by two
    workers, and a receiver can drop a duplicate after a crash by its Message-ID.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    to = models.EmailField(_("địa chỉ nhận"))
    event = models.CharField(_("loại thông báo"), max_length=50)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    message_id = models.CharField(_("mã thư"), max_length=255)
    key = models.CharField(max_length=255, unique=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi lần gửi cuối"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    # What a reminder or digest is about (the delivery log filters and scopes on them).
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    campaign = models.CharField(_("phong trào thi đua"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("thư chờ gửi")
        verbose_name_plural = _("thư chờ gửi")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="pending"),
                name="outbox_pending_idx",
            ),
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"


class NotificationPreference(models.Model):
    """A user's choice for one kind of notification: e-mail too, or in the app only.

    No row means the default: e-mail on.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    event = models.CharField(_("loại thông báo"), max_length=50)
    email = models.BooleanField(_("gửi cả e-mail"), default=True)

    class Meta:
        verbose_name = _("tùy chọn nhận thông báo")
        verbose_name_plural = _("tùy chọn nhận thông báo")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="notification_pref_unique")
        ]

    def __str__(self):
        return f"{self.user}: {self.event}"


class OfficialDocument(TimeStampedModel):
    """The fields every administrative document carries (Nghị định 30/2020/NĐ-CP), once:
    the issuing body and its name as printed with the body above it, number and symbol,
    place and date, title (trích yếu), signing mode, signature lines and signer.

    Used by the plan (campaigns.Campaign) and the consolidated report
    (reports.ConsolidatedReport); the award decision and the nomination letter are next.
    A concrete document declares `recipient_lines()` (rows or a text field) and may
    override a field to change its default (the symbol: "KH-UBND", "BC-UBND", …) or the
    issuing body's related name. Its `render_<doc>_pdf` builds the context with
    `header_context()` and `closing_context()` (core.documents).
    """

    issuing_body = models.ForeignKey(
        "units.Unit",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    governing_body_line = models.CharField(
        _("cơ quan chủ quản (dòng trên)"), max_length=255, blank=True
    )
    issuing_body_line = models.TextField(
        _("tên cơ quan ban hành như in"),
        help_text=_("Mỗi dòng một dòng in, ví dụ «ỦY BAN NHÂN DÂN» / «HUYỆN NINH HẢI»."),
    )
    number = models.CharField(_("số"), max_length=20, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=50, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issue_day = models.PositiveSmallIntegerField(_("ngày ban hành"), null=True, blank=True)
    issue_month = models.PositiveSmallIntegerField(_("tháng ban hành"), null=True, blank=True)
    issue_year = models.PositiveSmallIntegerField(_("năm ban hành"), null=True, blank=True)
    title = models.TextField(_("trích yếu"))
    signing_prefix = models.CharField(
        _("thẩm quyền ký"), max_length=5, choices=SigningPrefix.choices, blank=True
    )
    signature_lines = models.TextField(
        _("các dòng chức danh ký"),
        blank=True,
        help_text=_("Mỗi dòng một dòng in, ví dụ «KT. CHỦ TỊCH» / «PHÓ CHỦ TỊCH»."),
    )
    signer_name = models.CharField(_("người ký"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def recipient_lines(self):
        """The "Nơi nhận" lines, in order (each printed after "- ")."""
        raise NotImplementedError

    @property
    def number_line(self):
        """ "Số: 12/KH-UBND", with room for the number until it is assigned."""
        return documents.number_line(self.number, self.symbol)

    @property
    def date_line(self):
        """ "Ninh Hải, ngày 05 tháng 4 năm 2023", blanks where a part is missing."""
        return documents.vn_date_line(self.place, self.issue_day, self.issue_month, self.issue_year)

    def header_context(self):
        """What documents/includes/header.html prints."""
        return documents.document_header(
            governing_body=self.governing_body_line,
            issuing_body=self.issuing_body_line,
            number=self.number,
            symbol=self.symbol,
            place=self.place,
            day=self.issue_day,
            month=self.issue_month,
            year=self.issue_year,
        )

    def closing_context(self):
        """What documents/includes/closing.html prints."""
        return documents.closing_block(
            recipients=self.recipient_lines(),
            signature=self.signature_lines,
            signer_name=self.signer_name,
            prefix=self.signing_prefix,
        )
