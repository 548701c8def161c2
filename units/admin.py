from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Person, RoleGrant, Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "kind",
        "level",
        "parent",
        "admin_code",
        "is_active",
        "valid_to",
    ]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["name", "short_name", "code", "admin_code", "search_text"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    readonly_fields = ["path", "depth"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "sex",
        "date_of_birth",
        "position",
        "unit",
        "is_leader",
        "is_active",
    ]
    list_filter = ["sex", "is_leader", "is_active"]
    search_fields = ["full_name", "code", "position", "search_text"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 1
    autocomplete_fields = ["body"]
    verbose_name = _("vai trò")
    verbose_name_plural = _("vai trò và phạm vi")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "unit", "email", "is_active", "last_login"]
    list_select_related = ["unit"]
    search_fields = ["username", "full_name", "email"]
    autocomplete_fields = ["unit"]
    inlines = [RoleGrantInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email", "unit", "position")}),
        (
            _("Quyền"),
            {"fields": ("is_active", "is_staff", "is_superuser")},
        ),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "unit", "email", "password1", "password2"),
            },
        ),
    )
