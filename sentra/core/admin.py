from django.contrib import admin

from sentra.core.models import ChangeLog


@admin.register(ChangeLog)
class ChangeLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "object_repr", "actor", "source")
    list_filter = ("action", "content_type", "source")
    search_fields = ("object_repr", "object_id")
    readonly_fields = [f.name for f in ChangeLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # change history is evidence: not deleted from the admin either
