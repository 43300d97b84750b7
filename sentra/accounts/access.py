"""Who may do what in the accounts pages (one place, as registry/selectors.py is for businesses)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext

from sentra.registry.models import Business


def require_office(user):
    if not (user.is_authenticated and user.is_office):
        raise PermissionDenied("Halaman ini untuk staf Dekranasda.")


def require_registry_user(user):
    """Office staff or a district operator: the registry, imports and the staff dashboard."""
    if not (user.is_authenticated and user.can_use_registry):
        raise PermissionDenied(gettext("Halaman ini untuk staf Dekranasda dan operator kecamatan."))


def require_admin(user):
    if not (user.is_authenticated and (user.is_superuser or user.role == user.Role.ADMIN)):
        raise PermissionDenied("Halaman ini untuk admin.")


def require_owner(user):
    if not (user.is_authenticated and user.role == user.Role.OWNER):
        raise PermissionDenied("Halaman ini untuk pemilik usaha.")


def require_partner(user):
    if not (user.is_authenticated and user.role == user.Role.PARTNER):
        raise PermissionDenied("Halaman ini untuk organisasi mitra.")


def owned_businesses(user):
    return Business.objects.filter(owner__user=user).select_related("owner", "district", "sector")


def get_owned_business(user, pk) -> Business:
    """The owner's own business, or 404 — another owner's business does not exist for them."""
    require_owner(user)
    business = owned_businesses(user).prefetch_related("permits").filter(pk=pk).first()
    if business is None:
        raise Http404("IKM tidak ditemukan.")
    return business
