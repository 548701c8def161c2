"""Nomination dossiers (hồ sơ đề nghị khen thưởng) and their nominations.

Rounds, award forms, quotas and ratio rules are the campaign's own rows
(campaigns.AwardRound, AwardForm, Quota, RatioRule): the awards app builds on them.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.enums import NomineeKind
from campaigns.models import AwardForm, AwardRound
from core.models import StoredFileBase, TimeStampedModel
from units.models import Person, Unit

from . import rules as award_rules
from .enums import EDITABLE_STATES, Appraisal, AttachmentKind, DossierState, NominationState


class Dossier(TimeStampedModel):
    round = models.ForeignKey(
        AwardRound,
        verbose_name=_("đợt khen thưởng"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị trình"), on_delete=models.PROTECT, related_name="dossiers"
    )
    state = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=DossierState.choices,
        default=DossierState.DRAFT,
        editable=False,
    )
    state_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True, editable=False)
    is_late = models.BooleanField(_("nộp muộn"), default=False, editable=False)
    # Tờ trình
    letter_number = models.CharField(_("số Tờ trình"), max_length=50, blank=True)
    letter_date = models.DateField(_("ngày Tờ trình"), null=True, blank=True)
    letter_signer = models.CharField(_("người ký Tờ trình"), max_length=255, blank=True)
    # Biên bản họp Hội đồng Thi đua - Khen thưởng
    council_date = models.DateField(_("ngày họp Hội đồng"), null=True, blank=True)
    council_members = models.PositiveSmallIntegerField(
        _("tổng số thành viên Hội đồng"), null=True, blank=True
    )
    council_present = models.PositiveSmallIntegerField(
        _("số thành viên có mặt"), null=True, blank=True
    )
    # What the unit had filed when the office returned it: the base of the field diff.
    returned_snapshot = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng")
        ordering = ["-updated_at"]
        indexes = [
            # The dossier list's order (newest change first, then pk), then the columns
            # its scope and filters test: the list counts its dossiers and walks to a far
            # page's ids on the index alone (keys rather than INCLUDE, which SQLite lacks;
            # after the unique pk they change no order).
            models.Index(
                fields=["-updated_at", "-id", "round", "unit", "state", "is_late"],
                name="dossier_list_cover_idx",
            ),
            # The list filtered by a state: that state's dossiers in the list's order.
            models.Index(
                fields=["state", "-updated_at", "-id", "round", "unit", "is_late"],
                name="dossier_list_state_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit"], name="dossier_one_per_unit_per_round"
            ),
            models.CheckConstraint(
                condition=Q(council_present__isnull=True)
                | Q(council_members__isnull=True)
                | Q(council_present__lte=models.F("council_members")),
                name="dossier_present_not_above_members",
            ),
        ]
        rules_permissions = {
            "view": award_rules.can_view_dossier,
            "change": award_rules.can_edit_dossier,
            "submit": award_rules.can_submit,
            "return": award_rules.can_review,
            "accept": award_rules.can_review,
            "refuse": award_rules.can_refuse,
            "appraise": award_rules.can_appraise,
            "decide": award_rules.can_decide,
        }

    def __str__(self):
        return f"{self.unit} — {self.round}"

    @property
    def scope_unit(self):
        return self.unit

    @property
    def campaign(self):
        return self.round.campaign

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES


class Nomination(TimeStampedModel):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="nominations")
    form = models.ForeignKey(
        AwardForm,
        verbose_name=_("hình thức đề nghị"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    nominee_kind = models.CharField(_("đối tượng"), max_length=20, choices=NomineeKind.choices)
    nominee_unit = models.ForeignKey(
        Unit,
        verbose_name=_("tập thể"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    # A household (hộ gia đình) is not a unit of the tree: its head and address identify it.
    household_head = models.CharField(_("chủ hộ"), max_length=255, blank=True)
    household_address = models.CharField(_("địa chỉ hộ gia đình"), max_length=500, blank=True)
    is_leader = models.BooleanField(
        _("lãnh đạo, quản lý"), default=False, help_text=_("Lấy từ hồ sơ cán bộ khi lập đề nghị.")
    )
    achievement_summary = models.TextField(_("tóm tắt thành tích"))
    achievement_report = models.TextField(
        _("báo cáo thành tích"),
        blank=True,
        help_text=_("Nhập nội dung, hoặc tải tệp Báo cáo thành tích lên ở phần tệp đính kèm."),
    )
    votes_for = models.PositiveSmallIntegerField(_("số phiếu đồng ý"), null=True, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    state = models.CharField(
        _("kết quả"),
        max_length=20,
        choices=NominationState.choices,
        default=NominationState.PROPOSED,
        editable=False,
    )
    appraisal = models.CharField(
        _("ý kiến thẩm định"), max_length=20, choices=Appraisal.choices, blank=True, default=""
    )
    appraisal_note = models.TextField(_("ghi chú thẩm định"), blank=True)
    # On a body's dossier to the level above: the approved proposal of the body's own round
    # it carries (awards.services.propose_upward). One-to-one: a proposal goes up once.
    proposed_from = models.OneToOneField(
        "self",
        verbose_name=_("đề nghị của đợt cấp dưới"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposed_upward",
        editable=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(nominee_kind="individual", person__isnull=False, nominee_unit__isnull=True)
                    | ~Q(nominee_kind="individual")
                )
                & (
                    Q(nominee_kind="collective", nominee_unit__isnull=False, person__isnull=True)
                    | ~Q(nominee_kind="collective")
                )
                & (
                    Q(
                        nominee_kind="household",
                        nominee_unit__isnull=True,
                        person__isnull=True,
                    )
                    & ~Q(household_head="")
                    | ~Q(nominee_kind="household")
                ),
                name="nomination_nominee_matches_kind",
            ),
        ]
        rules_permissions = {
            "view": award_rules.can_view_nomination,
            "approve": award_rules.can_approve_nomination,
            "reject": award_rules.can_approve_nomination,
        }

    def __str__(self):
        return self.nominee_name

    @property
    def scope_unit(self):
        return self.dossier.unit

    @property
    def nominee_name(self):
        if self.person_id:
            return self.person.full_name
        if self.nominee_unit_id:
            return self.nominee_unit.name
        if self.household_head:
            return _("Hộ gia đình %(head)s") % {"head": self.household_head}
        return ""

    def vote_share(self):
        """Votes for as a percentage of all council members, or None."""
        members = self.dossier.council_members
        if not members or self.votes_for is None:
            return None
        return Decimal(self.votes_for) * 100 / Decimal(members)

    def passes_council(self):
        """The council vote (Biên bản): the form's threshold of all members, or more than half."""
        members = self.dossier.council_members
        if not members or self.votes_for is None:
            return None
        threshold = self.form.vote_threshold_pct
        if threshold is not None:
            return Decimal(self.votes_for) * 100 >= Decimal(threshold) * members
        return self.votes_for * 2 > members


