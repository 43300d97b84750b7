"""Turn what people type into spreadsheets into stored values. Every cleaner takes a raw cell value
(str, int, float, date, bool, None) and returns the value or raises ValueError with an Indonesian message."""

import datetime as dt
import re

EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's 1900 date system (with its 1900 leap-year bug folded in)
YES = {"ya", "y", "yes", "iya", "ada", "sudah", "benar", "true", "1", "v", "√", "✓", "aktif", "punya", "sdh"}
NO = {"tidak", "tdk", "t", "no", "n", "belum", "blm", "tidak ada", "tdk ada", "bukan", "false", "0", "-", "x",
      "tidak aktif", "nonaktif", "non aktif", "tutup"}
MULTIPLIERS = {"rb": 1_000, "ribu": 1_000, "jt": 1_000_000, "juta": 1_000_000, "m": 1_000_000_000,
               "miliar": 1_000_000_000, "milyar": 1_000_000_000, "t": 1_000_000_000_000, "triliun": 1_000_000_000_000}
SECTOR_WORDS = {
    "food_beverage": ("makanan", "minuman", "mamin", "pangan", "kuliner", "olahan", "makanan & minuman",
                      "makanan dan minuman", "food", "beverage"),
    "craft": ("kerajinan", "kriya", "batik", "anyaman", "tenun", "ukir", "gerabah", "craft", "handicraft",
              "kayu", "bambu", "rotan", "sulam", "bordir", "konveksi", "fashion", "mebel"),
}
REACH_WORDS = [  # widest first: "Lokal, Nasional" is national
    ("export", ("ekspor", "export", "internasional", "luar negeri", "mancanegara")),
    ("national", ("nasional", "luar provinsi", "antar provinsi", "indonesia", "luar jawa", "national")),
    ("regional", ("regional", "provinsi", "jawa timur", "jatim", "antar kabupaten", "luar kabupaten",
                  "luar kota", "antar kota")),
    ("local", ("lokal", "local", "kabupaten", "kecamatan", "desa", "setempat", "dalam kota", "sekitar")),
]


def text(value) -> str:
    if value.__class__ is str:  # nearly every cell: the fast path first
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def identifier_text(value, label: str, digits: int) -> str:
    """An NIB/NIK typed as a number comes as a float; Excel keeps only 15 significant digits."""
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{label} “{value}” bukan bilangan bulat.")
        if value >= 1e15 and digits > 15:
            raise ValueError(
                f"{label} tertulis sebagai angka ({int(value)}), sehingga Excel sudah membulatkan angka "
                "terakhirnya. Format kolom sebagai Teks lalu ketik ulang."
            )
        return str(int(value))
    return text(value)


