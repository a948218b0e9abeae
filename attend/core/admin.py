from django.contrib import admin

from attend.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is a record, never edited."""

    list_display = ["created_at", "organisation", "actor", "action", "target_description"]
    list_filter = ["action", "organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
