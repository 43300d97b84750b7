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
