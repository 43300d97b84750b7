"""Open data: aggregates per kecamatan × breakdown as CSV and JSON, with small cells suppressed.

Which numbers are hidden is decided by sentra.metrics.disclosure for all public outputs together (primary
cells of 1 or 2 IKM, with or without an NIB, and the complementary cells that keep them from being worked out
from the totals and the other tables); a hidden number is published as "<3". Never any personal data.
"""

import csv
import io
import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from sentra.metrics.cells import cells_for_regency
from sentra.metrics.disclosure import regency_release
from sentra.metrics.figures import FIGURES, Filters, regency_statistics
from sentra.regions import home
from sentra.registry.models import Business, Sector

HIDDEN = "<3"  # every hidden number, whatever its value (a separate mark would tell the small ones apart)

DATASETS = {
    "ikm-kecamatan-sektor": {
        "title": "IKM per kecamatan dan sektor",
        "dimension": "sektor",
        "with_nib": True,
    },
    "ikm-kecamatan-skala": {"title": "IKM per kecamatan dan skala usaha", "dimension": "skala", "with_nib": False},
    "ikm-kecamatan-pasar": {
        "title": "IKM per kecamatan dan jangkauan pasar",
        "dimension": "pasar",
        "with_nib": False,
    },
}
COLUMNS = {
    "kode_kecamatan": "Kode kecamatan Kemendagri, mis. 35.22.01.",
    "kecamatan": "Nama kecamatan.",
    "kode_kategori": "Kode kategori (sektor: food_beverage/craft; skala: mikro/kecil/menengah; "
    "pasar: local/regional/national/export).",
    "kategori": "Nama kategori dalam bahasa Indonesia.",
    "jumlah_ikm": "Jumlah IKM tidak tutup (definisi angka “Jumlah IKM”). “<3” = disembunyikan: 1 atau 2 IKM, "
    "atau angka lain yang disembunyikan agar angka kecil tidak dapat dihitung dari jumlah dan tabel lain.",
    "ikm_bernib": "Jumlah IKM yang memiliki NIB (hanya pada data per sektor). “<3” = disembunyikan: bila "
    "jumlahnya atau jumlah IKM tanpa NIB di sel itu 1 atau 2, atau agar angka kecil lain tidak dapat dihitung.",
}


def _categories(dimension: str) -> list[tuple[str, str]]:
    if dimension == "sektor":
        return [(s.code, s.name) for s in Sector.objects.all()]
    if dimension == "skala":
        return [(c, str(label)) for c, label in Business.Scale.choices if c != Business.Scale.BESAR]
    return [(c, str(label)) for c, label in Business.MarketReach.choices]


def dataset_rows(name: str, regency_code: str | None = None) -> list[dict]:
    """The published rows of one dataset: counts from the tally, hidden numbers as decided by
    sentra.metrics.disclosure (the same decision for every public output)."""
    spec = DATASETS[name]
    code = regency_code or home.regency_code()
    release = regency_release(code)
    stats = regency_statistics(code)
    names = {row["code"]: row["name"] for row in stats["by_district"]}
    table = _table(spec["dimension"], code)
    rows = []
    for district_code, district_name in names.items():
        for cat_code, label in _categories(spec["dimension"]):
            count, nib = table.get((district_code, cat_code), (0, 0))
            row = {
                "kode_kecamatan": district_code,
                "kecamatan": district_name,
                "kode_kategori": cat_code,
                "kategori": label,
            }
            if spec["dimension"] == "sektor":
                row["jumlah_ikm"] = HIDDEN if (district_code, "count", cat_code) in release["sector"] else count
                row["ikm_bernib"] = HIDDEN if (district_code, "nib", cat_code) in release["sector"] else nib
            else:
                hidden = release["scale" if spec["dimension"] == "skala" else "market"]
                row["jumlah_ikm"] = HIDDEN if (district_code, cat_code) in hidden else count
            rows.append(row)
    return rows


def _table(dimension: str, regency_code: str) -> dict[tuple[str, str], tuple[int, int]]:
    """(kecamatan, category) -> (IKM, IKM with an NIB), counted like the figures (closed businesses left out)."""
    attribute = {"sektor": "sector", "skala": "scale", "pasar": "market_reach"}[dimension]
    table: dict[tuple[str, str], list[int]] = {}
    keep = Filters().keep
    for c in cells_for_regency(regency_code):
        if keep(c):
            entry = table.setdefault((c.area, getattr(c, attribute)), [0, 0])
            entry[0] += c.n
            entry[1] += c.n_nib
    return {key: (n, nib) for key, (n, nib) in table.items()}


@cache_control(public=True, max_age=3600)
def download_view(request, dataset: str, fmt: str):
    if dataset not in DATASETS or fmt not in ("csv", "json"):
        raise Http404(_("Data terbuka ini tidak ada. Lihat daftar di /data/."))
    rows = dataset_rows(dataset)
    filename = f"{dataset}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "json":
        body = json.dumps(
            {
                "dataset": dataset,
                "judul": DATASETS[dataset]["title"],
                "wilayah": home.regency_code(),
                "tanggal": timezone.localdate().isoformat(),
                "catatan": _('Sel berisi 1 atau 2 IKM ditampilkan sebagai "<3".'),
                "data": rows,
            },
            ensure_ascii=False,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()) if rows else list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@cache_control(public=True, max_age=3600)
def dictionary_view(request):
    return render(
        request,
        "dashboard/open_data.html",
        {"datasets": DATASETS, "columns": COLUMNS, "figures": FIGURES},
    )
