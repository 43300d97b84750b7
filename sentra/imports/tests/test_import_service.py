import datetime as dt
from pathlib import Path

import pytest

from sentra.core.models import ChangeLog
from sentra.imports.models import ImportBatch, ImportedRecord
from sentra.imports.services import ImportFailed, run_import
from sentra.imports.tests.helpers import HEADER, row, write_csv, write_xlsx
from sentra.registry.models import Business, Owner, Permit
from sentra.registry.selectors import business_history
from sentra.registry.services import business_save

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NIK_A = "3522015708800001"  # 17-08-1980, woman (57 = 17 + 40)
NIK_B = "3522011203850002"


def errors_by_row(result):
    return {(e["row"], e["column"]): e["message"] for e in result.errors}


def test_dry_run_counts_and_changes_nothing(reference_data, tmp_path):
    path = write_csv(tmp_path / "a.csv", [HEADER, row(1, "Sari Rasa"), row(2, "Batik Jonegoroan", sector="Batik")])
    result = run_import(path=path, dry_run=True)
    assert (result.rows, result.created, result.duplicates, result.errors) == (2, 2, 0, [])
    assert Business.objects.count() == 0 and ImportBatch.objects.count() == 0
    assert [a["action"] for a in result.actions] == ["create", "create"]


def test_messy_values_are_normalised(reference_data, tmp_path):
    header = HEADER + ["Omzet", "TK L/P", "Th. Berdiri", "Pemasaran", "Tgl Daftar", "Aktif"]
    rows = [
        header,
        row(1, "Sari Rasa", nik=NIK_A, nib="1234 5678 90123", phone="0812-3456-7890", desa="Ngumpak Dalem",
            kec="Kec. Dander", sector="Makanan & Minuman") + ["1.250.000", "3/2", "2015", "Lokal, Nasional",
                                                               "17/08/2020", "Ya"],
        row(2, "Anyaman Lestari", nib=9876543210987, phone=81311112222, kec="Kedung Adem", sector="Kriya")
        + [2500000, "1/4", 2010, "Ekspor", 44060, "tidak"],
        row(3, "Kopi Tani", phone="+62 813 2222 3333", kec="Sumberejo", sector="Minuman") + ["", "", "", "", "", ""],
        row(4, "Jamu Ibu", phone="6281344445555", kec="bojonegoro", sector="mamin") + ["", "", "", "", "", ""],
    ]
    result = run_import(path=write_xlsx(tmp_path / "a.xlsx", rows))
    assert result.errors == [] and result.created == 4
    sari = Business.objects.get(name="Sari Rasa")
    assert (sari.district.name, sari.village.name, sari.sector_id) == ("Dander", "Ngumpakdalem", "food_beverage")
    assert sari.nib == "1234567890123" and sari.phone == "+6281234567890" and sari.owner.nik == NIK_A
    assert (sari.annual_sales, sari.workers_male, sari.workers_female, sari.founded_year) == (1250000, 3, 2, 2015)
    assert sari.market_reach == "national" and sari.registered_on == dt.date(2020, 8, 17) and sari.scale == "mikro"
    anyaman = Business.objects.get(name="Anyaman Lestari")
    assert anyaman.nib == "9876543210987" and anyaman.phone == "+6281311112222"
    assert anyaman.district.name == "Kedungadem" and anyaman.sector_id == "craft"
    assert anyaman.market_reach == "export" and anyaman.status == "inactive"
    assert anyaman.registered_on == dt.date(2020, 8, 17)
    assert Business.objects.get(name="Kopi Tani").district.name == "Sumberrejo"
    assert Business.objects.get(name="Jamu Ibu").phone == "+6281344445555"