def amount(value) -> int | None:
    """1.250.000 · Rp 1.250.000,00 · 1,250,000 · 1,5 juta · 2 M · 1250000 → int rupiah."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("berisi ya/tidak, bukan angka.")
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError(f"“{text(value)}” tidak boleh negatif.")
        return round(value)
    raw = " ".join(str(value).split())
    s = raw.lower().replace("rp.", "").replace("rp", "").replace(" ", "")
    if s in {"", "-"}:
        return None
    factor = 1
    m = re.fullmatch(r"([\d.,]+)([a-z]+)", s)
    if m and m.group(2) in MULTIPLIERS:
        s, factor = m.group(1), MULTIPLIERS[m.group(2)]
    if s.startswith("-"):
        raise ValueError(f"“{raw}” tidak boleh negatif.")
    if not re.fullmatch(r"\d[\d.,]*", s):
        raise ValueError(f"“{raw}” bukan angka (contoh: 1.250.000).")
    if "," in s and "." in s:
        # the later one is the decimal mark: 1.250.000,50 (Indonesian) or 1,250,000.50 (English)
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        s = s.replace(thousands, "").replace(decimal, ".")
    elif "," in s:
        parts = s.split(",")
        s = s.replace(",", "") if len(parts) > 2 or len(parts[1]) == 3 and factor == 1 else s.replace(",", ".")
    elif "." in s:
        parts = s.split(".")
        if len(parts) > 2 or len(parts[1]) == 3 and factor == 1:
            s = s.replace(".", "")  # Indonesian thousands separator
    try:
        return round(float(s) * factor)
    except ValueError:
        raise ValueError(f"“{raw}” bukan angka (contoh: 1.250.000).") from None


def count(value) -> int | None:
    number = amount(value)
    if number is None:
        return None
    if number > 2_000_000_000:
        raise ValueError(f"“{text(value)}” terlalu besar.")
    return number


def year(value, today: dt.date | None = None) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        result = value.year
    else:
        raw = text(value)
        if not re.fullmatch(r"\d{4}", raw):
            raise ValueError(f"“{raw}” bukan tahun (contoh: 2015).")
        result = int(raw)
    from django.core.exceptions import ValidationError

    from sentra.registry.rules import check_founded_year, message

    try:  # the same rule as the forms
        return check_founded_year(result, today)
    except ValidationError as exc:
        raise ValueError(message(exc)) from None


def date(value) -> dt.date | None:
    """A date cell, an Excel serial (45200), or dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    if re.fullmatch(r"\d{4,5}(\.0+)?", raw):
        serial = int(float(raw))
        if 1 <= serial <= 80000:
            return EXCEL_EPOCH + dt.timedelta(days=serial)
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", raw)
    if m:
        day, month, yr = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", raw)
        if not m:
            raise ValueError(f"“{raw}” bukan tanggal (tulis seperti 17/08/2020).")
        yr, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return dt.date(yr, month, day)
    except ValueError:
        raise ValueError(f"“{raw}” bukan tanggal yang ada.") from None


def yes_no(value) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    word = text(value).lower().strip(" .!")
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError(f"“{text(value)}” bukan jawaban ya/tidak.")


def sector(value, known: dict[str, str]) -> str | None:
    """'Makanan', 'Mamin', 'Makanan & Minuman' → food_beverage; 'Kerajinan', 'Kriya', 'Batik' → craft.
    `known`: lower-case sector code/name → code (from the Sector table)."""
    word = text(value).lower()
    if not word:
        return None
    if word in known:
        return known[word]
    tokens = set(re.findall(r"[a-z]+", word))
    for code, words in SECTOR_WORDS.items():
        if word in words or tokens & {w for w in words if " " not in w}:
            return code
    raise ValueError(f"Sektor “{text(value)}” tidak dikenali; tulis Makanan/Minuman atau Kerajinan.")


def market_reach(value) -> str | None:
    word = text(value).lower()
    if not word:
        return None
    for code, words in REACH_WORDS:
        if any(w in word for w in words):
            return code
    raise ValueError(f"Pemasaran “{text(value)}” tidak dikenali; tulis Lokal, Regional, Nasional atau Ekspor.")


def workers_split(value) -> tuple[int, int] | None:
    """'3/2', '3 / 2', 'L 3 P 2', 'L:3, P:2' → (3, 2)."""
    raw = text(value)
    if not raw or raw == "-":
        return None
    m = re.fullmatch(r"(\d+)\s*/\s*(\d+)", raw)
    if not m:
        m = re.fullmatch(r"l\s*[:=]?\s*(\d+)\s*[,;/ ]\s*p\s*[:=]?\s*(\d+)", raw.lower())
    if not m:
        raise ValueError(f"“{raw}” tidak dapat dibaca; tulis laki-laki/perempuan, mis. 3/2.")
    return int(m.group(1)), int(m.group(2))


from sentra.registry.duplicates import name_key  # noqa: E402,F401  (business names compared loosely)


def neutralize(value):
    """Spreadsheet formula injection: text that begins with = + - @ (or a tab/CR) gets a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
