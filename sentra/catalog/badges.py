"""Certification badges and the export-ready flag, derived from the registry's permits.

Nothing here is typed in by an owner: a badge shows only while the registry holds a
permit of that kind for the business that has not expired."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.catalog.rules import BADGE_KINDS, EXPORT_MIN_CAPACITY, has_text, permit_valid, valid_permit_q
from sentra.catalog.rules import filter_export_ready as _filter_export_ready
from sentra.registry.models import Permit

BADGE_LABELS = {
    Permit.Kind.HALAL: _("Halal"),
    Permit.Kind.PIRT: _("PIRT"),
    Permit.Kind.BPOM: _("BPOM MD"),
    Permit.Kind.SNI: _("SNI"),
    Permit.Kind.HKI: _("HKI/Merek"),
}


@dataclass(frozen=True)
class Badge:
    kind: str
    label: str


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    met: bool


def permit_kinds(business, today: dt.date | None = None) -> set[str]:
    """Kinds of the business's valid permits (reads prefetched `permits` when present)."""
    today = today or timezone.localdate()
    return {p.kind for p in business.permits.all() if permit_valid(p, today)}


def badges_for(business, today: dt.date | None = None) -> list[Badge]:
    return badges_from_kinds(permit_kinds(business, today))


def badges_from_kinds(kinds) -> list[Badge]:
    """Badges of a business holding valid permits of `kinds` (public_read reads them with SQL)."""
    return [Badge(kind, str(BADGE_LABELS[kind])) for kind in BADGE_KINDS if kind in kinds]


def export_criteria(product, today: dt.date | None = None, kinds=None) -> list[Criterion]:
    kinds = permit_kinds(product.business, today) if kinds is None else set(kinds)
    return [
        Criterion("nib", str(_("Memiliki NIB")), Permit.Kind.NIB in kinds),
        Criterion(
            "capacity",
            str(_("Kapasitas minimal %(n)s %(unit)s per bulan") % {"n": EXPORT_MIN_CAPACITY, "unit": product.unit}),
            (product.monthly_capacity or 0) >= EXPORT_MIN_CAPACITY,
        ),
        Criterion(
            "certification",
            str(_("Memiliki sertifikasi (halal, PIRT, BPOM MD, SNI atau HKI)")),
            bool(kinds & set(BADGE_KINDS)),
        ),
        Criterion(
            "english",
            str(_("Nama dan deskripsi dalam bahasa Inggris")),
            has_text(product.name_en) and has_text(product.description_en),
        ),
    ]


def is_export_ready(product, today: dt.date | None = None, kinds=None) -> bool:
    return all(c.met for c in export_criteria(product, today, kinds))


def filter_certified(qs: QuerySet, kind: str, today: dt.date | None = None) -> QuerySet:
    return qs.filter(valid_permit_q([kind], today or timezone.localdate()))


def filter_export_ready(qs: QuerySet, today: dt.date | None = None) -> QuerySet:
    """The same criteria as export_criteria(), as a query (rules.py)."""
    return _filter_export_ready(qs, today or timezone.localdate())
