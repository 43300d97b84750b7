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


def leads_by_product(since=None) -> list[dict]:
    qs = Lead.objects.filter(product__isnull=False)
    if since:
        qs = qs.filter(created_at__gte=since)
    rows = (
        qs.values("product_id", "product__name", "business_id")
        .annotate(total=Count("id"), **_BY_STATUS)
        .order_by("-total", "product_id")
    )
    return [
        {
            "product_id": r["product_id"],
            "product": r["product__name"],
            "business_id": r["business_id"],
            "total": r["total"],
            **{s: r[s] for s in Lead.Status.values},
        }
        for r in rows
    ]


def leads_by_business(since=None) -> list[dict]:
    qs = Lead.objects.all()
    if since:
        qs = qs.filter(created_at__gte=since)
    rows = (
        qs.values("business_id", "business__name", "business__district_id")
        .annotate(total=Count("id"), **_BY_STATUS)
        .order_by("-total", "business_id")
    )
    return [
        {
            "business_id": r["business_id"],
            "business": r["business__name"],
            "district_code": r["business__district_id"],
            "total": r["total"],
            **{s: r[s] for s in Lead.Status.values},
        }
        for r in rows
    ]


def lead_totals() -> dict:
    totals = Lead.objects.aggregate(total=Count("id"), **_BY_STATUS)
    totals["published_products"] = Product.objects.public().count()
    return totals
