"""Reading the roll-ups: a *cell* is one (area, sector, scale, market reach, status) group with its counts.

Every figure is computed from cells by `figures.py`; the cells come from the trigger-maintained tally
(fast path), from a stored snapshot, or — for tests and the benchmark baseline — straight from the base
tables with a GROUP BY (`base_cells`). All three have the same shape, so a figure has one definition.
"""

from typing import NamedTuple

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from sentra.metrics.models import DIMENSIONS, MEASURES, PERMIT_COLUMNS, MonthTally, Tally
from sentra.registry.models import Business, Permit


class Cell(NamedTuple):
    area: str
    sector: str
    scale: str
    market_reach: str
    status: str
    n: int
    n_nib: int
    n_pirt: int
    n_halal: int
    n_bpom: int
    n_hki: int
    n_sni: int
    workers_male: int
    workers_female: int
    workers_unknown: int = 0  # absent from snapshots taken before it was counted


class MonthCell(NamedTuple):
    sector: str
    scale: str
    market_reach: str
    status: str
    month: str
    n: int


def _tally(level: str, parent: str | None) -> list[Cell]:
    qs = Tally.objects.filter(level=level, n__gt=0)
    if parent is not None:
        qs = qs.filter(parent=parent)
    return [Cell(*row) for row in qs.values_list("area", *DIMENSIONS, *MEASURES)]


def cells_for_regency(regency_code: str) -> list[Cell]:
    """Kecamatan-level cells of one regency."""
    return _tally(Tally.Level.DISTRICT, regency_code)


def cells_for_province(province_code: str) -> list[Cell]:
    """Regency-level cells of one province."""
    return _tally(Tally.Level.REGENCY, province_code)


def cells_for_nation() -> list[Cell]:
    """Province-level cells of the whole country."""
    return _tally(Tally.Level.PROVINCE, None)


def months_for(regency_code: str | None, since: str = "") -> list[MonthCell]:
    """Registrations per month (YYYY-MM >= since) of a regency, or of the nation when regency_code is None."""
    if regency_code is None:
        qs = MonthTally.objects.filter(level=MonthTally.Level.NATION, n__gt=0)
    else:
        qs = MonthTally.objects.filter(level=MonthTally.Level.REGENCY, area=regency_code, n__gt=0)
    if since:
        qs = qs.filter(month__gte=since)
    return [MonthCell(*row) for row in qs.values_list(*DIMENSIONS, "month", "n")]


def _has(kind: str):
    return Exists(Permit.objects.filter(business=OuterRef("pk"), kind=kind))


def base_cells(regency_code: str | None = None) -> list[Cell]:
    """The truth, counted from the base tables (kecamatan level; all regencies when regency_code is None)."""
    qs = Business.objects.all()
    if regency_code is not None:
        qs = qs.filter(district__regency_id=regency_code)
    flags = {f"has_{kind}": _has(kind) for kind in PERMIT_COLUMNS}
    rows = (
        qs.annotate(**flags)
        .values("district_id", *DIMENSIONS)
        .annotate(
            n=Count("id"),
            **{col: Count("id", filter=Q(**{f"has_{kind}": True})) for kind, col in PERMIT_COLUMNS.items()},
            wm=Coalesce(Sum("workers_male"), 0, output_field=IntegerField()),
            wf=Coalesce(Sum("workers_female"), 0, output_field=IntegerField()),
            wu=Coalesce(Sum("workers_unknown"), 0, output_field=IntegerField()),
        )
        .order_by()
    )
    return [
        Cell(
            r["district_id"],
            *(r[d] for d in DIMENSIONS),
            r["n"],
            *(r[col] for col in PERMIT_COLUMNS.values()),
            r["wm"],
            r["wf"],
            r["wu"],
        )
        for r in rows
    ]


def base_months(regency_code: str) -> list[MonthCell]:
    """Registrations per month counted from the base table (truth for tests)."""
    rows = (
        Business.objects.filter(district__regency_id=regency_code).values_list(*DIMENSIONS, "registered_on").order_by()
    )
    counts: dict[tuple, int] = {}
    for *dims, day in rows:
        key = (*dims, f"{day:%Y-%m}")
        counts[key] = counts.get(key, 0) + 1
    return [MonthCell(*key, n) for key, n in counts.items()]
