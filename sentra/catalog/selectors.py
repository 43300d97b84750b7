"""Reads of the catalog. Public reads go through public_products(); row-level access for the
back office through products_for_user() / get_product_for_user()."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sentra.catalog.filters import FILTERS_BY_NAME
from sentra.catalog.models import Lead, Product, ProductPhoto
from sentra.catalog.search import search_products
from sentra.registry.models import Business, Permit


def _with_display(qs: QuerySet) -> QuerySet:
    return qs.select_related("business", "business__district").prefetch_related(
        Prefetch("photos", queryset=ProductPhoto.objects.order_by("order", "id")),
        Prefetch("business__permits", queryset=Permit.objects.only("id", "business_id", "kind", "expires_on")),
    )


def public_products() -> QuerySet:
    return Product.objects.public()


def filter_public(qs: QuerySet, *, q="", today=None, **values) -> QuerySet:
    """The public listing's filters (filters.FILTERS); values are already cleaned (forms.CatalogFilterForm)."""
    if q:
        qs = search_products(qs, q)
    today = today or timezone.localdate()
    for name, value in values.items():
        f = FILTERS_BY_NAME[name]
        if f.is_set(value):
            qs = f.orm(qs, value, today)
    return qs


PUBLIC_ORDER = ("-is_featured", "-published_at", "-id")


def in_public_order(qs: QuerySet) -> QuerySet:
    """Featured first, then newest; search results keep their own order (search.py)."""
    if qs.query.order_by or qs.query.extra_order_by:
        return qs
    return qs.order_by(*PUBLIC_ORDER)


def get_public_product(pk: int) -> Product:
    product = _with_display(public_products()).filter(pk=pk).first()
    if product is None:
        raise Http404("Produk tidak ditemukan.")
    return product


def get_public_business(pk: int) -> Business | None:
    """An active business for its public producer page (its cards come from public_read)."""
    return (
        Business.objects.active()
        .select_related("district", "catalog_profile")
        .prefetch_related("permits")
        .filter(pk=pk)
        .first()
    )


# --- back office ------------------------------------------------------------------------------


def _scoped(qs: QuerySet, user, owner_path: str) -> QuerySet:
    """Office staff see everything, an owner what belongs to their own businesses, anyone else nothing."""
    if not user.is_authenticated:
        return qs.none()
    if user.is_office:
        return qs
    if user.role == user.Role.OWNER:
        return qs.filter(**{owner_path: user})
    return qs.none()


def products_for_user(user) -> QuerySet:
    return _scoped(Product.objects.all(), user, "business__owner__user")


def businesses_for_catalog_user(user) -> QuerySet:
    """Businesses whose products `user` may create: office all, an owner their own."""
    return _scoped(Business.objects.all(), user, "owner__user")


# The product form's business picker: every business in a plain <select> up to this many (so the form works
# without JavaScript); beyond it, the first PICKER_MATCHES of a search.
PICKER_ALL = 2000
PICKER_MATCHES = 100


def business_choices(user, q: str = "", selected=None) -> tuple[list[tuple[int, str]], int]:
    """(choices, total) for the product form's business picker: (pk, "name — kecamatan") of the businesses
    `user` may add products to, matching every word of `q` in the name or the kecamatan; all of them when
    there are at most PICKER_ALL, else the first PICKER_MATCHES. The `selected` pk is always among them."""
    qs = businesses_for_catalog_user(user)
    for word in q.split():
        qs = qs.filter(Q(name__icontains=word) | Q(district__name__icontains=word))
    total = qs.count()
    limit = PICKER_ALL if total <= PICKER_ALL else PICKER_MATCHES
    rows = list(qs.order_by("name", "id").values_list("pk", "name", "district__name")[:limit])
    if selected and all(str(pk) != str(selected) for pk, *_ in rows):
        rows += list(businesses_for_catalog_user(user).filter(pk=selected).values_list("pk", "name", "district__name"))
    return [(pk, f"{name} — {district}" if district else name) for pk, name, district in rows], total


def get_product_for_user(user, pk) -> Product:
    product = _with_display(products_for_user(user)).filter(pk=pk).first()
    if product is None:
        raise Http404("Produk tidak ditemukan.")
    return product


def require_curator(user) -> None:
    if not (user.is_authenticated and user.is_office):
        raise PermissionDenied("Hanya staf Dekranasda yang dapat mengkurasi katalog.")


def leads_for_user(user) -> QuerySet:
    return _scoped(Lead.objects.select_related("product", "business"), user, "business__owner__user")


def get_lead_for_user(user, pk) -> Lead:
    lead = leads_for_user(user).filter(pk=pk).first()
    if lead is None:
        raise Http404("Prospek tidak ditemukan.")
    return lead
