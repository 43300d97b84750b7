from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from sentra.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "districts")
    fieldsets = BaseUserAdmin.fieldsets + ((_("Sentra"), {"fields": ("role", "districts")}),)
    filter_horizontal = ("groups", "user_permissions", "districts")
