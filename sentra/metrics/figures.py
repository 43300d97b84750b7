"""Named figures of the IKM registry, each defined once with its Indonesian definition.

Every figure is computed here, from *cells* (see cells.py): the dashboard, the public statistics page,
the statistics API, open data, snapshots and (later) work-plan KPIs all call `compute()` — directly or
through `regency_statistics()` / `national_statistics()` — so no figure is computed twice in two ways.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from sentra.metrics.cells import (
    Cell,
    MonthCell,
    cells_for_nation,
    cells_for_regency,
    months_for,
    months_for_districts,
    stored_cell,
)
from sentra.metrics.figures_cache import cached_figures
from sentra.metrics.measures import PERMIT_COLUMNS
from sentra.regions import home
from sentra.regions.models import District, Province
from sentra.registry.models import Business, Permit, Sector


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    definition: str


FIGURES = {
    f.name: f
    for f in [
        Figure(
            "total",
            gettext_noop("Jumlah IKM"),
            gettext_noop("IKM terdaftar dalam registri yang tidak berstatus tutup."),
        ),
        Figure(
            "districts",
            gettext_noop("Kecamatan terjangkau"),
            gettext_noop("Jumlah kecamatan yang memiliki paling sedikit satu IKM."),
        ),
        Figure(
            "with_nib",
            gettext_noop("IKM ber-NIB"),
            gettext_noop("IKM terdaftar yang memiliki izin NIB (dari data izin)."),
        ),
        Figure(
            "nib_coverage", gettext_noop("Cakupan NIB"), gettext_noop("IKM ber-NIB dibagi jumlah IKM, dalam persen.")
        ),
        Figure("by_sector", gettext_noop("IKM per sektor"), gettext_noop("Jumlah IKM menurut sektor industri.")),
        Figure(
            "by_district",
            gettext_noop("IKM per kecamatan"),
            gettext_noop("Jumlah IKM dan IKM ber-NIB menurut kecamatan."),
        ),
        Figure(
            "by_scale",
            gettext_noop("IKM per skala usaha"),
            gettext_noop("Jumlah IKM menurut skala usaha (PP 7/2021: mikro, kecil, menengah)."),
        ),
        Figure(
            "permit_coverage",
            gettext_noop("Cakupan izin lain"),
            gettext_noop(
                "Jumlah IKM yang memiliki izin SPP-IRT, sertifikat halal, BPOM MD, HKI/merek atau SNI, "
                "dan persentasenya terhadap jumlah IKM."
            ),
        ),
        Figure(
            "by_market",
            gettext_noop("IKM per jangkauan pasar"),
            gettext_noop("Jumlah IKM menurut jangkauan pasar terjauhnya."),
        ),
        Figure("exporters", gettext_noop("IKM eksportir"), gettext_noop("IKM dengan jangkauan pasar ekspor.")),
        Figure(
            "with_capacity",
            gettext_noop("IKM dengan kapasitas produksi"),
            gettext_noop("IKM yang mencatat kapasitas produksi per bulan (calon produsen pesanan seragam)."),
        ),
        Figure(
            "workers",
            gettext_noop("Tenaga kerja"),
            gettext_noop(
                "Jumlah tenaga kerja laki-laki dan perempuan pada IKM yang dihitung, serta yang belum dirinci "
                "laki-laki/perempuan."
            ),
        ),
        Figure(
            "registrations",
            gettext_noop("Pendaftaran baru per bulan"),
            gettext_noop("Jumlah IKM menurut bulan tanggal terdaftar di registri Dekranasda, 24 bulan terakhir."),
        ),
    ]
}

UNKNOWN_SCALE = _("Belum diketahui")


@dataclass(frozen=True)
class Filters:
    """The dashboard filters; empty means all. Status empty means every status except closed.

    `districts` limits the figures to those kecamatan (codes, sorted; an operator's scope or one chosen
    kecamatan): None means the whole regency, an empty tuple none at all (an operator without kecamatan).
    It applies to kecamatan-level cells only (a regency's figures), not to the national roll-up."""

    sector: str = ""
    scale: str = ""
    market_reach: str = ""
    status: str = ""
    districts: tuple[str, ...] | None = None

    def keep(self, cell) -> bool:
        """Cells and month cells both carry (…, sector, scale, market_reach, status, …) as attributes."""
        # month cells carry no area: a kecamatan's months are read already limited (months_for_districts)
        if self.districts is not None and hasattr(cell, "area") and cell.area not in self.districts:
            return False
        if self.sector and cell.sector != self.sector:
            return False
        if self.scale and cell.scale != self.scale:
            return False
        if self.market_reach and cell.market_reach != self.market_reach:
            return False
        if self.status:
            return cell.status == self.status
        return cell.status != "closed"


def counted_businesses(regency_code: str | None = None) -> QuerySet:
    """The businesses the default figures count: registered in the regency and not closed."""
    code = regency_code or home.regency_code()
    return Business.objects.filter(district__regency_id=code).exclude(status=Business.Status.CLOSED)


def coverage(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


# the permits whose coverage is shown besides the NIB's (each a tally measure: measures.py)
PERMIT_KINDS = [(kind, column) for kind, column in PERMIT_COLUMNS.items() if kind != "nib"]


def compute(
    cells: Iterable[Cell],
    *,
    areas: list[tuple[str, str]],
    filters: Filters | None = None,
    months: Iterable[MonthCell] = (),
) -> dict:
    """All figures of one scope. `areas` lists (code, name) of the areas the cells are keyed by
    (kecamatan of a regency, or provinces for the national roll-up), in display order."""
    filters = filters or Filters()
    per_area: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_sector: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_scale: dict[str, int] = defaultdict(int)
    per_market: dict[str, int] = defaultdict(int)
    permits = dict.fromkeys((column for _, column in PERMIT_KINDS), 0)
    total = with_nib = male = female = unknown = with_capacity = 0
    keep = filters.keep
    for c in cells:
        if not keep(c):
            continue
        n, nib = c.n, c.n_nib
        total += n
        with_nib += nib
        male += c.workers_male
        female += c.workers_female
        unknown += c.workers_unknown
        with_capacity += c.n_capacity
        a = per_area[c.area]
        a[0] += n
        a[1] += nib
        s = per_sector[c.sector]
        s[0] += n
        s[1] += nib
        per_scale[c.scale] += n
        per_market[c.market_reach] += n
        for column in permits:
            permits[column] += getattr(c, column)
    by_district = []
    for code, name in areas:
        count, nib = per_area.get(code, (0, 0))
        by_district.append(
            {"code": code, "name": name, "count": count, "with_nib": nib, "nib_coverage": coverage(nib, count)}
        )
    by_sector = [
        {
            "code": s.code,
            "label": s.name,
            "label_en": s.name_en,
            "count": per_sector.get(s.code, (0, 0))[0],
            "with_nib": per_sector.get(s.code, (0, 0))[1],
            "share": coverage(per_sector.get(s.code, (0, 0))[0], total),
        }
        for s in Sector.objects.all()
    ]
    scales = list(Business.Scale.choices) + [("", UNKNOWN_SCALE)]
    by_scale = [
        {
            "code": code,
            "label": str(label),
            "count": per_scale.get(code, 0),
            "share": coverage(per_scale.get(code, 0), total),
        }
        for code, label in scales
        if code != Business.Scale.BESAR or per_scale.get(code)
    ]
    by_market = [
        {
            "code": code,
            "label": str(label),
            "count": per_market.get(code, 0),
            "share": coverage(per_market.get(code, 0), total),
        }
        for code, label in Business.MarketReach.choices
    ]
    permit_labels = dict(Permit.Kind.choices)
    permit_coverage = [
        {
            "code": kind,
            "label": str(permit_labels[kind]),
            "count": permits[col],
            "coverage": coverage(permits[col], total),
        }
        for kind, col in PERMIT_KINDS
    ]
    registrations: dict[str, int] = defaultdict(int)
    for m in months:
        if filters.keep(m):
            registrations[m.month] += m.n
    return {
        "total": total,
        "districts": sum(1 for row in by_district if row["count"] > 0),
        "districts_total": len(by_district),
        "with_nib": with_nib,
        "nib_coverage": coverage(with_nib, total),
        "by_sector": by_sector,
        "by_district": by_district,
        "by_scale": by_scale,
        "by_market": by_market,
        "exporters": per_market.get(Business.MarketReach.EXPORT, 0),
        "with_capacity": with_capacity,
        "permit_coverage": permit_coverage,
        "workers": {"male": male, "female": female, "unknown": unknown, "total": male + female + unknown},
        "registrations": [{"month": k, "count": registrations[k]} for k in sorted(registrations)],
    }


REGISTRATION_MONTHS = 24


def registration_since(today: dt.date | None = None) -> str:
    """First month (YYYY-MM) of the registrations figure: the last REGISTRATION_MONTHS months."""
    today = today or dt.date.today()
    index = today.year * 12 + today.month - 1 - (REGISTRATION_MONTHS - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def district_areas(regency_code: str, districts: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """(code, name) of the regency's kecamatan in code order; only `districts` when given."""
    qs = District.objects.filter(regency_id=regency_code).order_by("code")
    if districts is not None:
        qs = qs.filter(code__in=districts)
    return list(qs.values_list("code", "name"))


def regency_statistics(regency_code: str | None = None, filters: Filters | None = None, *, cells=None) -> dict:
    """Figures of one regency, aggregates only (no personal data). `cells` defaults to the live tally (the
    result is cached under the figures version, see figures_cache.py); pass a snapshot's cells to show the
    figures as they stood then."""
    code = regency_code or home.regency_code()
    filters = filters or Filters()
    if cells is not None:
        stored = [stored_cell(c) for c in cells]
        return {"regency": code, **compute(stored, areas=district_areas(code, filters.districts), filters=filters)}
    since = registration_since()

    def live() -> dict:
        if filters.districts is None:
            months = months_for(code, since)
        else:  # the month tally is kept per regency: a kecamatan's months are counted from its businesses
            months = months_for_districts(filters.districts, since)
        areas = district_areas(code, filters.districts)
        stats = compute(cells_for_regency(code), areas=areas, filters=filters, months=months)
        return {"regency": code, **stats}

    return cached_figures(("regency", code, filters, since), live)


def national_statistics(filters: Filters | None = None) -> dict:
    """The national roll-up: the same figures over all provinces (areas are provinces); cached like the regency's."""
    filters = filters or Filters()
    since = registration_since()

    def live() -> dict:
        areas = list(Province.objects.order_by("code").values_list("code", "name"))
        return {
            "regency": None,
            **compute(cells_for_nation(), areas=areas, filters=filters, months=months_for(None, since)),
        }

    return cached_figures(("nation", filters, since), live)
