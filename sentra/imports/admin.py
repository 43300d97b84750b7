from django.contrib import admin

from sentra.imports.models import ColumnMapping


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    """Saved column mappings belong to their user; an admin shares one with everyone on purpose (`shared`)."""

    list_display = ("name", "created_by", "shared", "created_at")
    list_filter = ("shared",)
    fields = ("name", "created_by", "shared", "mapping")
    readonly_fields = ("created_by", "mapping")

    def has_add_permission(self, request):
        return False
