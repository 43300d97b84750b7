"""Small spreadsheets built inside the tests."""

import csv
from pathlib import Path

import xlsxwriter

HEADER = ["No", "Nama Usaha", "Nama Pemilik", "NIK", "NIB", "No. HP/WA", "Desa/Kel.", "Kecamatan", "Jenis Industri"]


def row(n, name, owner="Pemilik", nik="", nib="", phone="", desa="", kec="Dander", sector="Makanan"):
    return [n, name, owner, nik, nib, phone, desa, kec, sector]


def write_csv(path: Path, rows, *, delimiter=",", encoding="utf-8", title=True) -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        if title:
            writer.writerow(["DATA IKM KABUPATEN BOJONEGORO"])
            writer.writerow([])
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows, *, merged_title=True) -> Path:
    """Values are written with their Python type: ints/floats become number cells, as people type them."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    start = 0
    if merged_title:
        sheet.merge_range(0, 0, 0, max(len(r) for r in rows) - 1, "REKAP DATA IKM 2025")
        sheet.write(1, 0, "Sumber: Disperindag")
        start = 3
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for r, values in enumerate(rows, start=start):
        for c, value in enumerate(values):
            if hasattr(value, "year"):
                sheet.write_datetime(r, c, value, date_format)
            elif value not in ("", None):
                sheet.write(r, c, value)
    workbook.close()
    return path
