"""Reads behind the dashboard, the public page, the report and open data. Figures come from
sentra.metrics.figures only; this module shapes them for display (bars, map, drill-down links)."""

import datetime as dt
from functools import lru_cache
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

from sentra.dashboard import maps
from sentra.metrics.figures import FIGURES, REGISTRATION_MONTHS, Filters, regency_statistics
from sentra.metrics.figures_cache import cached_figures_and_key
from sentra.metrics.models import Snapshot
from sentra.regions.models import District
from sentra.registry.selectors import REGISTERED

BAR_CHART_HEIGHT = 120


def drill_url(filters: Filters, **extra) -> str:
    """The registry list behind a number: the dashboard filters plus kecamatan/sector/nib of the cell."""
    params = {
        "sektor": filters.sector,
        "skala": filters.scale,
        "pasar": filters.market_reach,
        # Empty means "all but closed" in the figures; the list is asked for the same rows.
        "status": filters.status or REGISTERED,
        "kecamatan": filters.districts[0] if filters.districts and len(filters.districts) == 1 else "",
    }
    params.update(extra)
    query = urlencode({k: v for k, v in params.items() if v})
    return _list_url() + (f"?{query}" if query else "")


def scope_names(filters: Filters) -> list[str] | None:
    """Names of the kecamatan the figures are limited to (None: the whole regency)."""
    if filters.districts is None:
        return None
    return list(District.objects.filter(code__in=filters.districts).order_by("name").values_list("name", flat=True))


@lru_cache(maxsize=1)
def _list_url() -> str:
    return reverse("registry:business_list")


def _bars(rows, key="count"):
    top = max((row[key] for row in rows), default=0) or 1
    for row in rows:
        row["bar"] = round(100 * row[key] / top, 1)
    return rows


def _value_display(metric: str, row: dict) -> str:
    if metric != "jumlah" and row["with_nib"] is None:
        return gettext("disembunyikan")
    if metric == "cakupan_nib":
        return f"{number_format(row['nib_coverage'], 1)}%"
    return number_format(row["with_nib" if metric == "bernib" else "count"], force_grouping=True)


def choropleth(
    stats: dict, regency_code: str, *, metric: str = "jumlah", filters: Filters | None = None
) -> dict | None:
    """The kecamatan map: one coloured path per kecamatan, a legend, labels; links when `filters` given."""
    geo = maps.shapes(regency_code)
    if geo is None:
        return None
    key = {"jumlah": "count", "cakupan_nib": "nib_coverage", "bernib": "with_nib"}[metric]
    shown = [row[key] for row in stats["by_district"] if row[key] is not None]  # None: suppressed
    bounds = maps.classes(shown)
    labels = maps.label_points(regency_code)
    regions = []
    for row in stats["by_district"]:
        if row["code"] not in geo["paths"]:
            continue
        x, y = labels.get(row["code"], (0, 0))
        regions.append(
            {
                "code": row["code"],
                "name": row["name"],
                "d": geo["paths"][row["code"]],
                "fill": maps.colour(row[key] or 0, bounds),
                "value": _value_display(metric, row),
                "href": drill_url(filters, kecamatan=row["code"]) if filters is not None else "",
                "x": x,
                "y": y,
            }
        )
    legend, low = [], maps.classes_floor(shown)
    for bound, fill in zip(bounds, maps.PALETTE):
        fmt = (lambda v: f"{number_format(v, 1)}%") if key == "nib_coverage" else (lambda v: number_format(round(v)))
        legend.append({"fill": fill, "label": f"{fmt(low)} – {fmt(bound)}"})
        low = bound
    from sentra.dashboard.forms import MAP_METRICS

    label = dict(MAP_METRICS)[metric]
    return {
        "width": geo["width"],
        "height": geo["height"],
        "regions": regions,
        "legend": legend,
        "metric": metric,
        "label": label,
    }


def registration_columns(stats: dict, today: dt.date | None = None) -> list[dict]:
    """Registrations of the last REGISTRATION_MONTHS months as columns (months without any show 0)."""
    today = today or dt.date.today()
    by_month = {row["month"]: row["count"] for row in stats["registrations"]}
    months = []
    year, month = today.year, today.month
    for _ in range(REGISTRATION_MONTHS):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    rows = [{"month": m, "count": by_month.get(m, 0)} for m in reversed(months)]
    top = max((r["count"] for r in rows), default=0) or 1
    width = 100 / len(rows)
    for i, r in enumerate(rows):
        r["h"] = round(BAR_CHART_HEIGHT * r["count"] / top, 1)
        r["x"] = round(i * width, 2)
        r["y"] = round(BAR_CHART_HEIGHT - r["h"], 1)
        r["w"] = round(width * 0.8, 2)
        r["pct"] = round(100 * r["count"] / top, 1)
        year_, month_ = (int(p) for p in r["month"].split("-"))
        r["label"] = date_format(dt.date(year_, month_, 1), "M y")
    return rows


