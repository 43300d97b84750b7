"""Export the registry (or any filtered list) to xlsx or csv; the blank import template; the errors
workbook. Text that a spreadsheet would run as a formula is neutralised; personal data only when allowed."""

import csv
import io

import xlsxwriter

from sentra.imports.columns import FIELDS
from sentra.imports.normalize import neutralize, text
from sentra.registry.models import Permit
from sentra.registry.validators import display_phone

# (header, getter, personal?)
COLUMNS = [
    ("ID", lambda b: b.pk, False),
    ("Nama Usaha", lambda b: b.name, False),
    ("Nama Pemilik", lambda b: b.owner.name, False),
    ("NIK Pemilik", lambda b: b.owner.nik, True),
    ("NIB", lambda b: b.export_nib, False),
    ("No. HP/WA", lambda b: display_phone(b.phone), True),
    ("Alamat", lambda b: b.address, True),
    ("Desa/Kel.", lambda b: b.village.name if b.village_id else "", False),
    ("Kecamatan", lambda b: b.district.name, False),
    ("Kode Kecamatan", lambda b: b.district_id, False),
    ("Sektor", lambda b: b.sector.name, False),
    ("KBLI", lambda b: b.kbli.code if b.kbli_id else "", False),
    ("Produk", lambda b: b.products, False),
    ("TK L", lambda b: b.workers_male, False),
    ("TK P", lambda b: b.workers_female, False),
    ("TK tidak dirinci", lambda b: b.workers_unknown, False),
    ("Tahun Berdiri", lambda b: b.founded_year, False),
    ("Modal", lambda b: b.capital, False),
    ("Omzet", lambda b: b.annual_sales, False),
    ("Skala", lambda b: b.get_scale_display(), False),
    ("Kapasitas", lambda b: b.monthly_capacity, False),
    ("Satuan", lambda b: b.capacity_unit, False),
    ("Pemasaran", lambda b: b.get_market_reach_display(), False),
    ("Status", lambda b: b.get_status_display(), False),
    ("Tanggal Terdaftar", lambda b: b.registered_on.strftime("%d/%m/%Y") if b.registered_on else "", False),
]


def columns_for(personal: bool):
    return [c for c in COLUMNS if personal or not c[2]]


def export_rows(queryset, *, personal: bool):
    """Header, then one list per business; text cells neutralised against formula injection."""
    cols = columns_for(personal)
    yield [c[0] for c in cols]
    nibs = {}
    qs = queryset.select_related("owner", "sector", "kbli", "district", "village").order_by("pk")
    for start in range(0, qs.count(), 2000):
        page = list(qs[start:start + 2000])
        nibs = dict(
            Permit.objects.filter(kind=Permit.Kind.NIB, business__in=page).values_list("business_id", "number")
        )
        for business in page:
            business.export_nib = nibs.get(business.pk, "")
            yield [neutralize(_plain(getter(business))) for _, getter, _ in cols]


def _plain(value):
    return "" if value is None else value


def write_csv(rows, stream):
    writer = csv.writer(stream)
    for row in rows:
        writer.writerow(row)


def write_xlsx(rows, target, sheet_name="IKM"):
    """target: a path or a binary file object. constant_memory streams rows to disk."""
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "in_memory": False})
    sheet = workbook.add_worksheet(sheet_name)
    bold = workbook.add_format({"bold": True})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(r, c, value, bold if r == 0 else None)
            elif value is None:
                continue
            else:
                sheet.write_number(r, c, value)
    workbook.close()


def export_registry(queryset, path_or_stream, fmt: str, *, personal: bool):
    rows = export_rows(queryset, personal=personal)
    if fmt == "csv":
        if isinstance(path_or_stream, (str, bytes)) or hasattr(path_or_stream, "__fspath__"):
            with open(path_or_stream, "w", encoding="utf-8-sig", newline="") as fh:
                write_csv(rows, fh)
        else:
            write_csv(rows, path_or_stream)
    else:
        write_xlsx(rows, path_or_stream)


