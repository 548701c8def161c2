"""Units (the tree of collectives), people, and user accounts with their roles."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.text import accent_fold

from . import rules as unit_rules
from .enums import Role, Sex, SigningMode, UnitKind, UnitLevel

PATH_SEGMENT_WIDTH = 7  # zero-padded primary key per tree level: "0000012."


def path_segment(pk):
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}."


class UnitQuerySet(models.QuerySet):
    def subtree_of(self, unit, *, include_self=True):
        """Every unit under `unit`, in one query on the materialised path."""
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)

    def within_paths(self, paths):
        """Units under any of `paths` (the roots of a user's scope), in one query."""
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        return self.filter(condition)

    def current(self, on=None):
        """Units valid on date `on` (today by default): active and within their dates."""
        from django.utils import timezone  # noqa: PLC0415 - keep models import-light

        on = on or timezone.localdate()
        return self.filter(is_active=True).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        )


class Unit(TimeStampedModel):
    """A collective: a province, commune, People's Committee, office, school, enterprise…

    `path` is a materialised path of zero-padded primary keys ("0000001.0000005.") so
    that a whole subtree is one `LIKE 'prefix%'` query on an indexed column.
    """

    code = models.CharField(
        _("mã đơn vị"),
        max_length=50,
        unique=True,
        help_text=_("Mã ổn định dùng khi nhập từ tệp; không trùng giữa các đơn vị."),
    )
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=30, choices=UnitKind.choices)
    level = models.CharField(
        _("cấp"), max_length=20, choices=UnitLevel.choices, blank=True, default=""
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    admin_code = models.CharField(
        _("mã hành chính"),
        max_length=20,
        blank=True,
        db_index=True,
        help_text=_("Mã đơn vị hành chính theo danh mục của Tổng cục Thống kê, nếu có."),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    search_text = models.TextField(editable=False, blank=True, default="")
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_dates_ordered",
            ),
        ]
        rules_permissions = {
            "view": unit_rules.is_admin | unit_rules.unit_in_user_scope,
            "add": unit_rules.is_admin,
            "change": unit_rules.is_admin,
            "delete": unit_rules.is_admin,
        }

    def __str__(self):
        return self.name

    @property
    def scope_unit(self):
        return self

    @property
    def is_historical(self):
        return self.valid_to is not None

    def save(self, *args, **kwargs):
        # The path is an index the database cannot derive itself; every write path
        # (admin, import, services) goes through here, so it is kept here and nowhere else.
        old_path = old_depth = None
        if self.pk is not None:
            old = Unit.objects.filter(pk=self.pk).values_list("path", "depth").first()
            old_path, old_depth = old if old else (None, None)
        else:
            super().save(*args, **kwargs)
            kwargs.pop("force_insert", None)
        self.search_text = accent_fold(
            " ".join([self.name, self.short_name, self.code, self.admin_code])
        )
        parent_path = self.parent.path if self.parent_id else ""
        if self.parent_id and parent_path.startswith(old_path or "\0"):
            raise ValueError("A unit cannot be moved under its own subtree.")
        self.path = parent_path + path_segment(self.pk)
        self.depth = self.path.count(".") - 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "path", "depth", "search_text"}
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Moved: rewrite every descendant's path and depth in one statement.
            Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(models.Value(self.path), Substr("path", len(old_path) + 1)),
                depth=models.F("depth") + (self.depth - old_depth),
            )


class Person(TimeStampedModel):
    """An individual (cán bộ, công chức, viên chức, người lao động) in a unit."""

    code = models.CharField(
        _("mã cán bộ"),
        max_length=50,
        blank=True,
        help_text=_("Mã ổn định dùng khi nhập từ tệp, nếu đơn vị có."),
    )
    full_name = models.CharField(_("họ và tên"), max_length=255)
    sex = models.CharField(_("giới tính"), max_length=10, choices=Sex.choices)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="people"
    )
    is_leader = models.BooleanField(
        _("giữ chức vụ lãnh đạo, quản lý"),
        default=False,
        help_text=_("Dùng để kiểm tra tỷ lệ cán bộ lãnh đạo trong danh sách đề nghị."),
    )
    is_active = models.BooleanField(_("đang công tác"), default=True)
    discipline_pending = models.BooleanField(
        _("đang bị xem xét kỷ luật, điều tra, thanh tra"),
        default=False,
        help_text=_(
            "Không được đề nghị khen thưởng khi đang xem xét (Nghị định 152/2025, Điều 4)."
        ),
    )
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["unit__path", "full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="person_code_unique_when_set"
            ),
        ]
        rules_permissions = {
            "view": unit_rules.is_admin | unit_rules.unit_in_user_scope,
            "add": unit_rules.is_admin,
            "change": unit_rules.is_admin,
            "delete": unit_rules.is_admin,
        }

    def __str__(self):
        return self.full_name

    @property
    def scope_unit(self):
        return self.unit

    def save(self, *args, **kwargs):
        # Folded twin of the searchable fields, for accent-insensitive search on any database.
        self.search_text = accent_fold(" ".join([self.full_name, self.position, self.code]))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


class User(AbstractUser):
    """An account. Every user belongs to a unit and holds one or more role grants."""

    full_name = models.CharField(_("họ và tên"), max_length=255, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị công tác"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or self.username

    @property
    def grants(self):
        """The user's role grants with their bodies, fetched once per user object."""
        cached = getattr(self, "_grants_cache", None)
        if cached is None:
            cached = list(self.role_grants.select_related("body"))
            self._grants_cache = cached
        return cached

    def has_role(self, *roles):
        return any(grant.role in roles for grant in self.grants)

    def scope_paths(self, *roles):
        """Materialised paths of the bodies this user may see (for `roles`, or any)."""
        return sorted(
            {
                grant.body.path
                for grant in self.grants
                if grant.body_id and (not roles or grant.role in roles)
            }
        )

    @property
    def role_labels(self):
        return sorted({grant.get_role_display() for grant in self.grants})


class RoleGrant(TimeStampedModel):
    """One role of a user within a body: its subtree is what the role may see."""

    user = models.ForeignKey(
        User, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    body = models.ForeignKey(
        Unit,
        verbose_name=_("phạm vi (đơn vị)"),
        on_delete=models.PROTECT,
        related_name="role_grants",
        help_text=_(
            "Cán bộ đơn vị: chính đơn vị của mình. Cơ quan thường trực, thẩm định, "
            "phê duyệt: cơ quan ban hành (ví dụ UBND huyện)."
        ),
    )
    signing_mode = models.CharField(
        _("hình thức ký"),
        max_length=10,
        choices=SigningMode.choices,
        blank=True,
        help_text=_("Chỉ dùng cho người phê duyệt."),
    )

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "body"], name="role_grant_unique"),
        ]

    def __str__(self):
        return f"{self.get_role_display()} — {self.body}"

    def clean(self):
        if self.role == Role.APPROVER and not self.signing_mode:
            raise ValidationError({"signing_mode": _("Người phê duyệt phải có hình thức ký.")})
        if self.role != Role.APPROVER and self.signing_mode:
            raise ValidationError({"signing_mode": _("Chỉ người phê duyệt mới có hình thức ký.")})
