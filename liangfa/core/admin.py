from django.contrib import admin

from liangfa.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: nobody edits or deletes audit rows, superusers included."""

    list_display = ["id", "time", "actor_name", "agency", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor_name", "object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