def snapshot_series(regency_code: str, filters: Filters) -> list[dict]:
    """NIB coverage and totals as they stood at each stored snapshot (oldest first)."""
    rows = Snapshot.objects.filter(regency_code=regency_code).order_by("-taken_on").values_list("pk", "taken_on")
    series = []
    for pk, taken_on in rows[:REGISTRATION_MONTHS]:
        total, with_nib, nib_coverage = _snapshot_headline(pk, filters)
        series.append({"date": taken_on, "total": total, "with_nib": with_nib, "nib_coverage": nib_coverage})
    series.reverse()
    return _bars(series, "nib_coverage")


@lru_cache(maxsize=2048)
def _snapshot_headline(pk: int, filters: Filters) -> tuple[int, int, float]:
    """A snapshot never changes (a retake of the same day is a new row), so its figures are cached."""
    snap = Snapshot.objects.get(pk=pk)
    s = regency_statistics(snap.regency_code, filters, cells=snap.cells)
    return s["total"], s["with_nib"], s["nib_coverage"]


def statistics_for(regency_code: str, filters: Filters, period: str = "") -> tuple[dict, dt.date | None]:
    """Live figures, or those of the snapshot taken on `period` (ISO date)."""
    if period:
        snap = Snapshot.objects.get(regency_code=regency_code, taken_on=period)
        return regency_statistics(regency_code, filters, cells=snap.cells), snap.taken_on
    return regency_statistics(regency_code, filters), None


def dashboard_figures(regency_code: str, filters: Filters, *, period: str = "", metric: str = "jumlah") -> dict:
    """What the dashboard and the report show of the figures: decorated stats, as-of date (snapshots), map and
    month columns — cached under the figures version and, for a snapshot, its row (a retake of the same day is a
    new row). `fragment_key` is the key for the rendered figure sections ({% figures_fragment %} in the
    template), None when caching is off."""
    today = dt.date.today()
    snapshot = None
    if period:
        snapshot = Snapshot.objects.filter(regency_code=regency_code, taken_on=period).values_list("pk", flat=True)
        snapshot = snapshot.first()
        if snapshot is None:
            raise Snapshot.DoesNotExist(f"no snapshot of {regency_code} on {period}")
    parts = ("dashboard", regency_code, filters, snapshot, metric, today)

    def build() -> dict:
        stats, as_of = statistics_for(regency_code, filters, period)
        stats = decorate(stats, filters)
        return {
            "stats": stats,
            "as_of": as_of,
            "map": choropleth(stats, regency_code, metric=metric, filters=filters),
            "months": registration_columns(stats, today),
        }

    figures, key = cached_figures_and_key(parts, build)
    figures["fragment_key"] = key
    return figures


COMPARED = [
    ("total", "Jumlah IKM"),
    ("districts", "Kecamatan terjangkau"),
    ("with_nib", "IKM ber-NIB"),
    ("nib_coverage", "Cakupan NIB (%)"),
    ("exporters", "IKM eksportir"),
]


def comparison(a: dict, b: dict) -> list[dict]:
    rows = [{"label": label, "a": a[key], "b": b[key], "delta": round(b[key] - a[key], 1)} for key, label in COMPARED]
    for sa, sb in zip(a["by_sector"], b["by_sector"]):
        rows.append({"label": sa["label"], "a": sa["count"], "b": sb["count"], "delta": sb["count"] - sa["count"]})
    for sa, sb in zip(a["permit_coverage"], b["permit_coverage"]):
        rows.append({"label": sa["label"], "a": sa["count"], "b": sb["count"], "delta": sb["count"] - sa["count"]})
    return rows


def decorate(stats: dict, filters: Filters | None) -> dict:
    """Add bar widths and drill-down links (links only when `filters` is given, i.e. for staff)."""
    _bars(stats["by_district"])
    _bars(stats["by_sector"])
    _bars(stats["by_scale"])
    _bars(stats["by_market"])
    for row in stats["permit_coverage"]:
        row["bar"] = row["coverage"]
    for row in stats["by_district"]:
        row["nib_bar"] = row["nib_coverage"] or 0
    if filters is not None:
        stats["links"] = {
            "total": drill_url(filters),
            "with_nib": drill_url(filters, nib="ya"),
            "without_nib": drill_url(filters, nib="tidak"),
            "exporters": drill_url(filters, pasar="export"),
        }
        for row in stats["by_district"]:
            row["href"] = drill_url(filters, kecamatan=row["code"])
            row["nib_href"] = drill_url(filters, kecamatan=row["code"], nib="ya")
        for row in stats["by_sector"]:
            row["href"] = drill_url(filters, sektor=row["code"])
        for row in stats["by_scale"]:
            row["href"] = drill_url(filters, skala=row["code"]) if row["code"] else ""
        for row in stats["by_market"]:
            row["href"] = drill_url(filters, pasar=row["code"])
    stats["figures"] = FIGURES
    return stats
