"""Load a regency's kecamatan and desa/kelurahan from CSV files.

Two sources, same columns as ../shared/refdata:
- a regency file set `<prefix>_kecamatan.csv` (code,name), `<prefix>_desa.csv`
  (code,kecamatan_code,name,type,postal_code) and optionally
  `<prefix>_kecamatan_extra.csv` (bps_code, area, label point);
- the national lists in `data/indonesia/` (provinces, regencies, districts,
  villages), used when no file set is given: any of the 514 regencies loads by code.
Loading is idempotent (update_or_create by code) and runs in one transaction.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data"
NATIONAL_DIR = DATA_DIR / "indonesia"
# Regencies whose richer file sets (postal codes, areas, label points) ship with Sentra.
BUNDLED_FILE_SETS = {"35.22": DATA_DIR / "bojonegoro"}


@dataclass
class LoadResult:
    regency: str
    districts: int
    villages: int


class RegionDataError(Exception):
    pass


def _rows(path: Path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


def _national_row(filename: str, code: str) -> dict:
    for row in _rows(NATIONAL_DIR / filename):
        if row["code"] == code:
            return row
    raise RegionDataError(f"Kode {code} tidak ada di {filename}.")


def national_rows(filename: str) -> list[dict]:
    """All rows of one national list (provinces.csv, regencies.csv, districts.csv)."""
    return list(_rows(NATIONAL_DIR / filename))


def national_regency(code: str) -> dict | None:
    """The row of regencies.csv with this code (code, province_code, name), or None."""
    try:
        return _national_row("regencies.csv", code)
    except RegionDataError:
        return None


def load_regency(code: str, file_prefix: Path | None = None, models=None) -> LoadResult:
    """Load regency `code` (e.g. "33.20"). `models` lets a data migration pass historical models."""
    if models is None:
        from sentra.regions import models as live

        models = live
    Province, Regency, District, Village = models.Province, models.Regency, models.District, models.Village

    if file_prefix is None and code in BUNDLED_FILE_SETS:
        file_prefix = BUNDLED_FILE_SETS[code]

    regency_row = _national_row("regencies.csv", code)
    province_row = _national_row("provinces.csv", regency_row["province_code"])

    if file_prefix is not None:
        prefix = Path(file_prefix)
        kec_path = Path(f"{prefix}_kecamatan.csv")
        desa_path = Path(f"{prefix}_desa.csv")
        if not kec_path.exists() or not desa_path.exists():
            raise RegionDataError(f"Berkas {kec_path.name} atau {desa_path.name} tidak ditemukan.")
        district_rows = [{"code": r["code"], "name": r["name"]} for r in _rows(kec_path)]
        village_rows = [
            {
                "code": r["code"],
                "district_code": r["kecamatan_code"],
                "name": r["name"],
                "kind": r.get("type") or "",
                "postal_code": r.get("postal_code") or "",
            }
            for r in _rows(desa_path)
        ]
        extra_path = Path(f"{prefix}_kecamatan_extra.csv")
        extras = {r["code"]: r for r in _rows(extra_path)} if extra_path.exists() else {}
    else:
        district_rows = [r for r in _rows(NATIONAL_DIR / "districts.csv") if r["regency_code"] == code]
        district_codes = {r["code"] for r in district_rows}
        village_rows = [
            {**r, "kind": "", "postal_code": ""}
            for r in _rows(NATIONAL_DIR / "villages.csv")
            if r["district_code"] in district_codes
        ]
        extras = {}

    if not district_rows:
        raise RegionDataError(f"Tidak ada kecamatan untuk kabupaten/kota {code}.")
    known = {r["code"] for r in district_rows}
    for r in district_rows:
        if not r["code"].startswith(code + "."):
            raise RegionDataError(f"Kecamatan {r['code']} bukan bagian dari {code}.")
    for r in village_rows:
        if r["district_code"] not in known:
            raise RegionDataError(f"Desa {r['code']} merujuk kecamatan {r['district_code']} yang tidak ada.")

    with transaction.atomic():
        province, _ = Province.objects.update_or_create(
            code=province_row["code"], defaults={"name": province_row["name"]}
        )
        regency, _ = Regency.objects.update_or_create(
            code=code, defaults={"name": regency_row["name"], "province": province}
        )
        for r in district_rows:
            extra = extras.get(r["code"], {})
            District.objects.update_or_create(
                code=r["code"],
                defaults={
                    "regency": regency,
                    "name": r["name"],
                    "bps_code": extra.get("bps_code", ""),
                    "area_km2": extra.get("area_km2_approx") or None,
                    "label_lat": extra.get("label_lat") or None,
                    "label_lon": extra.get("label_lon") or None,
                },
            )
        existing = set(Village.objects.filter(district__regency=regency).values_list("code", flat=True))
        new, changed = [], []
        for r in village_rows:
            kind = r["kind"] or ("kelurahan" if r["code"].rsplit(".", 1)[-1].startswith("1") else "desa")
            obj = Village(
                code=r["code"],
                district_id=r["district_code"],
                name=r["name"],
                kind=kind,
                postal_code=r["postal_code"],
            )
            (changed if r["code"] in existing else new).append(obj)
        Village.objects.bulk_create(new, batch_size=1000)
        Village.objects.bulk_update(changed, ["district", "name", "kind", "postal_code"], batch_size=1000)
    return LoadResult(regency=code, districts=len(district_rows), villages=len(village_rows))
