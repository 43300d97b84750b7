"""Reading and cleaning in a second process (pipeline.py): the same result as in one process, its failures
reported in Indonesian with nothing written, and no database access from it."""

import pytest
from django.db import connection

from sentra.imports import services
from sentra.imports.rowclean import RowCleaner
from sentra.imports.services import ImportFailed, run_import
from sentra.imports.tests.helpers import HEADER, row, write_csv
from sentra.registry.models import Business, Owner

NIK = "3522014509800001"


def _messy_file(tmp_path):
    rows = [HEADER]
    for i in range(1, 2600):  # more than one chunk of 2,000
        rows.append(row(i, f"Usaha {i}", owner=f"Pemilik {i}", nib=f"{1000000000000 + i}",
                        phone="0812-3456-7890" if i % 2 else "", kec="Dander" if i % 3 else "Kapas"))
    rows.append(row(2600, "Usaha 5", owner="Lagi", nib="1000000000005"))  # same NIB as row 5: duplicate
    rows.append(row(2601, "Tanpa Kecamatan", kec="Atlantis"))  # error
    rows.append(row(2602, "", owner="Tanpa Nama"))  # error
    rows.append(row(2603, "Ber-NIK", nik=NIK))
    rows.append(row(2604, "Ber-NIK juga", nik=NIK))  # same NIK: duplicate
    rows.append(["", "", "", "", "", "", "", "", ""])  # blank row: skipped
    return write_csv(tmp_path / "besar.csv", rows)


@pytest.mark.parametrize("dry_run", [True, False])
def test_second_process_gives_the_same_result_as_one_process(reference_data, tmp_path, monkeypatch, dry_run):
    path = _messy_file(tmp_path)
    monkeypatch.setattr(services, "PARALLEL", False)
    here = run_import(path=path, dry_run=True).report()
    monkeypatch.setattr(services, "PARALLEL", True)
    there = run_import(path=path, dry_run=dry_run)
    assert there.report() == here
    assert here["created"] == 2600 and here["duplicates"] == 2 and len(here["errors"]) == 2
    if not dry_run:
        assert Business.objects.count() == 2600
        seventh = Business.objects.select_related("owner").get(name="Usaha 7")
        assert seventh.owner.name == "Pemilik 7" and seventh.permits.get().number == "1000000000007"
        assert Business.objects.get(name="Ber-NIK").owner.nik == NIK
        assert Owner.objects.exclude(nik_hash="").count() == 1
        with connection.cursor() as cursor:  # this process's connection is still usable after the fork
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)


def test_a_failure_while_cleaning_writes_nothing_and_says_so(reference_data, tmp_path, monkeypatch):
    path = _messy_file(tmp_path)
    clean = RowCleaner.clean

    def broken(self, number, values):
        if number == 2500:
            raise ZeroDivisionError("rusak")
        return clean(self, number, values)

    monkeypatch.setattr(RowCleaner, "clean", broken)
    monkeypatch.setattr(services, "PARALLEL", True)
    with pytest.raises(ImportFailed, match="Pembersihan data gagal: ZeroDivisionError: rusak"):
        run_import(path=path)
    assert not Business.objects.exists() and not Owner.objects.exists()
    assert Business.objects.count() == 0  # the connection still works


def test_the_second_process_has_no_database(reference_data, tmp_path, monkeypatch):
    """Any database access in the cleaning process is refused (it would share this process's connection)."""
    path = _messy_file(tmp_path)
    clean = RowCleaner.clean

    def reads_the_database(self, number, values):
        if number == 100:
            Business.objects.count()
        return clean(self, number, values)

    monkeypatch.setattr(RowCleaner, "clean", reads_the_database)
    monkeypatch.setattr(services, "PARALLEL", True)
    with pytest.raises(ImportFailed, match="no database access"):
        run_import(path=path)
    assert not Business.objects.exists()
    monkeypatch.setattr(RowCleaner, "clean", clean)
    assert run_import(path=path).created == 2600  # and the import works afterwards on the same connection


def test_large_files_use_the_second_process_and_small_ones_do_not(reference_data, tmp_path, monkeypatch):
    from sentra.imports import pipeline

    used = []
    original = pipeline._from_second_process
    monkeypatch.setattr(pipeline, "_from_second_process", lambda *a: used.append(True) or original(*a))
    small = write_csv(tmp_path / "kecil.csv", [HEADER, row(1, "Kecil")])
    run_import(path=small, dry_run=True)
    assert used == []
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 1000)
    assert run_import(path=_messy_file(tmp_path), dry_run=True).created == 2600
    assert used == [True]


def test_the_cleaning_works_out_the_match_keys_and_seals_the_nik_only_for_a_write(reference_data):
    from sentra.imports.normalize import name_key
    from sentra.registry.pii import TOKEN_PREFIX, decrypt, nik_hash

    headers = HEADER
    mapping = {1: "name", 2: "owner_name", 3: "nik", 7: "district"}
    values = row(1, "UD. Sari Rasa", owner="Siti", nik=NIK, kec="Dander")
    checking = RowCleaner(headers, mapping).clean(2, values)
    assert (checking.name_key, checking.nik_hash) == (name_key("UD. Sari Rasa"), nik_hash(NIK))
    assert checking.nik_token == ""  # a dry run encrypts nothing
    writing = RowCleaner(headers, mapping, seal_nik=True).clean(2, values)
    assert writing.nik_token.startswith(TOKEN_PREFIX) and decrypt(writing.nik_token) == NIK
    assert writing.owner["nik"] == NIK  # the plain value stays for the checks and for updates
    broken = RowCleaner(headers, mapping, seal_nik=True).clean(3, row(2, "", owner="Siti", nik=NIK, kec="Dander"))
    assert broken.errors and (broken.name_key, broken.nik_hash, broken.nik_token) == ("", "", "")


def test_an_imported_nik_is_stored_encrypted(reference_data, tmp_path, monkeypatch):
    from sentra.registry.pii import TOKEN_PREFIX

    monkeypatch.setattr(services, "PARALLEL", True)
    run_import(path=_messy_file(tmp_path))
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik FROM registry_owner WHERE nik_hash <> ''")
        stored = [r[0] for r in cursor.fetchall()]
    assert len(stored) == 1 and stored[0].startswith(TOKEN_PREFIX) and NIK not in stored[0]
