"""Open data: aggregates per kecamatan × breakdown as CSV and JSON, with small cells suppressed.

A count of 1 or 2 in a cross-tabulation would describe one or two businesses, so it is published as
"<3"; when a row or column then has exactly one hidden cell (which its published total would reveal),
the next smallest cell of that line is hidden too. Never any personal data: only counts.
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
from sentra.metrics.figures import FIGURES, Filters, regency_statistics
from sentra.regions import home
from sentra.registry.models import Business, Sector

SMALL = 3
HIDDEN = "<3"

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
    "jumlah_ikm": "Jumlah IKM tidak tutup (definisi angka “Jumlah IKM”). “<3” = 1 atau 2 IKM, atau "
    "disembunyikan agar sel kecil lain tidak dapat dihitung dari jumlahnya.",
    "ikm_bernib": "Jumlah IKM yang memiliki NIB (hanya pada data per sektor). “<3” bila jumlahnya atau "
    "jumlah IKM tanpa NIB di sel itu 1 atau 2, atau sel jumlah_ikm disembunyikan.",
}


def _categories(dimension: str) -> list[tuple[str, str]]:
    if dimension == "sektor":
        return [(s.code, s.name) for s in Sector.objects.all()]
    if dimension == "skala":
        return [(c, str(label)) for c, label in Business.Scale.choices if c != Business.Scale.BESAR]
    return [(c, str(label)) for c, label in Business.MarketReach.choices]


def _filters(dimension: str, code: str) -> Filters:
    return {
        "sektor": Filters(sector=code),
        "skala": Filters(scale=code),
        "pasar": Filters(market_reach=code),
    }[dimension]


def suppress(table: dict[tuple[str, str], int]) -> set[tuple[str, str]]:
    """Keys of cells to hide: primary (0 < n < 3) plus complementary cells in rows and columns."""
    hidden = {key for key, n in table.items() if 0 < n < SMALL}
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            lines: dict[str, list[tuple[str, str]]] = {}
            for key in table:
                lines.setdefault(key[axis], []).append(key)
            for keys in lines.values():
                if sum(1 for k in keys if k in hidden) == 1:
                    visible = sorted((table[k], k) for k in keys if k not in hidden)
                    if visible:
                        hidden.add(visible[0][1])
                        changed = True
    return hidden


def dataset_rows(name: str, regency_code: str | None = None) -> list[dict]:
    """The published rows of one dataset; every count comes from regency_statistics()."""
    spec = DATASETS[name]
    code = regency_code or home.regency_code()
    cells = cells_for_regency(code)
    table, nib, names = {}, {}, {}
    categories = _categories(spec["dimension"])
    for cat_code, _label in categories:
        stats = regency_statistics(code, _filters(spec["dimension"], cat_code), cells=cells)
        for row in stats["by_district"]:
            table[(row["code"], cat_code)] = row["count"]
            nib[(row["code"], cat_code)] = row["with_nib"]
            names[row["code"]] = row["name"]
    hidden = suppress(table)
    rows = []
    for district_code, district_name in names.items():
        for cat_code, label in categories:
            key = (district_code, cat_code)
            row = {
                "kode_kecamatan": district_code,
                "kecamatan": district_name,
                "kode_kategori": cat_code,
                "kategori": label,
                "jumlah_ikm": HIDDEN if key in hidden else table[key],
            }
            if spec["with_nib"]:
                n, k = table[key], nib[key]
                small = 0 < k < SMALL or 0 < n - k < SMALL
                row["ikm_bernib"] = HIDDEN if key in hidden or small else k
            rows.append(row)
    return rows


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
        {"datasets": DATASETS, "columns": COLUMNS, "figures": FIGURES, "small": SMALL},
    )
