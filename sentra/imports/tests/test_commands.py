import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from python_calamine import CalamineWorkbook

from sentra.imports.tests.helpers import HEADER, row, write_csv
from sentra.registry.models import Business


def test_import_ikm_json_contract(reference_data, tmp_path):
    rows = [HEADER, row(1, "Sari Rasa"), row(2, "Sari Rasa"), row(3, "Salah", kec="Atlantis")]
    path = write_csv(tmp_path / "a.csv", rows)
    out = io.StringIO()
    call_command("import_ikm", str(path), "--dry-run", "--json", stdout=out, stderr=io.StringIO())
    data = json.loads(out.getvalue())
    assert data == {
        "rows": 3, "created": 1, "updated": 0, "duplicates": 1,
        "errors": [{"row": 6, "column": "Kecamatan", "message": "Kecamatan “Atlantis” tidak dikenali."}],
    }
    assert Business.objects.count() == 0
    out = io.StringIO()
    call_command("import_ikm", str(path), "--json", stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue())["created"] == 1 and Business.objects.count() == 1


def test_import_ikm_unreadable_file_is_a_command_error(reference_data, tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(CommandError, match="tidak didukung"):
        call_command("import_ikm", str(tmp_path / "a.pdf"), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="Berkas tidak ditemukan"):
        call_command("import_ikm", str(tmp_path / "nope.csv"), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def risky_business(make_business):
    business = make_business(name="=HYPERLINK(\"http://x\",\"klik\")", nib="1234567890123", phone="081234567890",
                             address="@Jl. Mawar 1")
    owner = business.owner
    owner.nik = "3522015708800001"
    owner.save()
    return business


def test_export_ikm_csv_neutralises_and_hides_personal_data(risky_business, tmp_path):
    target = tmp_path / "out.csv"
    call_command("export_ikm", "-o", str(target), stdout=io.StringIO())
    rows = list(csv.reader(open(target, encoding="utf-8-sig")))
    header, first = rows[0], rows[1]
    assert "NIK Pemilik" not in header and "No. HP/WA" not in header and "Alamat" not in header
    assert first[header.index("Nama Usaha")] == "'=HYPERLINK(\"http://x\",\"klik\")"
    assert first[header.index("NIB")] == "1234567890123"
    assert "3522015708800001" not in target.read_text(encoding="utf-8-sig")


def test_export_ikm_xlsx_with_personal_data(risky_business, tmp_path):
    target = tmp_path / "out.xlsx"
    call_command("export_ikm", "-o", str(target), "--personal-data", "--full-nik", "--purpose", "verifikasi BPS 2026",
                 stdout=io.StringIO())
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    header, first = rows[0], rows[1]
    assert first[header.index("NIK Pemilik")] == "3522015708800001"
    assert first[header.index("No. HP/WA")] == "0812-3456-7890"
    assert first[header.index("Alamat")] == "'@Jl. Mawar 1"
    assert first[header.index("Nama Usaha")].startswith("'=")


def test_export_then_import_round_trip_finds_duplicates(risky_business, tmp_path):
    target = tmp_path / "out.xlsx"
    call_command("export_ikm", "-o", str(target), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_ikm", str(target), "--json", "--dry-run", stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue())["duplicates"] == 1
