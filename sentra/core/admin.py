from django.contrib import admin

from sentra.core.audit import diff, record_change, snapshot, stored_snapshot
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


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the Django admin are logged like the app's own (ChangeLog, source "admin"): the record, its
    many-to-many links and the rows of its inlines. A record with a `version` moves it on, so someone editing the
    same record in the app is told instead of overwriting the admin's change."""

    def _m2m(self, obj) -> dict:
        if not obj.pk:
            return {}
        return {f.name: sorted(getattr(obj, f.name).values_list("pk", flat=True)) for f in obj._meta.many_to_many}

    def save_model(self, request, obj, form, change):
        before = stored_snapshot(obj) if change else {}
        obj._audit_m2m_before = self._m2m(obj) if change else {}
        if change and hasattr(obj, "version"):
            obj.version = (type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True).first() or 0) + 1
        super().save_model(request, obj, form, change)
        record_change(
            instance=obj,
            action=ChangeLog.Action.UPDATE if change else ChangeLog.Action.CREATE,
            actor=request.user,
            changes=diff(before, snapshot(obj)),
            source="admin",
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        changes = diff(getattr(obj, "_audit_m2m_before", {}), self._m2m(obj))
        if changes:
            record_change(
                instance=obj, action=ChangeLog.Action.UPDATE, actor=request.user, changes=changes, source="admin"
            )

    def save_formset(self, request, form, formset, change):
        before = {f.instance.pk: stored_snapshot(f.instance) for f in formset.initial_forms if f.instance.pk}
        for gone in formset.deleted_forms:  # logged before the row goes (the admin's save is one transaction)
            if gone.instance.pk:
                record_change(
                    instance=gone.instance,
                    action=ChangeLog.Action.DELETE,
                    actor=request.user,
                    changes=diff(stored_snapshot(gone.instance), {}),
                    source="admin",
                )
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record_change(
                instance=obj,
                action=ChangeLog.Action.CREATE,
                actor=request.user,
                changes=diff({}, snapshot(obj)),
                source="admin",
            )
        for obj, _fields in formset.changed_objects:
            record_change(
                instance=obj,
                action=ChangeLog.Action.UPDATE,
                actor=request.user,
                changes=diff(before.get(obj.pk, {}), snapshot(obj)),
                source="admin",
            )

    def delete_model(self, request, obj):
        record_change(
            instance=obj,
            action=ChangeLog.Action.DELETE,
            actor=request.user,
            changes=diff(snapshot(obj), {}),
            source="admin",
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record_change(
                instance=obj,
                action=ChangeLog.Action.DELETE,
                actor=request.user,
                changes=diff(snapshot(obj), {}),
                source="admin",
            )
        super().delete_queryset(request, queryset)
