"""Reads of the registry. Row-level access lives here: every view goes through these."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from sentra.core.sqlvalues import values_param, values_sql
from sentra.registry.models import Business

# Status filter value for "registered, not closed": the businesses every figure counts
# (metrics.figures.counted_businesses), so a dashboard number and the list behind it agree.
REGISTERED = "terdaftar"


def businesses_for_user(user) -> QuerySet:
    """The businesses `user` may open: office staff all, an operator those of their kecamatan,
    an owner their own."""
    qs = Business.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if user.is_office:
        return qs
    if user.role == user.Role.OPERATOR:
        return qs.filter(district__in=user.districts.all())
    if user.role == user.Role.OWNER:
        return qs.filter(owner__user=user)
    return qs.none()


def districts_for_user(user) -> tuple[str, ...] | None:
    """The kecamatan codes `user` works in (sorted): None for office staff (the whole regency), an
    operator's own kecamatan (possibly none). Lists, filter choices and figures use this one scope."""
    if user.is_authenticated and user.role == user.Role.OPERATOR and not user.is_office:
        return tuple(sorted(user.districts.values_list("code", flat=True)))
    return None


def user_can_edit_business(user, business: Business) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_office:
        return True
    if user.role == user.Role.OPERATOR:
        return user.districts.filter(pk=business.district_id).exists()
    return False


def get_business_for_user(user, pk, *, for_write: bool = False) -> Business:
    """404 for outsiders, 403 when the user may read but not write."""
    business = (
        businesses_for_user(user)
        .select_related("owner", "sector", "kbli", "district", "village", "created_by", "updated_by")
        .prefetch_related("permits")
        .filter(pk=pk)
        .first()
    )
    if business is None:
        raise Http404("IKM tidak ditemukan.")
    if for_write and not user_can_edit_business(user, business):
        raise PermissionDenied("Anda tidak berhak mengubah IKM ini.")
    return business


def filter_businesses(
    qs: QuerySet, *, q="", district=None, sector=None, has_nib=None, scale="", market_reach="", status=""
) -> QuerySet:
    """Apply the registry list filters; values are already cleaned (see forms.BusinessFilterForm)."""
    if q:
        words = q.split()
        for word in words:
            qs = qs.filter(
                Q(name__icontains=word)
                | Q(owner__name__icontains=word)
                | Q(products__icontains=word)
                | Q(village__name__icontains=word)
                | Q(permits__number=word.replace(".", "").replace(" ", ""))
            )
        qs = qs.distinct()
    if district is not None:
        qs = qs.filter(district=district)
    if sector is not None:
        qs = qs.filter(sector=sector)
    if has_nib is True:
        qs = qs.with_nib()
    elif has_nib is False:
        qs = qs.without_nib()
    if scale:
        qs = qs.filter(scale=scale)
    if market_reach:
        qs = qs.filter(market_reach=market_reach)
    if status == REGISTERED:
        qs = qs.exclude(status=Business.Status.CLOSED)
    elif status:
        qs = qs.filter(status=status)
    return qs


# The registry list's sortable columns: the URL value (urut=…; "-" first for descending) → the ordering.
# Each ends with the id so a page boundary never splits ties differently on the next page.
SORTS = {
    "nama": ("name", "id"),
    "kecamatan": ("district__name", "name", "id"),
    "diubah": ("updated_at", "id"),
}
DEFAULT_SORT = "nama"


def sort_ordering(sort: str) -> tuple[str, ...]:
    """The ORM ordering of a sort value ("nama", "-diubah", …); an unknown value sorts by name."""
    key = sort.removeprefix("-")
    if key not in SORTS:
        return SORTS[DEFAULT_SORT]
    if sort.startswith("-"):  # the column reversed; ties still by name and id, A–Z
        first, *rest = SORTS[key]
        return (f"-{first}", *rest)
    return SORTS[key]


def business_list(qs: QuerySet, sort: str = DEFAULT_SORT) -> QuerySet:
    return qs.select_related("sector", "district", "village", "owner").with_nib_flag().order_by(*sort_ordering(sort))


def owners_by_nik(niks) -> dict:
    """{nik: Owner} for exact NIK matches (duplicate checks in forms and imports go through here,
    so the way NIKs are stored can change in one place)."""
    from sentra.registry.models import Owner
    from sentra.registry.pii import nik_hash

    hashes = {nik_hash(n) for n in niks if n}
    return {o.nik: o for o in Owner.objects.filter(nik_hash__in=hashes)} if hashes else {}


def businesses_by_nik(niks) -> dict[str, int]:
    """{nik: id of the owner's first business} for exact NIK matches. No NIK is decrypted: the match is on
    the keyed hash (businesses_by_nik_hash)."""
    from sentra.registry.pii import nik_hash

    by_hash = {nik_hash(n): n for n in niks if n}
    return {by_hash[h]: pk for h, pk in businesses_by_nik_hash(by_hash).items()}


def businesses_by_nik_hash(hashes) -> dict[str, int]:
    """{nik_hash: id of the owner's first business} — the import's duplicate check, a chunk at a time, with
    the hashes its cleaning process already computed.

    The values are joined as a table (core.sqlvalues): inside an import that has just added thousands of
    owners, `nik_hash IN (…)` is planned on PostgreSQL as a scan of the whole table (its statistics still say
    it is small) — repeated for every chunk, ~4× slower at 60,000 owners."""
    from django.db import connection

    hashes = [h for h in hashes if h]
    if not hashes:
        return {}
    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH h(v) AS ({values_sql(vendor, pg_type='text')}) SELECT o.id, o.nik_hash FROM h "
            "JOIN registry_owner o ON o.nik_hash = h.v",
            [values_param(vendor, hashes)],
        )
        owners = dict(cursor.fetchall())
        if not owners:
            return {}
        cursor.execute(
            f"WITH h(v) AS ({values_sql(vendor)}) SELECT b.owner_id, MIN(b.id) FROM h "
            "JOIN registry_business b ON b.owner_id = h.v GROUP BY b.owner_id",
            [values_param(vendor, list(owners))],
        )
        return {owners[owner_id]: pk for owner_id, pk in cursor.fetchall()}


def business_history(business: Business, limit: int = 200) -> list:
    """The "Riwayat" of a business: its own entries and those of its owner and current permits, newest first
    (at most `limit`)."""
    from django.contrib.contenttypes.models import ContentType

    from sentra.core.models import ChangeLog
    from sentra.registry.models import Owner, Permit

    ct = ContentType.objects.get_for_models(Business, Owner, Permit)
    permit_ids = [str(p.pk) for p in business.permits.all()]
    entries = list(
        ChangeLog.objects.filter(
            Q(content_type=ct[Business], object_id=str(business.pk))
            | Q(content_type=ct[Owner], object_id=str(business.owner_id))
            | Q(content_type=ct[Permit], object_id__in=permit_ids)
        ).select_related("actor", "content_type")[:limit]
    )
    return entries
