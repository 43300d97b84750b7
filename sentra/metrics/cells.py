"""Reading the roll-ups: a *cell* is one (area, sector, scale, market reach, status) group with its counts.

Every figure is computed from cells by `figures.py`; the cells come from the trigger-maintained tally
(fast path), from a stored snapshot, or — for tests and the benchmark baseline — straight from the base
tables with a GROUP BY (`base_cells`). All three have the same shape, so a figure has one definition.
"""

from typing import NamedTuple

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from sentra.metrics.measures import DIMENSIONS, MEASURE_LIST, MEASURES
from sentra.metrics.models import MonthTally, Tally
from sentra.registry.models import Business, Permit

# area, the dimensions (sector, scale, market_reach, status), then every measure by its column name
_CELL_FIELDS = [("area", str), *((d.removesuffix("_id"), str) for d in DIMENSIONS), *((m, int) for m in MEASURES)]
Cell = NamedTuple("Cell", _CELL_FIELDS)


def stored_cell(values) -> Cell:
    """A cell as a snapshot stored it: a dict by name, or (older snapshots) a list in the order of its day,
    measures added since then counting 0."""
    if isinstance(values, dict):
        return Cell(**{name: values.get(name, 0 if kind is int else "") for name, kind in _CELL_FIELDS})
    return Cell(*values, *([0] * (len(_CELL_FIELDS) - len(values))))


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


def months_for_districts(districts: tuple[str, ...], since: str = "") -> list[MonthCell]:
    """Registrations per month (YYYY-MM >= since) of some kecamatan, counted from their businesses (the month
    tally has no kecamatan level; a kecamatan holds hundreds of businesses, not a regency's thousands)."""
    qs = Business.objects.filter(district_id__in=districts)
    if since:
        qs = qs.filter(registered_on__gte=f"{since}-01")
    counts: dict[tuple, int] = {}
    for *dims, day in qs.values_list(*DIMENSIONS, "registered_on").order_by().iterator():
        key = (*dims, f"{day:%Y-%m}")
        counts[key] = counts.get(key, 0) + 1
    return [MonthCell(*key, n) for key, n in counts.items()]


def _has(kind: str):
    return Exists(Permit.objects.filter(business=OuterRef("pk"), kind=kind))


def _orm_measure(m):
    """The measure over a GROUP BY of businesses, in the ORM: the reference the triggers are tested against."""
    if m.kind == "count":
        return Count("id")
    if m.kind == "permit":
        return Count("id", filter=Q(**{f"has_{m.arg}": True}))
    if m.kind == "sum":
        return Coalesce(Sum(m.arg), 0, output_field=IntegerField())
    return Count("id", filter=m.q)


def base_cells(regency_code: str | None = None) -> list[Cell]:
    """The truth, counted from the base tables (kecamatan level; all regencies when regency_code is None)."""
    qs = Business.objects.all()
    if regency_code is not None:
        qs = qs.filter(district__regency_id=regency_code)
    flags = {f"has_{m.arg}": _has(m.arg) for m in MEASURE_LIST if m.kind == "permit"}
    rows = (
        qs.annotate(**flags)
        .values("district_id", *DIMENSIONS)
        .annotate(**{f"m_{m.column}": _orm_measure(m) for m in MEASURE_LIST})
        .order_by()
    )
    return [Cell(r["district_id"], *(r[d] for d in DIMENSIONS), *(r[f"m_{m}"] for m in MEASURES)) for r in rows]


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
