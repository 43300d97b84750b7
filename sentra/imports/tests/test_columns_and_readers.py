import io
from pathlib import Path

import pytest

from sentra.imports.columns import field_for_header, find_header, propose_mapping
from sentra.imports.readers import ReadError, iter_rows
from sentra.imports.services import ImportFailed, read_table
from sentra.imports.tests.helpers import HEADER, row, write_csv, write_xlsx

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize(
    "header, field",
    [
        ("Nama Usaha", "name"), ("Nama IKM", "name"), ("Nama Usaha/IKM", "name"), ("Nama Pemilik", "owner_name"),
        ("NIK", "nik"), ("NIK Pemilik", "nik"), ("NIB", "nib"), ("No. HP", "phone"), ("No. HP/WA", "phone"),
        ("Telp", "phone"), ("Alamat", "address"), ("Desa/Kel.", "village"), ("Kecamatan", "district"),
        ("Jenis Industri", "sector"), ("Sektor", "sector"), ("Cabang Industri", "sector"), ("KBLI", "kbli"),
        ("Tenaga Kerja", "workers_total"), ("Jml TK", "workers_total"), ("TK L/P", "workers_lp"),
        ("Tahun Berdiri", "founded_year"), ("Th. Berdiri", "founded_year"), ("Omzet", "annual_sales"),
        ("Kapasitas", "monthly_capacity"), ("Pemasaran", "market_reach"), ("  NAMA   USAHA ", "name"),
        ("No", ""), ("Keterangan", ""),
    ],
)
def test_indonesian_header_variants(header, field):
    assert field_for_header(header) == field


def test_header_found_below_title_rows():
    rows = [(1, ["DATA IKM BOJONEGORO", "", ""]), (2, ["Per Oktober 2025"]), (3, []),
            (4, ["No", "Nama IKM", "Kecamatan", "Sektor"]), (5, [1, "Sari", "Dander", "Makanan"])]
    assert find_header(rows) == (4, ["No", "Nama IKM", "Kecamatan", "Sektor"])


def test_each_field_is_proposed_once():
    mapping = propose_mapping(["Nama Usaha", "Nama IKM", "Kecamatan"])
    assert mapping == {0: "name", 2: "district"}


def test_saved_mapping_wins_over_guess():
    mapping = propose_mapping(["Nama", "Kec"], saved={"nama": "name", "kec": "district"})
    assert mapping == {0: "name", 1: "district"}


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters(tmp_path, delimiter):
    path = write_csv(tmp_path / "a.csv", [HEADER, row(1, "Sari Rasa, Jaya")], delimiter=delimiter)
    table = read_table(path)
    assert table.header_row == 3
    assert table.mapping[1] == "name"
    rows = dict(iter_rows(path))
    assert rows[4][1] == "Sari Rasa, Jaya"


def test_csv_windows_1252_and_utf8_bom(tmp_path):
    cp = write_csv(tmp_path / "cp.csv", [HEADER, row(1, "Kue Bu Endá", owner="Sití")], encoding="cp1252")
    assert dict(iter_rows(cp))[4][1] == "Kue Bu Endá"
    bom = write_csv(tmp_path / "bom.csv", [HEADER, row(1, "Kue Bu Endá")], encoding="utf-8-sig", title=False)
    table = read_table(bom)
    assert table.headers[0] == "No" and table.header_row == 1


def test_xlsx_with_merged_title_cells(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, row(1, "Sari Rasa")])
    table = read_table(path)
    assert table.header_row == 4
    assert dict(iter_rows(path))[5][1] == "Sari Rasa"


@pytest.mark.parametrize("name", ["messy.xls", "messy.ods"])
def test_committed_xls_and_ods_fixtures(name):
    table = read_table(FIXTURES / name)
    assert table.header_row == 3
    assert [table.mapping[i] for i in (1, 2, 3, 4, 5, 6, 7, 8, 9)] == [
        "name", "owner_name", "nib", "phone", "village", "district", "sector", "workers_total", "annual_sales",
    ]


def test_unsupported_and_broken_files(tmp_path):
    with pytest.raises(ReadError, match="tidak didukung"):
        list(iter_rows(tmp_path / "a.pdf"))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(ImportFailed, match="tidak dapat dibaca"):
        read_table(broken)


def test_file_without_recognisable_header(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["a", "b"], ["1", "2"]])
    with pytest.raises(ImportFailed, match="Baris judul kolom tidak ditemukan"):
        read_table(path)


def _count_parses(monkeypatch):
    from sentra.imports import readers

    parses = []
    real = readers.CalamineWorkbook.from_path

    def counting(path):
        parses.append(path)
        return real(path)

    monkeypatch.setattr(readers.CalamineWorkbook, "from_path", counting)
    return parses


def test_a_workbook_is_parsed_once_inside_loaded_workbooks(tmp_path, monkeypatch):
    from sentra.imports.readers import loaded_workbooks, sheet_height

    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, row(1, "Satu"), row(2, "Dua")])
    parses = _count_parses(monkeypatch)
    with loaded_workbooks():
        height = sheet_height(path)
        rows = list(iter_rows(path))
        with loaded_workbooks():  # nested: still the same parse
            assert list(iter_rows(path)) == rows
    assert len(parses) == 1 and height == len(rows) == 6  # title, note, blank, header, two rows
    list(iter_rows(path))
    list(iter_rows(path))
    assert len(parses) == 3  # outside the block nothing is kept


def test_a_changed_workbook_is_parsed_again(tmp_path, monkeypatch):
    from sentra.imports.readers import loaded_workbooks

    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, row(1, "Satu")])
    parses = _count_parses(monkeypatch)
    with loaded_workbooks():
        before = list(iter_rows(path))
        write_xlsx(path, [HEADER, row(1, "Satu"), row(2, "Dua"), row(3, "Tiga")])
        after = list(iter_rows(path))
    assert len(parses) == 2 and len(after) == len(before) + 2


def test_the_import_command_parses_a_workbook_once(reference_data, tmp_path, monkeypatch):
    from django.core.management import call_command

    from sentra.registry.models import Business

    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, row(1, "Satu"), row(2, "Dua")])
    parses = _count_parses(monkeypatch)
    call_command("import_ikm", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert len(parses) == 1 and Business.objects.count() == 2


def test_library_messages_are_never_shown_raw(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 truncated zip without its directory")
    with pytest.raises(ImportFailed) as caught:
        read_table(broken)
    text = str(caught.value)
    assert "tidak dapat dibaca" in text and "simpan ulang" in text
    # nothing of the library's English text
    for raw in ("EOCD", "Zip archive", "invalid", "Could not", "Error"):
        assert raw not in text, text
