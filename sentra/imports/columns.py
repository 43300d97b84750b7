"""Which column holds what: Indonesian header names with their usual variants, and finding the header
row below title rows and merged title cells."""

import re
import unicodedata

from rapidfuzz import fuzz, process

# field → (label shown in the mapping screen, header variants as people write them)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("Nama usaha", ("nama usaha", "nama ikm", "nama usaha/ikm", "nama usaha ikm", "nama perusahaan",
                            "nama umkm", "nama ukm", "usaha", "nama industri", "nama unit usaha")),
    "owner_name": ("Nama pemilik", ("nama pemilik", "pemilik", "nama pelaku usaha", "pelaku usaha",
                                    "nama pengusaha", "pemilik usaha")),
    "nik": ("NIK pemilik", ("nik", "nik pemilik", "no ktp", "nomor ktp", "no. ktp", "nik/ktp")),
    "nib": ("NIB", ("nib", "no nib", "nomor nib", "nomor induk berusaha", "no. nib")),
    "phone": ("No. HP/WA", ("no hp", "no. hp", "no. hp/wa", "no hp/wa", "hp", "hp/wa", "wa", "telp", "telp.",
                            "telepon", "no telp", "no. telp", "no telepon", "nomor hp", "kontak", "no wa")),
    "email": ("E-mail", ("email", "e-mail", "surel")),
    "address": ("Alamat", ("alamat", "alamat usaha", "alamat lengkap", "jalan", "alamat pemilik")),
    "village": ("Desa/kelurahan", ("desa/kel.", "desa/kel", "desa", "kelurahan", "desa/kelurahan", "kel/desa",
                                   "desa / kelurahan", "ds", "kel.")),
    "district": ("Kecamatan", ("kecamatan", "kec", "kec.", "nama kecamatan")),
    "sector": ("Sektor/jenis industri", ("jenis industri", "sektor", "cabang industri", "jenis usaha",
                                         "bidang usaha", "kelompok industri", "sektor industri")),
    "kbli": ("KBLI", ("kbli", "kode kbli", "kbli 2020")),
    "products": ("Produk utama", ("produk", "produk utama", "jenis produk", "komoditi", "komoditas",
                                  "nama produk", "hasil produksi")),
    "workers_total": ("Tenaga kerja (jumlah)", ("tenaga kerja", "jml tk", "jumlah tk", "jumlah tenaga kerja",
                                                "tk", "jml tenaga kerja", "tenaga kerja (orang)")),
    "workers_lp": ("Tenaga kerja L/P", ("tk l/p", "tenaga kerja l/p", "tk (l/p)", "l/p")),
    "workers_male": ("Tenaga kerja laki-laki", ("tk l", "tk laki-laki", "tenaga kerja laki-laki", "tk pria")),
    "workers_female": ("Tenaga kerja perempuan", ("tk p", "tk perempuan", "tenaga kerja perempuan", "tk wanita")),
    "workers_unknown": ("Tenaga kerja L/P tidak dirinci", ("tk tidak dirinci", "tk l/p tidak dirinci",
                                                           "tenaga kerja l/p tidak dirinci")),
    "founded_year": ("Tahun berdiri", ("tahun berdiri", "th. berdiri", "th berdiri", "thn berdiri",
                                       "tahun mulai usaha", "berdiri sejak", "tahun")),
    "annual_sales": ("Omzet per tahun (Rp)", ("omzet", "omset", "omzet per tahun", "omzet/tahun",
                                              "omset per tahun", "omzet (rp)", "nilai penjualan")),
    "capital": ("Modal usaha (Rp)", ("modal", "modal usaha", "nilai investasi", "investasi", "modal (rp)")),
    "monthly_capacity": ("Kapasitas per bulan", ("kapasitas", "kapasitas produksi", "kapasitas per bulan",
                                                 "kapasitas/bulan", "kap. produksi")),
    "capacity_unit": ("Satuan kapasitas", ("satuan", "satuan kapasitas")),
    "market_reach": ("Pemasaran", ("pemasaran", "jangkauan pasar", "wilayah pemasaran", "daerah pemasaran",
                                   "pasar")),
    "export": ("Ekspor (ya/tidak)", ("ekspor", "ekspor?", "sudah ekspor")),
    "active": ("Masih aktif (ya/tidak)", ("aktif", "masih aktif", "status aktif")),
    "registered_on": ("Tanggal terdaftar", ("tanggal terdaftar", "tgl terdaftar", "tanggal daftar", "tgl daftar",
                                            "tanggal pendataan", "tgl pendataan")),
}
IGNORE = ""  # mapping value for a column that is not imported
FIELD_CHOICES = [(IGNORE, "— jangan diimpor —")] + [(key, label) for key, (label, _) in FIELDS.items()]
HEADER_SCAN_ROWS = 30
FUZZY_ACCEPT = 90


def header_key(text) -> str:
    """'No. HP/WA ' → 'nohpwa'."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", text)


ALIASES: dict[str, str] = {}
for _field, (_label, _variants) in FIELDS.items():
    for _variant in (_label, *_variants):
        ALIASES.setdefault(header_key(_variant), _field)


def field_for_header(text) -> str:
    key = header_key(text)
    if not key or key in {"no", "nomor", "nourut"}:
        return IGNORE
    if key in ALIASES:
        return ALIASES[key]
    match = process.extractOne(key, list(ALIASES), scorer=fuzz.ratio, score_cutoff=FUZZY_ACCEPT)
    return ALIASES[match[0]] if match else IGNORE


def propose_mapping(headers: list[str], saved: dict | None = None) -> dict[int, str]:
    """Column index → field. A saved mapping (header key → field) wins; each field is used once."""
    mapping: dict[int, str] = {}
    used: set[str] = set()
    for index, header in enumerate(headers):
        key = header_key(header)
        field = saved.get(key, IGNORE) if saved and key in saved else field_for_header(header)
        if field and field not in used:
            mapping[index] = field
            used.add(field)
    return mapping


def find_header(rows, known_keys=frozenset()) -> tuple[int, list[str]] | None:
    """From the first rows (row number, values), the one that looks most like the header: most cells
    that are known header names. Title rows and merged title cells have one filled cell and lose."""
    best = None
    best_score = 1  # need at least two known headers
    for number, values in rows:
        cells = [str(v).strip() if v is not None else "" for v in values]
        score = len({field_for_header(c) for c in cells if c} - {IGNORE})
        score += sum(1 for c in cells if c and field_for_header(c) == IGNORE and header_key(c) in known_keys)
        if score > best_score:
            best, best_score = (number, cells), score
    return best
