"""Catalog figures for the dashboard (read by sentra.metrics / the dashboard; defined once here).

- leads_by_product: inquiries per product, with how many reached each status.
- leads_by_business: inquiries per business (IKM), same breakdown.
- lead_totals: inquiries in the catalog by status, and published products.
Aggregates only: no buyer's name or e-mail leaves this module."""

from django.db.models import Count, Q

from sentra.catalog.models import Lead, Product

FIGURES = {
    "catalog_leads_by_product": "Jumlah pertanyaan pembeli per produk katalog, menurut status.",
    "catalog_leads_by_business": "Jumlah pertanyaan pembeli per IKM, menurut status.",
    "catalog_lead_totals": "Jumlah pertanyaan pembeli menurut status, dan jumlah produk tayang.",
}

_BY_STATUS = {status: Count("id", filter=Q(status=status)) for status in Lead.Status.values}


def _leads_grouped(qs, since, fields: dict, districts=None) -> list[dict]:
    """Lead counts grouped by `fields` ({output name: lookup}), total and per status; of businesses in
    `districts` (kecamatan codes) when given."""
    if districts is not None:
        qs = qs.filter(business__district_id__in=districts)
    if since:
        qs = qs.filter(created_at__gte=since)
    rows = qs.values(*fields.values()).annotate(total=Count("id"), **_BY_STATUS).order_by("-total", *fields.values())
    return [
        {
            **{name: r[lookup] for name, lookup in fields.items()},
            "total": r["total"],
            **{s: r[s] for s in Lead.Status.values},
        }
        for r in rows
    ]


def leads_by_product(since=None, districts=None) -> list[dict]:
    fields = {"product_id": "product_id", "product": "product__name", "business_id": "business_id"}
    return _leads_grouped(Lead.objects.filter(product__isnull=False), since, fields, districts)


def leads_by_business(since=None, districts=None) -> list[dict]:
    fields = {"business_id": "business_id", "business": "business__name", "district_code": "business__district_id"}
    return _leads_grouped(Lead.objects.all(), since, fields, districts)


def lead_totals() -> dict:
    totals = Lead.objects.aggregate(total=Count("id"), **_BY_STATUS)
    totals["published_products"] = Product.objects.public().count()
    return totals
