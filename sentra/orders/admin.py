from django.contrib import admin

from sentra.core.admin import AuditedAdmin
from sentra.orders.models import Office, Round


@admin.register(Office)
class OfficeAdmin(AuditedAdmin):
    list_display = ["name", "kind", "district"]
    search_fields = ["name"]
    filter_horizontal = ["users"]


@admin.register(Round)
class RoundAdmin(AuditedAdmin):
    list_display = ["title", "status", "declare_opens", "declare_closes"]
