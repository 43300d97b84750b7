from django.contrib import admin

from sentra.core.admin import AuditedAdmin
from sentra.federation.models import Dataset, Member, Publication, Rejection, WithdrawnFigure


@admin.register(Member)
class MemberAdmin(AuditedAdmin):
    list_display = ("regency_code", "name", "province_code", "latest")
    search_fields = ("regency_code", "name")
    exclude = ("push_key_hash",)
    readonly_fields = ("latest",)


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ("member", "version", "as_of", "period", "channel", "received_at")
    list_filter = ("period", "channel")
    readonly_fields = [f.name for f in Dataset._meta.fields]


@admin.register(Rejection)
class RejectionAdmin(admin.ModelAdmin):
    list_display = ("received_at", "regency_code", "version", "kind", "reason")
    list_filter = ("kind",)
    readonly_fields = [f.name for f in Rejection._meta.fields]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ("version", "as_of", "period", "published_at")
    readonly_fields = [f.name for f in Publication._meta.fields]


@admin.register(WithdrawnFigure)
class WithdrawnFigureAdmin(AuditedAdmin):
    list_display = ("figure", "reason", "created_at")
