from django.contrib import admin

from sentra.core.admin import AuditedAdmin
from sentra.regions.models import District, Province, Regency, Site, Village


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "province")
    search_fields = ("code", "name")


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "regency", "bps_code")
    list_filter = ("regency",)
    search_fields = ("code", "name")


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "district", "postal_code")
    list_filter = ("kind", "district")
    search_fields = ("code", "name")


@admin.register(Site)
class SiteAdmin(AuditedAdmin):
    """Set by `setup_regency`; admins correct the council's name here and set what certificates carry
    (logo, signatory's name and title). Added here only when setup_regency has not run."""

    list_display = ("regency", "council_name", "signatory_name", "updated_at")
    fields = ("regency", "council_name", "council_logo", "signatory_name", "signatory_title")

    def get_readonly_fields(self, request, obj=None):
        return ("regency",) if obj else ()

    def has_add_permission(self, request):
        return not Site.objects.exists()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.pk = 1  # the one row home.py reads
        super().save_model(request, obj, form, change)
        from sentra.regions import home

        home.clear_cache()
