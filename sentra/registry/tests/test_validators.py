import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sentra.registry.validators import (
    display_phone,
    mask_nik,
    normalize_nib,
    normalize_phone,
    parse_nik,
    whatsapp_link,
)


@pytest.mark.parametrize(
    "raw, stored",
    [
        ("1234567890123", "1234567890123"),
        ("1234 5678 90123", "1234567890123"),
        ("1.234.567.890.123", "1234567890123"),
        ("0123456789012", "0123456789012"),  # leading zero kept
        ("1234567890123.0", "1234567890123"),  # spreadsheet number read as float text
    ],
)
def test_nib_accepts_spaces_and_dots_and_stores_bare(raw, stored):
    assert normalize_nib(raw) == stored


@pytest.mark.parametrize(
    "raw, message",
    [
        ("123456789012", "NIB harus tepat 13 angka; yang ditulis 12 angka."),
        ("12345678901234", "NIB harus tepat 13 angka; yang ditulis 14 angka."),
        ("12345ABC90123", "NIB hanya boleh berisi angka"),
    ],
)
def test_nib_refuses_wrong_length_or_letters_in_indonesian(raw, message):
    with pytest.raises(ValidationError) as exc:
        normalize_nib(raw)
    assert message in exc.value.messages[0]


def test_nik_male_and_female_birth_dates():
    male = parse_nik("3522011203850001", today=dt.date(2026, 1, 1))
    assert (male.birth_date, male.female, male.region_code) == (dt.date(1985, 3, 12), False, "352201")
    female = parse_nik("3522 0152 0399 0002", today=dt.date(2026, 1, 1))  # day 52 = 12 + 40
    assert (female.birth_date, female.female) == (dt.date(1999, 3, 12), True)
    young = parse_nik("3522011203050001", today=dt.date(2026, 1, 1))
    assert young.birth_date == dt.date(2005, 3, 12)


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ("352201120385000", "NIK harus tepat 16 angka"),
        ("3522013202850001", "bukan tanggal yang ada"),  # 32 Feb
        ("3522017202850001", "bukan tanggal yang ada"),  # female 30 Feb (70 - 40)
        ("3522013102850001", "bukan tanggal yang ada"),  # 31 Feb
        ("3522011213850001", "bukan tanggal yang ada"),  # month 13
        ("3522011203850000", "tidak boleh 0000"),
        ("0000011203850001", "tidak sah"),
    ],
)
def test_nik_refusals_are_indonesian(raw, fragment):
    with pytest.raises(ValidationError) as exc:
        parse_nik(raw, today=dt.date(2026, 1, 1))
    assert fragment in exc.value.messages[0]


@pytest.mark.parametrize(
    "raw",
    ["0812-3456-7890", "081234567890", "+62 812 3456 7890", "6281234567890", "812 3456 7890", "81234567890.0"],
)
def test_phone_forms_all_store_as_e164(raw):
    assert normalize_phone(raw) == "+6281234567890"


def test_landline_is_accepted_and_displayed_nationally():
    assert normalize_phone("(0353) 881234") == "+62353881234"
    assert display_phone("+6281234567890") == "0812-3456-7890"


@pytest.mark.parametrize("raw", ["12345", "0812-ABCD-7890", "+44 20 7946 0958", "0000"])
def test_phone_refusals(raw):
    with pytest.raises(ValidationError) as exc:
        normalize_phone(raw)
    assert "telepon" in exc.value.messages[0].lower()


def test_whatsapp_link_and_masks():
    assert whatsapp_link("+6281234567890", "Halo Dekranasda") == "https://wa.me/6281234567890?text=Halo%20Dekranasda"
    assert mask_nik("3522011203850001") == "3522********0001"
    assert mask_nik("") == ""
