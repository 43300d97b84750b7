from django.contrib import admin

from sentra.programs.models import PartnerOrganisation, Program, ProgramType


@admin.register(ProgramType)
class ProgramTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")
    list_editable = ("order",)


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "sector")
    list_filter = ("sector",)
    search_fields = ("name",)


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "program_type", "funding_source", "budget")
    list_filter = ("year", "program_type", "funding_source")
    search_fields = ("title",)
