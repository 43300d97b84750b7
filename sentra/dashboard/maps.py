"""Server-rendered SVG choropleths: polygons projected to SVG paths once (cached).

No tiles, no JavaScript, no internet: the polygons are the map. The kecamatan map of a regency is the
file `<code>.geojson` (e.g. `33.20.geojson`) in a directory of SENTRA_MAP_DIRS (a council can add its
own there) or in sentra/regions/data/polygons/ (Bojonegoro, Jepara, Lamongan and Ogan Ilir ship with
Sentra); the format is in that folder's README. A regency without a file gets a table instead.
The national files (`indonesia_regencies.geojson`, `indonesia_provinces.geojson`) draw the hub's maps.
"""

import json
import math
from functools import lru_cache
from pathlib import Path

from django.conf import settings

POLYGONS = Path(__file__).resolve().parent.parent / "regions" / "data" / "polygons"
WIDTH = 640
# Sequential palette (light → dark), readable in print and for common colour blindness.
PALETTE = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
EMPTY = "#f3f4f6"
MIN_STEP = 2.5  # px: points closer than this to the previous kept one are dropped


def _rings(geometry):
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def polygon_dirs() -> list[Path]:
    return [Path(p) for p in getattr(settings, "SENTRA_MAP_DIRS", [])] + [POLYGONS]


def polygon_file(regency_code: str) -> Path | None:
    """The kecamatan polygons of a regency, by its code; None when none are installed."""
    for directory in polygon_dirs():
        path = directory / f"{regency_code}.geojson"
        if path.is_file():
            return path
    return None


def _project(features: list[dict], width: int = WIDTH) -> dict:
    points = [pt for f in features for ring in _rings(f["geometry"]) for pt in ring]
    min_lon, max_lon = min(p[0] for p in points), max(p[0] for p in points)
    min_lat, max_lat = min(p[1] for p in points), max(p[1] for p in points)
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = width / ((max_lon - min_lon) * kx or 1)
    height = max(1, round((max_lat - min_lat) * scale))

    def project(lon, lat):
        return round((lon - min_lon) * kx * scale), round((max_lat - lat) * scale)

    paths, labels, names = {}, {}, {}
    for f in features:
        props = f["properties"]
        code = props["code"]
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
        if not parts:  # too small to show at this scale: a dot, so it can still be found and clicked
            lon, lat = _rings(f["geometry"])[0][0]
            x, y = project(lon, lat)
            parts.append(f"M{x - 1} {y - 1}h2v2h-2Z")
        paths[code] = "".join(parts)
        names[code] = props.get("name", code)
        if props.get("label_lon") is not None:
            labels[code] = project(props["label_lon"], props["label_lat"])
        elif props.get("centroid_lon") is not None:
            labels[code] = project(props["centroid_lon"], props["centroid_lat"])
    return {"width": width, "height": height, "paths": paths, "labels": labels, "names": names, "project": project}


@lru_cache(maxsize=16)
def _shapes_of(path: str, mtime: float) -> dict | None:
    features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    if not features:
        return None
    return _project(features)


def shapes(regency_code: str) -> dict | None:
    """{'width', 'height', 'paths': {code: d}, 'labels': {code: (x, y)}} or None without polygons."""
    path = polygon_file(regency_code)
    if path is None:
        return None
    return _shapes_of(str(path), path.stat().st_mtime)


@lru_cache(maxsize=64)
def national_shapes(level: str, province_code: str = "") -> dict:
    """The hub's maps: level "provinces" (38) or "regencies" (514, or those of one province)."""
    name = {"provinces": "indonesia_provinces.geojson", "regencies": "indonesia_regencies.geojson"}[level]
    features = json.loads((POLYGONS / name).read_text(encoding="utf-8"))["features"]
    if province_code:
        features = [f for f in features if f["properties"]["code"].startswith(province_code + ".")]
    return _project(features)


def label_points(regency_code: str) -> dict:
    """Label points from District.label_lat/label_lon (loaded from the _extra.csv), else the file's."""
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
    """Upper bounds of 5 equal-interval classes over the range of the positive values (lowest to highest), so
    kecamatan whose values lie close together (NIB coverage 70–85 %) can still be told apart."""
    positive = [v for v in values if v > 0]
    if not positive:
        return []
    low, top = min(positive), max(positive)
    if top - low < 1e-9:
        return [top]
    return [low + (top - low) * (i + 1) / len(PALETTE) for i in range(len(PALETTE))]


def classes_floor(values: list[float]) -> float:
    """Where the first class starts: the lowest positive value."""
    return min((v for v in values if v > 0), default=0)


def colour(value: float, bounds: list[float]) -> str:
    if not bounds or value <= 0:
        return EMPTY
    for bound, fill in zip(bounds, PALETTE):
        if value <= bound + 1e-9:
            return fill
    return PALETTE[-1]
