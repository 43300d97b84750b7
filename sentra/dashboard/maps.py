"""A server-rendered SVG choropleth of the kecamatan: polygons projected to SVG paths once (cached).

No tiles, no JavaScript, no internet: the polygons are the map. Works for any regency whose
kecamatan polygons are in regions/data/<file>.geojson (Bojonegoro ships with the project).
"""

import json
import math
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "regions" / "data"
GEOJSON = {"35.22": "bojonegoro_kecamatan.geojson"}
WIDTH = 640
# Sequential palette (light → dark), readable in print and for common colour blindness.
PALETTE = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
EMPTY = "#f3f4f6"
MIN_STEP = 2.5  # px: points closer than this to the previous kept one are dropped


def _rings(geometry):
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


@lru_cache(maxsize=8)
def shapes(regency_code: str) -> dict | None:
    """{'width', 'height', 'paths': {code: d}, 'labels': {code: (x, y)}} or None without polygons."""
    name = GEOJSON.get(regency_code)
    if not name or not (DATA / name).exists():
        return None
    features = json.loads((DATA / name).read_text(encoding="utf-8"))["features"]
    points = [pt for f in features for ring in _rings(f["geometry"]) for pt in ring]
    min_lon, max_lon = min(p[0] for p in points), max(p[0] for p in points)
    min_lat, max_lat = min(p[1] for p in points), max(p[1] for p in points)
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = WIDTH / ((max_lon - min_lon) * kx)
    height = round((max_lat - min_lat) * scale)

    def project(lon, lat):
        return round((lon - min_lon) * kx * scale), round((max_lat - lat) * scale)

    paths, labels = {}, {}
    for f in features:
        code = f["properties"]["code"]
        parts = []
        for ring in _rings(f["geometry"]):
            kept = []
            for lon, lat in ring:
                x, y = project(lon, lat)
                if kept and abs(x - kept[-1][0]) + abs(y - kept[-1][1]) < MIN_STEP:
                    continue
                kept.append((x, y))
            if len(kept) >= 3:
                parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in kept) + "Z")
        paths[code] = "".join(parts)
        props = f["properties"]
        labels[code] = project(props["centroid_lon"], props["centroid_lat"])
    return {"width": WIDTH, "height": height, "paths": paths, "labels": labels, "project": project}


def label_points(regency_code: str) -> dict:
    """Label points from District.label_lat/label_lon (loaded from the _extra.csv), else polygon centroids."""
    from sentra.regions.models import District

    geo = shapes(regency_code)
    if geo is None:
        return {}
    labels = dict(geo["labels"])
    rows = District.objects.filter(regency_id=regency_code, label_lat__isnull=False, label_lon__isnull=False)
    for code, lat, lon in rows.values_list("code", "label_lat", "label_lon"):
        labels[code] = geo["project"](lon, lat)
    return labels


def classes(values: list[float]) -> list[float]:
    """Upper bounds of 5 equal-interval classes over the positive values."""
    top = max(values, default=0)
    if top <= 0:
        return []
    return [top * (i + 1) / len(PALETTE) for i in range(len(PALETTE))]


def colour(value: float, bounds: list[float]) -> str:
    if not bounds or value <= 0:
        return EMPTY
    for bound, fill in zip(bounds, PALETTE):
        if value <= bound + 1e-9:
            return fill
    return PALETTE[-1]