TEMPLATE_HEADERS = [
    ("Nama Usaha", "name", "Wajib. Nama usaha/IKM."),
    ("Nama Pemilik", "owner_name", "Wajib. Nama pelaku usaha."),
    ("NIK Pemilik", "nik", "16 angka. Format kolom sebagai Teks agar angka tidak dibulatkan Excel."),
    ("NIB", "nib", "13 angka dari OSS, boleh dengan spasi atau titik."),
    ("No. HP/WA", "phone", "Mis. 0812-3456-7890 atau +62 812 3456 7890."),
    ("Alamat", "address", "Alamat usaha."),
    ("Desa/Kel.", "village", "Nama desa/kelurahan di kecamatan tersebut."),
    ("Kecamatan", "district", "Wajib. Nama kecamatan, mis. Dander."),
    ("Jenis Industri", "sector", "Wajib (atau KBLI). Makanan/Minuman atau Kerajinan (Kriya, Batik …)."),
    ("KBLI", "kbli", "Kode KBLI 2020, 5 angka."),
    ("Produk", "products", "Produk utama."),
    ("TK L/P", "workers_lp", "Tenaga kerja laki-laki/perempuan, mis. 3/2."),
    ("Tahun Berdiri", "founded_year", "Mis. 2015."),
    ("Modal", "capital", "Rupiah, mis. 25.000.000 (di luar tanah dan bangunan)."),
    ("Omzet", "annual_sales", "Rupiah per tahun, mis. 1.250.000 atau 1,5 juta."),
    ("Kapasitas", "monthly_capacity", "Kapasitas produksi per bulan (angka)."),
    ("Satuan", "capacity_unit", "Satuan kapasitas, mis. kg, pcs."),
    ("Pemasaran", "market_reach", "Lokal, Regional, Nasional atau Ekspor."),
    ("Aktif", "active", "Ya/Tidak."),
    ("Tanggal Terdaftar", "registered_on", "Tanggal, mis. 17/08/2020."),
]


def template_workbook() -> bytes:
    assert all(field in FIELDS for _, field, _ in TEMPLATE_HEADERS)
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    as_text = workbook.add_format({"num_format": "@"})
    data = workbook.add_worksheet("Data IKM")
    for c, (header, field, _) in enumerate(TEMPLATE_HEADERS):
        data.write_string(0, c, header, bold)
        data.set_column(c, c, 18, as_text if field in {"nik", "nib", "phone", "kbli"} else None)
    data.freeze_panes(1, 0)
    help_sheet = workbook.add_worksheet("Petunjuk")
    help_sheet.set_column(0, 0, 22)
    help_sheet.set_column(1, 1, 90)
    lines = [
        "Petunjuk pengisian daftar IKM untuk diimpor ke Sentra",
        "Isi satu baris per IKM pada lembar “Data IKM”, mulai baris 2. Judul kolom jangan diubah; kolom boleh "
        "dikosongkan kecuali yang wajib.",
        "Sentra juga menerima berkas dengan judul di atas baris judul kolom, dan nama kolom lain yang umum "
        "(mis. “Nama IKM”, “Jml TK”, “Telp”).",
        "Baris yang sama (NIB, NIK pemilik, atau nama usaha di desa yang sama) dihitung sebagai duplikat.",
        "",
    ]
    for r, line in enumerate(lines):
        help_sheet.write_string(r, 0, line, bold if r == 0 else None)
    start = len(lines)
    help_sheet.write_string(start, 0, "Kolom", bold)
    help_sheet.write_string(start, 1, "Cara mengisi", bold)
    for r, (header, _, hint) in enumerate(TEMPLATE_HEADERS, start=start + 1):
        help_sheet.write_string(r, 0, header)
        help_sheet.write_string(r, 1, hint)
    workbook.close()
    return out.getvalue()


def errors_workbook(path, name, report: dict) -> bytes:
    """The rows that had errors, as in the original file, plus a column saying what is wrong."""
    from sentra.imports.readers import iter_rows

    by_row: dict[int, list[str]] = {}
    for error in report.get("errors", []):
        by_row.setdefault(error["row"], []).append(f"{error['column']}: {error['message']}")
    header_row = report.get("header_row", 1)
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet("Perbaiki")
    bold = workbook.add_format({"bold": True})
    red = workbook.add_format({"font_color": "#C00000"})
    r = 0
    for number, values in iter_rows(path, name):
        if number == header_row:
            row = [text(v) for v in values] + ["Kesalahan (hapus kolom ini sebelum impor ulang)"]
            for c, value in enumerate(row):
                sheet.write_string(r, c, value, bold)
            r += 1
        elif number in by_row:
            for c, value in enumerate(values):
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    sheet.write_number(r, c, value)
                elif value not in (None, ""):
                    sheet.write_string(r, c, text(value))
            sheet.write_string(r, len(values), f"Baris {number}: " + " · ".join(by_row[number]), red)
            r += 1
    workbook.close()
    return out.getvalue()
