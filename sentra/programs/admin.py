from django.contrib import admin

from sentra.core.admin import AuditedAdmin
from sentra.programs.models import Program, ProgramType


@admin.register(ProgramType)
class ProgramTypeAdmin(AuditedAdmin):
    list_display = ("name", "code", "order")
    list_editable = ("order",)


@admin.register(Program)
class ProgramAdmin(AuditedAdmin):
    list_display = ("title", "year", "program_type", "funding_source", "budget")
    list_filter = ("year", "program_type", "funding_source")
    search_fields = ("title",)