def test_every_error_names_the_row_and_the_column_as_written(reference_data, tmp_path):
    rows = [
        HEADER,
        row(1, "", owner="Ani"),
        row(2, "Tanpa Pemilik", owner=""),
        row(3, "NIB Pendek", nib="12345"),
        row(4, "NIK Salah", nik="3522019999990001"),
        row(5, "HP Salah", phone="12345"),
        row(6, "Kec Salah", kec="Atlantis"),
        row(7, "Desa Salah", desa="Antah Berantah"),
        row(8, "Sektor Salah", sector="Pertambangan"),
        row(9, "Benar"),
    ]
    result = run_import(path=write_csv(tmp_path / "a.csv", rows, delimiter=";"))
    errors = errors_by_row(result)
    assert errors[(4, "Nama Usaha")] == "Nama usaha wajib diisi."
    assert errors[(5, "Nama Pemilik")] == "Nama pemilik wajib diisi."
    assert errors[(6, "NIB")] == "NIB harus tepat 13 angka; yang ditulis 5 angka."
    assert "bagian tanggal lahir" in errors[(7, "NIK")]
    assert "Nomor telepon “12345”" in errors[(8, "No. HP/WA")]
    assert errors[(9, "Kecamatan")] == "Kecamatan “Atlantis” tidak dikenali."
    assert "tidak dikenali di Kecamatan Dander" in errors[(10, "Desa/Kel.")]
    assert "Sektor “Pertambangan” tidak dikenali" in errors[(11, "Jenis Industri")]
    assert result.created == 1 and Business.objects.get().name == "Benar"


def test_missing_required_column_fails_the_whole_file(reference_data, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["Nama Usaha", "Nama Pemilik", "Sektor"], ["Sari", "Ani", "Makanan"]])
    with pytest.raises(ImportFailed, match="Kolom wajib tidak ditemukan: Kecamatan"):
        run_import(path=path)
    assert Business.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_duplicates_within_the_file(reference_data, tmp_path):
    rows = [
        HEADER,
        row(1, "Sari Rasa", nib="1234567890123", nik=NIK_A, desa="Dander"),
        row(2, "Sari Rasa Baru", nib="1234567890123"),  # same NIB
        row(3, "Toko Lain", nik=NIK_A),  # same owner NIK
        row(4, "UD. SARI RASA", desa="Dander"),  # same name, same desa
        row(5, "Sari Rasa", desa="Ngumpakdalem"),  # same name, other desa: a different business
    ]
    result = run_import(path=write_csv(tmp_path / "a.csv", rows))
    assert (result.created, result.duplicates) == (2, 3)
    notes = {a["row"]: a["note"] for a in result.actions}
    assert notes[5] == "sama dengan baris 4 (NIB)"
    assert notes[6] == "sama dengan baris 4 (NIK pemilik)"
    assert notes[7] == "sama dengan baris 4 (nama usaha dan desa)"
    assert Business.objects.count() == 2


def test_duplicates_against_the_registry_skip_or_update(reference_data, make_business, tmp_path):
    existing = make_business(name="Sari Rasa", nib="1234567890123", district="Dander")
    other = make_business(name="Keripik Tempe Barokah", district="Dander")
    rows = [
        HEADER + ["Omzet"],
        row(1, "Sari Rasa Jaya", nib="1234 5678 90123") + ["3.000.000.000"],
        row(2, "keripik tempe barokah") + ["5000000"],
        row(3, "Keripik Tempe Barokahh", kec="Dander") + [""],  # a near match, created but flagged
    ]
    path = write_csv(tmp_path / "a.csv", rows)
    skipped = run_import(path=path)
    assert (skipped.created, skipped.updated, skipped.duplicates) == (1, 0, 2)
    existing.refresh_from_db()
    assert existing.name == "Sari Rasa"
    note = {a["row"]: a["note"] for a in skipped.actions}[6]
    assert "mirip dengan “Keripik Tempe Barokah”" in note

    updated = run_import(path=path, on_match=ImportBatch.OnMatch.UPDATE)
    assert (updated.created, updated.updated, updated.duplicates) == (0, 3, 0)
    existing.refresh_from_db()
    other.refresh_from_db()
    assert existing.name == "Sari Rasa Jaya" and existing.annual_sales == 3_000_000_000 and existing.scale == "kecil"
    assert other.annual_sales == 5_000_000
    log = ChangeLog.objects.filter(object_id=str(existing.pk), action="update").first()
    assert log.source == f"impor:{updated.batch_id}" and log.changes["name"] == ["Sari Rasa", "Sari Rasa Jaya"]


def test_owner_nik_match_goes_through_owners_by_nik(reference_data, make_business, tmp_path):
    existing = make_business(name="Usaha Lama")
    owner = existing.owner
    owner.nik = NIK_B
    owner.save()
    result = run_import(path=write_csv(tmp_path / "a.csv", [HEADER, row(1, "Nama Baru", nik=NIK_B)]))
    assert result.duplicates == 1 and f"IKM #{existing.pk}" in result.actions[0]["note"]


