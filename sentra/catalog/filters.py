"""The public listing's filters, each one object: its form field, its ORM condition (selectors.filter_public:
the API and the back office) and its SQL condition (public_read: the public pages), side by side.

A filter's SQL is either on the business (`b`: resolved first to the ids of the businesses that pass,
see public_read's plan choice) or on the product (`p`), or both. Adding a filter: one CatalogFilter
here, its control in templates/catalog/product_list.html, its label's English in the catalog's .po.
The search words (`q`) are not a filter of this kind: they choose the read itself (search.py)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from sentra.catalog import rules
from sentra.catalog.models import Category
from sentra.registry.models import Business, Permit


@dataclass(frozen=True)
class CatalogFilter:
    name: str
    field: Callable[[], forms.Field]
    orm: Callable[[QuerySet, Any, dt.date], QuerySet]
    business_sql: Callable[[Any, dt.date, list], str] | None = None  # condition on registry_business b
    product_sql: Callable[[Any, list], str] | None = None  # condition on catalog_product p
    empty: Any = ""  # the value when the filter is not set
    select: Callable[[], list] | None = None  # a <select>'s choices, rendered once (forms.select_options)

    def value(self, data: dict):
        return data.get(self.name) or self.empty

    def is_set(self, value) -> bool:
        return value not in (None, "", False)


def _category_choices():
    return [("", _("Semua kategori")), *Category.choices]


def _district_choices():
    from sentra.catalog.public_read import home_districts

    return [("", _("Semua kecamatan")), *home_districts()]


def _certification_choices():
    from sentra.catalog.badges import BADGE_LABELS

    return [("", _("Semua")), *[(k, BADGE_LABELS[k]) for k in rules.BADGE_KINDS]]


def _district_orm(qs, code, today):
    return qs.filter(Exists(Business.objects.filter(pk=OuterRef("business_id"), district=code)))


def _district_sql(code, today, params):
    params.append(getattr(code, "pk", code))
    return "b.district_id = %s"


PRICE_LIMIT = 10**15  # Rp 1.000 triliun: above any price, below every database's integer limit


def _price_max_sql(value, params):
    params.append(value)
    return "p.price_min <= %s"


def _category_sql(value, params):
    params.append(value)
    return "p.category = %s"


FILTERS = [
    CatalogFilter(
        "category",
        # callable choices: copying the choice lists per request cost more than the query
        lambda: forms.ChoiceField(label=_("Kategori"), required=False, choices=_category_choices),
        orm=lambda qs, value, today: qs.filter(category=value),
        product_sql=_category_sql,
        select=_category_choices,
    ),
    CatalogFilter(
        "district",
        # the kecamatan code, from a per-process list (no query per listing request)
        lambda: forms.ChoiceField(label=_("Kecamatan"), required=False, choices=_district_choices),
        orm=_district_orm,
        business_sql=_district_sql,
        empty=None,
        select=_district_choices,
    ),
    CatalogFilter(
        "certification",
        lambda: forms.ChoiceField(label=_("Sertifikasi"), required=False, choices=_certification_choices),
        orm=lambda qs, kind, today: qs.filter(rules.valid_permit_q([kind], today)),
        business_sql=lambda kind, today, params: rules.valid_permit_sql([kind], today, params, "b.id"),
        select=_certification_choices,
    ),
    CatalogFilter(
        "export_ready",
        lambda: forms.BooleanField(label=_("Siap ekspor"), required=False),
        orm=lambda qs, value, today: rules.filter_export_ready(qs, today),
        business_sql=lambda value, today, params: rules.export_ready_business_sql(today, params),
        product_sql=lambda value, params: rules.export_ready_product_sql(params),
        empty=False,
    ),
    CatalogFilter(
        "price_max",
        # bounded: a huge number (price_max=99999999999999999999) overflowed the database's integer (a 500)
        lambda: forms.IntegerField(label=_("Harga maksimal (Rp)"), required=False, min_value=0, max_value=PRICE_LIMIT),
        orm=lambda qs, value, today: qs.filter(price_min__lte=value),
        product_sql=_price_max_sql,
        empty=None,
    ),
    CatalogFilter(
        "halal",
        lambda: forms.BooleanField(label=_("Bersertifikat halal"), required=False),
        orm=lambda qs, value, today: qs.filter(rules.valid_permit_q([Permit.Kind.HALAL], today)),
        business_sql=lambda value, today, params: rules.valid_permit_sql([Permit.Kind.HALAL], today, params, "b.id"),
        empty=False,
    ),
]
FILTERS_BY_NAME = {f.name: f for f in FILTERS}
BOOLEAN_FILTERS = [f.name for f in FILTERS if f.empty is False]


def values(data: dict) -> dict:
    """Every filter's value from `data` (cleaned form data, or a partial dict), unset ones empty."""
    return {f.name: f.value(data) for f in FILTERS}
