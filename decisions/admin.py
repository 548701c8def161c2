from django.contrib import admin

from .models import BaseSalary, CashCoefficient, CertificateSettings, Decision, DecisionLine


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "amount", "legal_basis"]


@admin.register(CashCoefficient)
class CashCoefficientAdmin(admin.ModelAdmin):
    list_display = ["form_type", "nominee_kind", "coefficient", "note"]
    list_filter = ["form_type"]


@admin.register(CertificateSettings)
class CertificateSettingsAdmin(admin.ModelAdmin):
    list_display = ["issuing_body", "offset_x", "offset_y"]
    autocomplete_fields = ["issuing_body"]


class DecisionLineInline(admin.TabularInline):
    model = DecisionLine
    fk_name = "decision"
    fields = ["order", "name", "post_and_unit", "amount", "verification_code", "revoked_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """Read-only: decisions are written by the services (drafted, issued, corrected)."""

    list_display = ["__str__", "issuing_body", "issued_on", "state"]
    list_filter = ["state", "kind"]
    list_select_related = ["issuing_body"]
    inlines = [DecisionLineInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