class BoardRevision(models.Model):
    """What a round's approval board reads of its proposals, as of when: a value never used
    before, written by the database alone (the triggers of migrations 0007 and 0008) in
    the same transaction as every write that can change the board's tally, duplicates or
    filing units: a nomination added, deleted, or changed in its dossier, form, kind,
    nominee, result or appraisal; a dossier added, deleted, or changed in its state, unit
    or round; a filing unit renamed, moved or changed in kind or level. No row: nothing
    written since the migration. The board keeps what it computes from those per process
    under this value (awards.checks.BOARD_READINGS); Django never writes the row, so no
    stale instance saves an old value back, and approval's lock on the round row stays
    apart from it."""

    round = models.OneToOneField(
        AwardRound,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="board_revision",
        editable=False,
        # No constraint in the database: the triggers write this row in the transaction of
        # a dossier or nomination deleted, which may come after its round's deletion or
        # after this row's (emptying every table, in an order that changes from run to
        # run). On SQLite they write only for a round that exists, and a round deleted
        # takes its row with it (migration 0008), so none is left to name a later round.
        db_constraint=False,
    )
    value = models.BigIntegerField(editable=False)

    # Deleted with its round (by Django); a plan's replace (campaigns.io) does not count it
    # among the records that keep a round from being dropped.
    FOLLOWS_ITS_PLAN_PART = True

    class Meta:
        verbose_name = _("phiên bản bảng phê duyệt")
        verbose_name_plural = _("phiên bản bảng phê duyệt")

    def __str__(self):
        return f"{self.round_id}: {self.value}"


class Attachment(StoredFileBase):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="attachments")
    nomination = models.ForeignKey(
        Nomination, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    kind = models.CharField(
        _("loại tài liệu"),
        max_length=20,
        choices=AttachmentKind.choices,
        default=AttachmentKind.OTHER,
    )

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["created_at", "pk"]
        rules_permissions = {"view": award_rules.can_view_attachment}

    @property
    def scope_unit(self):
        return self.dossier.unit
