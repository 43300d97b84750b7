from django.contrib import admin

from sentra.registry.models import Business, Kbli, Owner, Permit, Sector


class PermitInline(admin.TabularInline):
    model = Permit
    extra = 0


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "sector", "district", "village", "scale", "market_reach", "status")
    list_filter = ("sector", "status", "scale", "market_reach", "district")
    search_fields = ("name", "owner__name", "products", "permits__number")
    autocomplete_fields = ("owner", "kbli", "village")
    readonly_fields = ("scale", "created_at", "updated_at", "created_by", "updated_by")
    list_select_related = ("owner", "sector", "district", "village")
    inlines = [PermitInline]


@admin.register(Owner)
class OwnerAdmin(admin.ModelAdmin):
    list_display = ("name", "gender", "user")
    search_fields = ("name",)
    raw_id_fields = ("user",)


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "order")


@admin.register(Kbli)
class KbliAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "version", "sector")
    list_filter = ("version", "sector")
    search_fields = ("code", "title")
