"""The catalog's rules, each written once for both read paths: the ORM (selectors, badges, the API,
the back office) and the plain SQL of the public pages (public_read). Conditions over SQL name the
product `p`, the business `b` and a permit `r`; each function appends its parameters to `params`
in the order its placeholders appear.

- public product: published, of an active business;
- valid permit: of one of the kinds, not expired on `today`;
- export ready: the business holds a valid NIB and a valid certification, the product states a
  monthly capacity of at least EXPORT_MIN_CAPACITY and an English name and description.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Trim

from sentra.registry.models import Business, Permit

ACTIVE = Business.Status.ACTIVE.value
# Permit kinds shown as badges, in display order; holding one valid makes a business certified.
BADGE_KINDS = [Permit.Kind.HALAL, Permit.Kind.PIRT, Permit.Kind.BPOM, Permit.Kind.SNI, Permit.Kind.HKI]
EXPORT_MIN_CAPACITY = 100


def placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


# --- valid permit ---------------------------------------------------------------------------------


def permit_valid_sql(today: dt.date, params: list, permit: str = "r") -> str:
    """The permit `permit` has not expired on `today`."""
    params.append(today)
    return f"({permit}.expires_on IS NULL OR {permit}.expires_on >= %s)"


def valid_permit_sql(kinds, today: dt.date, params: list, business: str = "p.business_id") -> str:
    """The business whose id is `business` holds a valid permit of one of `kinds`."""
    kinds = [str(k) for k in kinds]
    params.extend(kinds)
    return (
        f"EXISTS (SELECT 1 FROM registry_permit r WHERE r.business_id = {business} "
        f"AND r.kind IN ({placeholders(kinds)}) AND {permit_valid_sql(today, params)})"
    )


def permit_valid(permit, today: dt.date) -> bool:
    return permit.expires_on is None or permit.expires_on >= today


def valid_permit_q(kinds, today: dt.date, business: str = "business") -> Exists:
    return Exists(
        Permit.objects.filter(business=OuterRef(business), kind__in=list(kinds)).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )
    )


# --- public product -------------------------------------------------------------------------------

PUBLISHED_SQL = "p.is_published"


def business_active_sql(params: list, business: str = "b") -> str:
    """The business row `business` is active."""
    params.append(ACTIVE)
    return f"{business}.status = %s"


def active_business_sql(params: list) -> str:
    """The product's business is active (a correlated EXISTS: SQLite can still walk the public order)."""
    return f"EXISTS (SELECT 1 FROM registry_business b WHERE b.id = p.business_id AND {business_active_sql(params)})"


def public_product_q() -> Q:
    active = Business.objects.filter(pk=OuterRef("business_id"), status=ACTIVE)
    return Q(Exists(active), is_published=True)


# --- export ready ---------------------------------------------------------------------------------


def has_text(value: str) -> bool:
    """Not blank: what TRIM() <> '' says in SQL (spaces trimmed, as both databases' TRIM does)."""
    return bool(value and value.strip(" "))


def export_ready_business_sql(today: dt.date, params: list, business: str = "b.id") -> str:
    nib = valid_permit_sql([Permit.Kind.NIB], today, params, business)
    return f"{nib} AND {valid_permit_sql(BADGE_KINDS, today, params, business)}"


def export_ready_product_sql(params: list) -> str:
    params.append(EXPORT_MIN_CAPACITY)
    return "p.monthly_capacity >= %s AND TRIM(p.name_en) <> '' AND TRIM(p.description_en) <> ''"


def filter_export_ready(qs, today: dt.date):
    return (
        qs.filter(monthly_capacity__gte=EXPORT_MIN_CAPACITY)
        .alias(_name_en=Trim("name_en"), _description_en=Trim("description_en"))
        .exclude(_name_en="")
        .exclude(_description_en="")
        .filter(valid_permit_q([Permit.Kind.NIB], today))
        .filter(valid_permit_q(BADGE_KINDS, today))
    )
