from django.contrib import admin
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sentra.core.admin import AuditedAdmin
from sentra.registry.models import Business, Kbli, Owner, Permit, Sector


class PermitInline(admin.TabularInline):
    model = Permit
    extra = 0


@admin.register(Business)
class BusinessAdmin(AuditedAdmin):
    list_display = ("name", "owner", "sector", "district", "village", "scale", "market_reach", "status")
    list_filter = ("sector", "status", "scale", "market_reach", "district")
    search_fields = ("name", "owner__name", "products", "permits__number")
    autocomplete_fields = ("owner", "kbli", "village")
    readonly_fields = ("scale", "created_at", "updated_at", "created_by", "updated_by")
    list_select_related = ("owner", "sector", "district", "village")
    inlines = [PermitInline]


@admin.register(Owner)
class OwnerAdmin(AuditedAdmin):
    """NIK masked as in the registry; showing it in full is a logged reveal (POST, like /ikm/<id>/nik/)."""

    list_display = ("name", "gender", "user")
    search_fields = ("name",)
    raw_id_fields = ("user",)
    exclude = ("nik", "nik_hash")
    readonly_fields = ("nik_shown",)

    @admin.display(description=_("NIK"))
    def nik_shown(self, obj):
        if obj is None or not obj.pk or not obj.nik:
            return "–"
        url = reverse("admin:registry_owner_nik", args=[obj.pk])
        return format_html(
            # inside the change form (which carries the CSRF token): posts to the reveal view, nothing is saved
            '{} <button type="submit" name="_nik" formaction="{}" formmethod="post">{}</button>',
            obj.nik_masked,
            url,
            _("Tampilkan (dicatat)"),
        )

    def get_urls(self):
        urls = [path("<int:pk>/nik/", self.admin_site.admin_view(self.nik_reveal_view), name="registry_owner_nik")]
        return urls + super().get_urls()

    def nik_reveal_view(self, request, pk):
        from sentra.accounts.services import personal_data_logged

        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        owner = Owner.objects.filter(pk=pk).first()
        if owner is None or not self.has_view_permission(request, owner):
            raise Http404
        personal_data_logged(
            user=request.user, kind="reveal", what=f"NIK pemilik {owner.name} (admin)", object_id=owner.pk
        )
        back = reverse("admin:registry_owner_change", args=[owner.pk])
        return HttpResponse(
            format_html(
                '<!doctype html><title>NIK</title><p>{}: <span class="nik">{}</span></p><p><a href="{}">{}</a></p>',
                owner.name,
                owner.nik or "–",
                back,
                _("Kembali"),
            )
        )


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "order")


@admin.register(Kbli)
class KbliAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "version", "sector")
    list_filter = ("version", "sector")
    search_fields = ("code", "title")
