from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sentra.accounts.models import (
    ApiToken,
    BusinessClaim,
    ChangeRequest,
    LoginFailure,
    PersonalDataAccess,
    TotpDevice,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "districts")
    fieldsets = BaseUserAdmin.fieldsets + ((_("Sentra"), {"fields": ("role", "districts")}),)
    filter_horizontal = ("groups", "user_permissions", "districts")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Logs are evidence: they can be read, not edited or deleted from the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "kind", "what", "rows")
    list_filter = ("kind",)
    search_fields = ("user__username", "what")
    date_hierarchy = "created_at"


@admin.register(LoginFailure)
class LoginFailureAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "username", "ip")
    search_fields = ("username", "ip")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be revoked (deleted) here; they cannot be read back — only their hash is stored."""

    list_display = ("user", "prefix", "created_at", "expires_at", "last_used_at")
    readonly_fields = ("user", "prefix", "key_hash", "created_at", "expires_at", "last_used_at")

    def has_add_permission(self, request):
        return False


@admin.register(BusinessClaim)
class BusinessClaimAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "business", "matched_on", "status", "decided_by")
    list_filter = ("status",)


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "business", "requested_by", "status", "decided_by")
    list_filter = ("status",)


@admin.register(TotpDevice)
class TotpDeviceAdmin(admin.ModelAdmin):
    """A user who lost their phone: delete the device here; they sign in with the password and set up anew."""

    list_display = ("user", "confirmed", "created_at")
    fields = ("user", "confirmed", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


def sentra_admin_login(request, extra_context=None):
    """The Django admin has no sign-in of its own: it sends people to Sentra's (lockout, second factor).
    Someone already signed in who still lands here may not use the admin site."""
    if request.user.is_authenticated:
        raise PermissionDenied("Akun ini tidak dapat membuka halaman admin.")
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("accounts:login"))


admin.site.login = sentra_admin_login