def test_batch_is_recorded_with_history(reference_data, tmp_path, admin_user):
    path = write_csv(tmp_path / "a.csv", [HEADER, row(1, "Sari Rasa", nib="1234567890123", phone="081234567890")])
    result = run_import(path=path, actor=admin_user)
    batch = ImportBatch.objects.get(pk=result.batch_id)
    assert (batch.created_by, batch.file_name, batch.created, batch.rows) == (admin_user, "a.csv", 1, 1)
    assert len(batch.file_hash) == 64 and batch.status == "done"
    business = Business.objects.get()
    assert business.created_by == admin_user
    assert ImportedRecord.objects.get(batch=batch).business_id == business.pk
    # the Riwayat shows who created the record, when, from which file and row: one change-log row per created
    # record, written in bulk (core.audit.record_created_bulk)
    assert ChangeLog.objects.filter(action="create").count() == 2
    created = [h for h in business_history(business) if h.action == "create"]
    by_model = {h.content_type.model: h for h in created}
    assert set(by_model) == {"business", "owner"}
    log = by_model["business"]
    assert log.source == f"impor:{batch.pk}" and log.actor == admin_user
    assert batch.created_at <= log.created_at <= batch.committed_at
    assert log.changes == {"name": [None, "Sari Rasa"], "berkas": [None, "a.csv"], "baris": [None, 4]}
    assert by_model["owner"].object_id == str(business.owner_id)
    assert "+6281234567890" not in str([h.changes for h in created])  # personal data is not in the history


def test_history_of_an_imported_record_shows_its_name_as_imported_after_a_rename(
    reference_data, tmp_path, admin_user
):
    run_import(path=write_csv(tmp_path / "a.csv", [HEADER, row(1, "Sari Rasa")]), actor=admin_user)
    business = Business.objects.get()
    business_save(actor=admin_user, business=business, business_data={"name": "Sari Rasa Jaya"}, source="web")
    history = business_history(business)
    assert history[0].action == "update" and history[0].changes["name"] == ["Sari Rasa", "Sari Rasa Jaya"]
    created = next(h for h in history if h.action == "create" and h.content_type.model == "business")
    assert created.changes["name"] == [None, "Sari Rasa"] and history[-2:][-1].action == "create"


def test_strict_mode_writes_nothing_when_any_row_is_wrong(reference_data, tmp_path):
    path = write_csv(tmp_path / "a.csv", [HEADER, row(1, "Benar"), row(2, "Salah", kec="Atlantis")])
    with pytest.raises(ImportFailed, match="mode ketat"):
        run_import(path=path, strict=True)
    assert Business.objects.count() == 0 and ImportBatch.objects.count() == 0 and Owner.objects.count() == 0


def test_operator_may_import_only_their_kecamatan(reference_data, tmp_path):
    path = write_csv(tmp_path / "a.csv", [HEADER, row(1, "Di Dander"), row(2, "Di Kapas", kec="Kapas")])
    result = run_import(path=path, allowed_districts={"35.22.06"})
    assert result.created == 1
    assert "kecamatan tugas Anda (bukan Kapas)" in result.errors[0]["message"]


@pytest.mark.parametrize("name", ["messy.xls", "messy.ods"])
def test_xls_and_ods_import(reference_data, name):
    result = run_import(path=FIXTURES / name)
    assert (result.created, len(result.errors)) == (2, 1)
    assert result.errors[0] == {"row": 6, "column": "NIB", "message": "NIB harus tepat 13 angka; yang ditulis 5 angka."}
    keripik = Business.objects.get(name="Keripik Singkong Mak Ijah")
    assert keripik.phone == "+6281234567890" and keripik.nib == "1234567890123"
    assert keripik.village.name == "Ngumpakdalem" and keripik.workers_total == 4
    assert keripik.annual_sales == 12_500_000 and keripik.registered_on == dt.date(2020, 8, 17)
    assert Permit.objects.filter(kind="nib").count() == 2


def test_pre_numbered_blank_rows_are_not_errors(reference_data, tmp_path):
    rows = [HEADER, row(1, "Sari Rasa"), [2, "", "", "", "", "", "", "", ""], [3], []]
    result = run_import(path=write_csv(tmp_path / "a.csv", rows), dry_run=True)
    assert (result.rows, result.created, result.errors) == (1, 1, [])
