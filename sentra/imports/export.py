"""Export the registry (or any filtered list) to xlsx or csv; the blank import template; the errors
workbook. Text that a spreadsheet would run as a formula is neutralised; personal data only when allowed."""

import csv
import functools
import io
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape as xml_escape

import xlsxwriter
from django.utils.translation import get_language

from sentra.imports.columns import FIELDS
from sentra.imports.normalize import neutralize, text
from sentra.registry.models import Business, Permit
from sentra.registry.validators import display_phone, mask_nik


@functools.lru_cache(maxsize=64)
def _labels(field: str, language: str) -> dict:
    return {value: str(label) for value, label in Business._meta.get_field(field).flatchoices}


def _label(b, field: str):
    """get_FOO_display() without rebuilding the choices on every call (a third of a large export's time);
    the labels of the export's language ride on each row as `export_labels`."""
    value = getattr(b, field)
    return b.export_labels[field].get(value, value)


_PHONE_TEMPLATES: dict[tuple[str, int], str | None] = {}


def _phone(e164: str) -> str:
    """display_phone, with the grouping learnt once per prefix and length (phonenumbers' parse and format
    cost as much as the rest of a row): the national format only depends on the leading digits and length."""
    if not e164:
        return ""
    key = (e164[:9], len(e164))
    if key not in _PHONE_TEMPLATES:
        shown = display_phone(e164)
        digits = "0" + e164[3:] if e164.startswith("+62") else None
        ok = digits is not None and "".join(ch for ch in shown if ch.isdigit()) == digits
        _PHONE_TEMPLATES[key] = "".join("#" if ch.isdigit() else ch for ch in shown) if ok else None
        return shown
    template = _PHONE_TEMPLATES[key]
    if template is None:
        return display_phone(e164)
    digits = iter("0" + e164[3:])
    return "".join(next(digits) if ch == "#" else ch for ch in template)


# (header, getter, personal?)
COLUMNS = [
    ("ID", lambda b: b.pk, False),
    ("Nama Usaha", lambda b: b.name, False),
    ("Nama Pemilik", lambda b: b.owner.name, False),
    ("NIK Pemilik", lambda b: b.owner.nik, True),
    ("NIB", lambda b: b.export_nib, False),
    ("No. HP/WA", lambda b: _phone(b.phone), True),
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
    ("Skala", lambda b: _label(b, "scale"), False),
    ("Kapasitas", lambda b: b.monthly_capacity, False),
    ("Satuan", lambda b: b.capacity_unit, False),
    ("Pemasaran", lambda b: _label(b, "market_reach"), False),
    ("Status", lambda b: _label(b, "status"), False),
    ("Tanggal Terdaftar", lambda b: b.registered_on.strftime("%d/%m/%Y") if b.registered_on else "", False),
]


EXPORT_PAGE = 2000


def columns_for(personal: bool, full_nik: bool = False):
    """The export's columns. Personal columns only with `personal`; the NIK masked (3522********0001) unless
    `full_nik` — which the callers allow only to a role that may reveal NIKs, with a stated purpose, logged."""
    cols = [c for c in COLUMNS if personal or not c[2]]
    if not full_nik:
        cols = [("NIK Pemilik", lambda b: mask_nik(b.owner.nik), True) if c[0] == "NIK Pemilik" else c for c in cols]
    return cols


def export_rows(queryset, *, personal: bool, full_nik: bool = False):
    """Header, then one list per business; text cells neutralised against formula injection."""
    cols = columns_for(personal, full_nik)
    yield [c[0] for c in cols]
    qs = queryset.select_related("owner", "sector", "kbli", "district", "village").order_by("pk")
    labels = {field: _labels(field, get_language()) for field in ("scale", "market_reach", "status")}
    last = None
    while True:
        # keyset pages (pk > last): each page costs the same however deep into a large registry it is
        page = list((qs if last is None else qs.filter(pk__gt=last))[:EXPORT_PAGE])
        if not page:
            return
        last = page[-1].pk
        nibs = dict(
            Permit.objects.filter(kind=Permit.Kind.NIB, business__in=[b.pk for b in page]).values_list(
                "business_id", "number"
            )
        )
        for business in page:
            business.export_nib = nibs.get(business.pk, "")
            business.export_labels = labels
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


# --- Streaming for the web: the first bytes leave at once, memory stays flat at any registry size -------

STREAM_ROWS = 500  # rows per chunk handed to the server


def stream_csv(rows):
    """CSV bytes (UTF-8 with BOM, for Excel) a chunk of rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff".encode()
    for n, row in enumerate(rows, start=1):
        writer.writerow(row)
        if n % STREAM_ROWS == 0 or n == 1:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


class _Drain:
    """A write-only, unseekable file for zipfile: what is written waits here until the generator takes it."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell(ref: str, value, style: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    text_value = xml_escape(_XML_ILLEGAL.sub("", str(value)))
    return f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{text_value}</t></is></c>'


def stream_xlsx(rows, sheet_name="IKM"):
    """An xlsx workbook (one sheet, inline strings, bold header) written as a zip stream: rows go out as
    they are read, so the first bytes leave at once and memory stays flat (XlsxWriter can only hand the
    file over once it is complete)."""
    drain = _Drain()
    with zipfile.ZipFile(drain, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5) as workbook:
        for name, content in _XLSX_PARTS.items():
            workbook.writestr(name, content)
        workbook.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{xml_escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        yield drain.take()
        with workbook.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                b'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>'
            )
            letters: list[str] = []
            part: list[str] = []
            for r, row in enumerate(rows, start=1):
                while len(letters) < len(row):
                    letters.append(_column_letter(len(letters)))
                style = ' s="1"' if r == 1 else ""
                cells = "".join(_cell(f"{letters[c]}{r}", value, style) for c, value in enumerate(row))
                part.append(f'<row r="{r}">{cells}</row>')
                if len(part) >= STREAM_ROWS or r == 1:
                    sheet.write("".join(part).encode("utf-8"))
                    part.clear()
                    chunk = drain.take()
                    if chunk:
                        yield chunk
            sheet.write(("".join(part) + "</sheetData></worksheet>").encode("utf-8"))
    yield drain.take()


def export_registry(queryset, path_or_stream, fmt: str, *, personal: bool, full_nik: bool = False):
    rows = export_rows(queryset, personal=personal, full_nik=full_nik)
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


def export_logged(*, user, queryset, personal: bool, full_nik: bool, purpose: str, filters: str, via: str):
    """Every export that carries personal data leaves a trace: who, when (the log's time), which filter, how
    many records, whether NIKs were in full and why. Returns the number of records."""
    from sentra.accounts.services import personal_data_logged

    rows = queryset.count()
    if personal:
        nik = "NIK lengkap" if full_nik else "NIK disamarkan"
        what = f"Ekspor registri ({via}, {nik}); saringan: {filters or 'semua'}"
        if purpose:
            what += f"; tujuan: {purpose}"
        personal_data_logged(user=user, kind="export", what=what, rows=rows)
    return rows
