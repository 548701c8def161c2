from django.contrib import admin

from .models import (
    ConsolidatedReport,
    ConsolidatedSection,
    ReportIndicator,
    ReportObligation,
    ReportSection,
    ReportSubmission,
    SubmissionAttachment,
)


class ReportSectionInline(admin.TabularInline):
    model = ReportSection
    extra = 0


class ReportIndicatorInline(admin.StackedInline):
    model = ReportIndicator
    extra = 0
    raw_id_fields = ["target", "criterion"]


@admin.register(ReportObligation)
class ReportObligationAdmin(admin.ModelAdmin):
    """The template (sections, indicators and their thresholds) is edited here."""

    list_display = ["title", "campaign", "recurrence", "due_at", "first_year", "last_year"]
    list_filter = ["recurrence", "late_policy"]
    list_select_related = ["campaign"]
    raw_id_fields = ["campaign", "milestone"]
    inlines = [ReportSectionInline, ReportIndicatorInline]


@admin.register(ReportSubmission)
class ReportSubmissionAdmin(admin.ModelAdmin):
    """Read-only: a report moves only through its workflow (reports.services)."""

    list_display = ["unit", "obligation", "year", "state", "is_late", "submitted_at"]
    list_filter = ["state", "is_late", "year"]
    list_select_related = ["unit", "obligation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SubmissionAttachment)
class SubmissionAttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "submission", "size", "sha256", "created_at"]
    list_select_related = ["submission__unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ConsolidatedSectionInline(admin.StackedInline):
    model = ConsolidatedSection
    extra = 0


@admin.register(ConsolidatedReport)
class ConsolidatedReportAdmin(admin.ModelAdmin):
    list_display = ["title", "obligation", "year", "compiled_at"]
    list_select_related = ["obligation"]
    raw_id_fields = ["obligation"]
    inlines = [ConsolidatedSectionInline]
