from django.contrib import admin

from .models import EmailOutbox, Notification, TransitionLog


@admin.register(TransitionLog)
class TransitionLogAdmin(admin.ModelAdmin):
    """Read-only: the history is an audit trail, never edited."""

    list_display = ["created_at", "workflow", "action", "from_state", "to_state", "actor"]
    list_filter = ["workflow", "action"]
    list_select_related = ["actor", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EmailOutbox)
class EmailOutboxAdmin(admin.ModelAdmin):
    """The delivery log: what was e-mailed to whom, when, failures and retries. Read-only."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "event", "created_at"]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in EmailOutbox._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """In-app notifications as stored (who was told what, and when they read it). Read-only."""

    list_display = ["created_at", "recipient", "title", "read_at"]
    list_filter = ["event", "created_at"]
    search_fields = ["title", "recipient__username", "recipient__full_name", "key"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    readonly_fields = [
        field.name for field in Notification._meta.fields if field.name != "content_type"
    ]
    exclude = ["content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
