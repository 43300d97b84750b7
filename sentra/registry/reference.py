"""Reference data of the registry: sectors and KBLI codes. Used by the data migration and by
tests that need it back after a transactional flush."""

import csv
from pathlib import Path

KBLI_CSV = Path(__file__).resolve().parent / "data" / "kbli2020_ikm_relevant.csv"
SECTORS = [
    ("food_beverage", "Makanan dan minuman", "Food and beverage", 1),
    ("craft", "Kerajinan", "Crafts", 2),
]
FOOD_GROUPS = {"10", "11"}  # KBLI golongan pokok 10 (makanan) and 11 (minuman)


def load_sectors_and_kbli(Sector, Kbli) -> None:
    for code, name, name_en, order in SECTORS:
        Sector.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en, "order": order})
    with open(KBLI_CSV, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            sector = "food_beverage" if row["golongan_pokok"] in FOOD_GROUPS else "craft"
            Kbli.objects.update_or_create(
                version="2020", code=row["kode"], defaults={"title": row["judul_kbli2020"], "sector_id": sector}
            )


# Sector lists as data: sectors/<regency code>.csv when a regency has its own, else sectors/default.csv.
# Columns: code, name, name_en, kbli (space-separated KBLI 2020 prefixes — a golongan pokok such as 13,
# or a full 5-digit code; "*" takes every code no other sector takes), demo_weight (share in the demo data).
SECTORS_DIR = Path(__file__).resolve().parent / "data" / "sectors"


def sector_file(regency_code: str) -> Path:
    own = SECTORS_DIR / f"{regency_code}.csv"
    return own if own.is_file() else SECTORS_DIR / "default.csv"


def sector_list(regency_code: str) -> list[dict]:
    """The sector list of a regency: [{code, name, name_en, order, kbli: [prefixes], demo_weight}]."""
    with open(sector_file(regency_code), encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [
        {
            "code": row["code"],
            "name": row["name"],
            "name_en": row["name_en"],
            "order": i + 1,
            "kbli": row["kbli"].split(),
            "demo_weight": float(row.get("demo_weight") or 1),
        }
        for i, row in enumerate(rows)
    ]


def sector_for_kbli(kbli_code: str, sectors: list[dict]) -> str:
    """The sector whose longest KBLI prefix matches the code; the "*" sector (or the last) otherwise."""
    best, best_len = None, -1
    for s in sectors:
        for prefix in s["kbli"]:
            if prefix != "*" and kbli_code.startswith(prefix) and len(prefix) > best_len:
                best, best_len = s["code"], len(prefix)
    if best is not None:
        return best
    return next((s["code"] for s in sectors if "*" in s["kbli"]), sectors[-1]["code"])


def sectors_load(regency_code: str, Sector=None, Kbli=None, Business=None) -> list[dict]:
    """Make the Sector table the regency's list and point every KBLI code at its sector. Sectors that
    are not on the list are removed when no business uses them (kept otherwise, so nothing is lost)."""
    if Sector is None:
        from sentra.registry.models import Business, Kbli, Sector
    sectors = sector_list(regency_code)
    for s in sectors:
        Sector.objects.update_or_create(
            code=s["code"], defaults={"name": s["name"], "name_en": s["name_en"], "order": s["order"]}
        )
    with open(KBLI_CSV, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            Kbli.objects.update_or_create(
                version="2020",
                code=row["kode"],
                defaults={"title": row["judul_kbli2020"], "sector_id": sector_for_kbli(row["kode"], sectors)},
            )
    codes = [s["code"] for s in sectors]
    used = set(Business.objects.values_list("sector_id", flat=True).distinct())
    Sector.objects.exclude(code__in=codes).exclude(code__in=used).delete()
    return sectors
