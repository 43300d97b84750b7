from django.contrib import admin

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
class SiteAdmin(admin.ModelAdmin):
    """Set by `setup_regency`; shown so admins can see (and correct the council name of) the installation."""

    list_display = ("regency", "council_name", "updated_at")
    readonly_fields = ("regency",)

    def has_add_permission(self, request):
        return False
