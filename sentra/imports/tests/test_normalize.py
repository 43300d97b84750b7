import datetime as dt

import pytest

from sentra.imports import normalize as norm


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1.250.000", 1_250_000),
        ("Rp 1.250.000,00", 1_250_000),
        ("Rp. 1.250.000,50", 1_250_000),
        ("1,250,000", 1_250_000),
        ("1,5 juta", 1_500_000),
        ("2 M", 2_000_000_000),
        ("750 rb", 750_000),
        (1250000.0, 1_250_000),
        (1250000, 1_250_000),
        ("", None),
        ("-", None),
    ],
)
def test_amounts_as_people_write_them(raw, expected):
    assert norm.amount(raw) == expected


@pytest.mark.parametrize("raw", ["seratus ribu", "12a", "-5000"])
def test_bad_amounts_say_why_in_indonesian(raw):
    with pytest.raises(ValueError, match="bukan angka|tidak boleh negatif"):
        norm.amount(raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        (dt.date(2020, 8, 17), dt.date(2020, 8, 17)),
        (dt.datetime(2020, 8, 17, 10, 0), dt.date(2020, 8, 17)),
        (44060, dt.date(2020, 8, 17)),  # Excel serial
        ("44060", dt.date(2020, 8, 17)),
        ("17/08/2020", dt.date(2020, 8, 17)),
        ("17-8-2020", dt.date(2020, 8, 17)),
        ("2020-08-17", dt.date(2020, 8, 17)),
    ],
)
def test_dates_as_serials_and_day_month_year(raw, expected):
    assert norm.date(raw) == expected


def test_impossible_date_is_refused():
    with pytest.raises(ValueError, match="bukan tanggal yang ada"):
        norm.date("31/02/2020")
    with pytest.raises(ValueError, match="bukan tanggal"):
        norm.date("kemarin")


@pytest.mark.parametrize("word", ["Ya", "y", "ADA", "sudah", "✓", True, 1])
def test_yes_words(word):
    assert norm.yes_no(word) is True


@pytest.mark.parametrize("word", ["Tidak", "tdk", "belum", "Tidak ada", "-", False, 0])
def test_no_words(word):
    assert norm.yes_no(word) is False


def test_unknown_yes_no_word():
    with pytest.raises(ValueError, match="bukan jawaban ya/tidak"):
        norm.yes_no("mungkin")


@pytest.mark.parametrize(
    "word, code",
    [
        ("Makanan", "food_beverage"),
        ("Minuman", "food_beverage"),
        ("Mamin", "food_beverage"),
        ("Makanan & Minuman", "food_beverage"),
        ("Kerajinan", "craft"),
        ("Kriya", "craft"),
        ("Batik", "craft"),
        ("Kerajinan Anyaman Bambu", "craft"),
    ],
)
def test_sector_words(word, code):
    assert norm.sector(word, {}) == code


def test_unknown_sector():
    with pytest.raises(ValueError, match="Sektor “Pertambangan” tidak dikenali"):
        norm.sector("Pertambangan", {})


def test_market_reach_takes_the_widest():
    assert norm.market_reach("Lokal, Nasional") == "national"
    assert norm.market_reach("Ekspor (Malaysia)") == "export"
    assert norm.market_reach("Jatim") == "regional"
    with pytest.raises(ValueError, match="Pemasaran"):
        norm.market_reach("online")


def test_workers_split():
    assert norm.workers_split("3/2") == (3, 2)
    assert norm.workers_split("L:3, P:2") == (3, 2)
    with pytest.raises(ValueError, match="laki-laki/perempuan"):
        norm.workers_split("banyak")


def test_identifier_typed_as_number():
    assert norm.identifier_text(1234567890123.0, "NIB", 13) == "1234567890123"
    with pytest.raises(ValueError, match="Excel sudah membulatkan"):
        norm.identifier_text(3522015708800001.0, "NIK", 16)


def test_formula_injection_is_neutralised():
    assert norm.neutralize("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert norm.neutralize("+62812") == "'+62812"
    assert norm.neutralize("-1") == "'-1"
    assert norm.neutralize("@SUM(A1)") == "'@SUM(A1)"
    assert norm.neutralize("Sari Rasa") == "Sari Rasa"
    assert norm.neutralize(-5) == -5


def test_name_key_ignores_case_punctuation_and_prefixes():
    assert norm.name_key("UD. Sari  Rasa") == norm.name_key("sari rasa") == "sarirasa"
