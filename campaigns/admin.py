"""Read-only admin pages to inspect plans. Plans change only through the app: a published
plan is frozen and every state change goes through services.transition_campaign, which
the admin would bypass."""

from django.contrib import admin

from .models import (
    AwardForm,
    AwardRound,
    Campaign,
    Criterion,
    DossierRequirement,
    LegalBasis,
    Milestone,
    Paragraph,
    ParticipantCategory,
    Quota,
    RatioRule,
    Recipient,
    Registration,
    Section,
    Target,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LegalBasisInline(ReadOnlyInline):
    model = LegalBasis
    fields = ["order", "kind", "continues", "doc_number", "doc_date", "issuer", "is_parent_plan"]


class RecipientInline(ReadOnlyInline):
    model = Recipient
    fields = ["order", "text", "suffix"]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["title", "key", "issuing_body", "issue_year", "state", "state_changed_at"]
    list_filter = ["state", "kind", "issue_year"]
    search_fields = ["title", "key", "search_text", "issuing_body__name"]
    list_select_related = ["issuing_body"]
    inlines = [LegalBasisInline, RecipientInline]


class PartAdmin(ReadOnlyAdmin):
    list_select_related = ["campaign"]
    list_filter = ["campaign"]


@admin.register(Section)
class SectionAdmin(PartAdmin):
    list_display = ["__str__", "campaign", "role", "order"]


@admin.register(Paragraph)
class ParagraphAdmin(PartAdmin):
    list_display = ["__str__", "campaign", "order"]
    search_fields = ["text"]


@admin.register(Target, Criterion)
class MeasureAdmin(PartAdmin):
    list_display = ["__str__", "campaign", "comparator", "value", "unit_of_measure"]


@admin.register(ParticipantCategory)
class ParticipantCategoryAdmin(PartAdmin):
    list_display = ["label", "campaign", "nominee_kind", "local_id"]


@admin.register(Milestone)
class MilestoneAdmin(PartAdmin):
    list_display = ["phrase", "campaign", "kind", "precision", "due_at", "local_id"]


@admin.register(AwardForm)
class AwardFormAdmin(PartAdmin):
    list_display = ["name", "campaign", "authority", "local_id"]


@admin.register(AwardRound)
class AwardRoundAdmin(PartAdmin):
    list_display = ["label", "campaign", "kind", "year", "deadline", "local_id"]


@admin.register(Quota)
class QuotaAdmin(PartAdmin):
    list_display = ["__str__", "campaign", "form", "round", "max_collective", "max_individual"]
    list_select_related = ["campaign", "form", "round"]


@admin.register(RatioRule, DossierRequirement)
class TextPartAdmin(PartAdmin):
    list_display = ["__str__", "campaign"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["unit", "campaign", "registered_by", "is_late", "created_at"]
    list_select_related = ["unit", "campaign", "registered_by"]
    list_filter = ["campaign"]
