"""Named figures of the IKM registry, each defined once with its Indonesian definition.

The public statistics page, the statistics API and (later) the dashboard, open data
and work-plan KPIs all read these functions; no figure is computed twice in two ways.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from sentra.regions.models import District
from sentra.registry.models import Business, Permit, Sector


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    definition: str


FIGURES = {
    f.name: f
    for f in [
        Figure("total", "Jumlah IKM", "IKM terdaftar dalam registri yang tidak berstatus tutup."),
        Figure("districts", "Kecamatan terjangkau", "Jumlah kecamatan yang memiliki paling sedikit satu IKM."),
        Figure("with_nib", "IKM ber-NIB", "IKM terdaftar yang memiliki izin NIB (dari data izin)."),
        Figure("nib_coverage", "Cakupan NIB", "IKM ber-NIB dibagi jumlah IKM, dalam persen."),
        Figure("by_sector", "IKM per sektor", "Jumlah IKM menurut sektor industri."),
        Figure("by_district", "IKM per kecamatan", "Jumlah IKM dan IKM ber-NIB menurut kecamatan."),
    ]
}


def counted_businesses(regency_code: str | None = None) -> QuerySet:
    """The businesses every figure counts: registered in the regency and not closed."""
    code = regency_code or settings.SENTRA_REGENCY_CODE
    return Business.objects.filter(district__regency_id=code).exclude(status=Business.Status.CLOSED)


def _nib_exists():
    return Exists(Permit.objects.filter(business=OuterRef("pk"), kind=Permit.Kind.NIB))


def coverage(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def regency_statistics(regency_code: str | None = None) -> dict:
    """Headline figures of one regency, aggregates only (no personal data)."""
    code = regency_code or settings.SENTRA_REGENCY_CODE
    qs = counted_businesses(code).annotate(has_nib=_nib_exists())
    totals = qs.aggregate(total=Count("id"), with_nib=Count("id", filter=Q(has_nib=True)))
    per_district = {
        row["district_id"]: row
        for row in qs.values("district_id").annotate(count=Count("id"), with_nib=Count("id", filter=Q(has_nib=True)))
    }
    per_sector = {row["sector_id"]: row["count"] for row in qs.values("sector_id").annotate(count=Count("id"))}
    by_district = [
        {
            "code": d.code,
            "name": d.name,
            "count": per_district.get(d.code, {}).get("count", 0),
            "with_nib": per_district.get(d.code, {}).get("with_nib", 0),
        }
        for d in District.objects.filter(regency_id=code).order_by("code")
    ]
    for row in by_district:
        row["nib_coverage"] = coverage(row["with_nib"], row["count"])
    by_sector = [
        {"code": s.code, "label": s.name, "label_en": s.name_en, "count": per_sector.get(s.code, 0)}
        for s in Sector.objects.all()
    ]
    return {
        "regency": code,
        "total": totals["total"],
        "districts": sum(1 for row in by_district if row["count"] > 0),
        "districts_total": len(by_district),
        "with_nib": totals["with_nib"],
        "nib_coverage": coverage(totals["with_nib"], totals["total"]),
        "by_sector": by_sector,
        "by_district": by_district,
    }
