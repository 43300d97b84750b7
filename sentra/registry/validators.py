"""Identifier validation and normalisation (NIB, NIK, phone) with Indonesian messages.

Each `normalize_*` takes what people type and returns the stored form, or raises
ValidationError with a message a council's staff can act on. Formats:
../shared/refdata/FORMATS.md (copied facts in the docstrings below).
"""

import datetime as dt
import re
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError

SEPARATORS_RE = re.compile(r"[\s.\-/]")


def _digits_only(value, label: str) -> str:
    """Remove spaces, dots, dashes and slashes; numbers typed as numbers (1.23E+12, 123.0) are refused
    elsewhere — here a float-looking '1234567890123.0' from a spreadsheet is accepted."""
    text = str(value).strip()
    if re.fullmatch(r"\d+\.0", text):
        text = text[:-2]
    cleaned = SEPARATORS_RE.sub("", text)
    if not cleaned.isdigit():
        raise ValidationError(f"{label} hanya boleh berisi angka (ditulis: “{text}”).", code="not_digits")
    return cleaned


def normalize_nib(value) -> str:
    """NIB: exactly 13 digits, random, no check digit. Spaces and dots accepted on input, stored bare."""
    digits = _digits_only(value, "NIB")
    if len(digits) != 13:
        raise ValidationError(f"NIB harus tepat 13 angka; yang ditulis {len(digits)} angka.", code="nib_length")
    return digits


@dataclass
class NikInfo:
    nik: str
    region_code: str  # 6 digits: province, regency, kecamatan
    birth_date: dt.date
    female: bool
    serial: str


def parse_nik(value, today: dt.date | None = None) -> NikInfo:
    """NIK: 16 digits PP KK CC DDMMYY SSSS; women have day + 40; serial 0000 is invalid."""
    digits = _digits_only(value, "NIK")
    if len(digits) != 16:
        raise ValidationError(f"NIK harus tepat 16 angka; yang ditulis {len(digits)} angka.", code="nik_length")
    day, month, year2 = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    female = day > 40
    if female:
        day -= 40
    today = today or dt.date.today()
    # The century is inferred: a birth year after this year must be last century.
    year = 2000 + year2 if 2000 + year2 <= today.year else 1900 + year2
    try:
        birth = dt.date(year, month, day)
    except ValueError:
        raise ValidationError(
            f"NIK {digits[:6]}…: bagian tanggal lahir ({digits[6:12]}) bukan tanggal yang ada "
            "(untuk perempuan tanggal ditambah 40).",
            code="nik_date",
        ) from None
    if birth > today:
        raise ValidationError("NIK: tanggal lahir di masa depan.", code="nik_date")
    serial = digits[12:]
    if serial == "0000":
        raise ValidationError("NIK: empat angka terakhir (nomor urut) tidak boleh 0000.", code="nik_serial")
    if digits[:2] == "00" or digits[2:4] == "00":
        raise ValidationError("NIK: kode provinsi/kabupaten di awal NIK tidak sah.", code="nik_region")
    return NikInfo(nik=digits, region_code=digits[:6], birth_date=birth, female=female, serial=serial)


def normalize_nik(value) -> str:
    return parse_nik(value).nik


def nik_region_warning(nik: str) -> str:
    """A NIK keeps the kecamatan code it was issued under, so an unknown code is only a warning."""
    from sentra.regions.models import District

    code = f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"
    if District.objects.filter(code=code).exists():
        return ""
    from sentra.regions.models import Regency

    if Regency.objects.filter(code=code[:5]).exists():
        return f"Kode kecamatan {code} pada NIK tidak ada dalam daftar sekarang (mungkin kecamatan lama)."
    return ""


def normalize_phone(value) -> str:
    """Indonesian numbers stored as E.164 (+62…): 0812-3456-7890, +62 812 …, 62812…, 812… (lost leading 0)."""
    text = str(value).strip()
    if re.fullmatch(r"\d+\.0", text):
        text = text[:-2]
    compact = re.sub(r"[\s.\-()/]", "", text)
    if not re.fullmatch(r"\+?\d+", compact):
        raise ValidationError(f"Nomor telepon “{text}” mengandung huruf atau tanda yang tidak dikenal.", code="phone")
    if compact.startswith("+"):
        candidate = compact
    elif compact.startswith("62"):
        candidate = "+" + compact
    elif compact.startswith("0"):
        candidate = "+62" + compact[1:]
    elif compact.startswith("8"):  # typed as a number, the leading 0 was lost
        candidate = "+62" + compact
    else:
        raise ValidationError(f"Nomor telepon “{text}” tidak dikenali; tulis seperti 0812-3456-7890.", code="phone")
    try:
        parsed = phonenumbers.parse(candidate, "ID")
    except phonenumbers.NumberParseException:
        raise ValidationError(f"Nomor telepon “{text}” tidak dikenali.", code="phone") from None
    if parsed.country_code != 62 or not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            f"Nomor telepon “{text}” bukan nomor Indonesia yang sah (contoh: 0812-3456-7890).", code="phone"
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def is_mobile(e164: str) -> bool:
    parsed = phonenumbers.parse(e164, "ID")
    return phonenumbers.number_type(parsed) in {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }


def whatsapp_link(e164: str, text: str = "") -> str:
    from urllib.parse import quote

    link = f"https://wa.me/{e164.lstrip('+')}"
    return f"{link}?text={quote(text)}" if text else link


def display_phone(e164: str) -> str:
    """+6281234567890 → 0812-3456-7890 (national format people recognise)."""
    if not e164:
        return ""
    parsed = phonenumbers.parse(e164, "ID")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL).replace(" ", "-")


def mask_nik(nik: str) -> str:
    """3522********0001"""
    if not nik:
        return ""
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


def mask_phone(e164: str) -> str:
    shown = display_phone(e164)
    return shown[:4] + "-****-" + shown[-3:] if shown else ""


PERMIT_DOCUMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png"}
PERMIT_DOCUMENT_MAX_BYTES = 5 * 1024 * 1024


def validate_permit_document(upload) -> None:
    """Permit scans: PDF, JPG or PNG up to 5 MB."""
    name = (getattr(upload, "name", "") or "").lower()
    if not any(name.endswith(ext) for ext in PERMIT_DOCUMENT_TYPES):
        raise ValidationError("Dokumen izin harus berupa PDF, JPG atau PNG.", code="document_type")
    if getattr(upload, "size", 0) > PERMIT_DOCUMENT_MAX_BYTES:
        raise ValidationError("Dokumen izin paling besar 5 MB.", code="document_size")
