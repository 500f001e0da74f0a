from django.contrib import admin

from liangfa.agencies.models import Agency, Department

# Agencies and users are managed through the service-backed pages (/agencies/); the Django admin only
# shows them, so that every change leaves an audit row.


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Agency, ReadOnlyAdmin)
admin.site.register(Department, ReadOnlyAdmin)
