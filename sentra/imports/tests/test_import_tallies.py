"""An import writes with the tally triggers off (metrics.tallies_bulk) and adds its rows with one GROUP BY:
the tallies must still equal the base-table truth after creates, updates, a failed import and an undo."""

import datetime as dt

import pytest

from sentra.imports.batches import batch_undo
from sentra.imports.models import ImportBatch
from sentra.imports.services import ImportFailed, run_import
from sentra.imports.tests.helpers import HEADER, row, write_csv
from sentra.metrics.cells import base_cells, base_months, cells_for_nation, cells_for_regency, months_for
from sentra.metrics.models import BulkLoad
from sentra.metrics.services import installed_triggers
from sentra.registry.models import Business, Permit


def _exact():
    tally = sorted(c for c in cells_for_regency("35.22") if c.n)
    months = sorted(m for m in months_for("35.22") if m.n)
    nation = {(c.sector, c.scale, c.market_reach, c.status): c.n for c in cells_for_nation() if c.n}
    truth = {}
    for c in base_cells("35.22"):
        key = (c.sector, c.scale, c.market_reach, c.status)
        truth[key] = truth.get(key, 0) + c.n
    return tally == sorted(base_cells("35.22")) and months == sorted(base_months("35.22")) and nation == truth


def _rows():
    return [
        HEADER + ["Omzet", "TK L/P", "Tgl Daftar"],
        row(1, "Sari Rasa", nib="1234567890123", phone="081234567890") + ["3.000.000.000", "3/2", "17/08/2020"],
        row(2, "Keripik Jaya", kec="Kapas", sector="Kerajinan") + ["", "1/0", ""],
        row(3, "Batik Abadi", nik="3522014107900001", kec="Balen", sector="Batik") + ["20.000.000.000", "", ""],
        row(4, "Sari Rasa", nib="1234567890123") + ["", "", ""],  # repeats row 2: a duplicate
        row(5, "Tanpa Kecamatan", kec="") + ["", "", ""],  # an error
    ]


def test_import_keeps_tallies_exact(reference_data, make_business, tmp_path, admin_user):
    make_business(district="Dander", name="Lama", nib="9999999999999")
    result = run_import(path=write_csv(tmp_path / "a.csv", _rows()), actor=admin_user)
    assert (result.created, result.duplicates, len(result.errors)) == (3, 1, 1)
    assert _exact()
    assert not BulkLoad.objects.exists() and installed_triggers()
    assert sum(c.n_nib for c in cells_for_regency("35.22")) == 2
    # the triggers count the writes after the import again
    Business.objects.filter(name="Keripik Jaya").update(status="closed")
    Permit.objects.filter(number="1234567890123").delete()
    assert _exact()


def test_import_with_updates_keeps_tallies_exact(reference_data, make_business, tmp_path, admin_user):
    existing = make_business(district="Dander", name="Sari Rasa", workers_male=7)
    other = make_business(district="Kapas", name="Keripik Jaya", nib="1111111111111")
    rows = [
        HEADER + ["Omzet", "TK L/P", "Pemasaran"],
        row(1, "Sari Rasa", nib="1234567890123") + ["3.000.000.000", "3/2", "Ekspor"],  # gains an NIB, changes cell
        row(2, "Keripik Jaya", kec="Kapas", nib="1111111111111") + ["", "0/4", ""],
        row(3, "Usaha Baru", kec="Balen") + ["", "", ""],
    ]
    result = run_import(path=write_csv(tmp_path / "u.csv", rows), on_match="update", actor=admin_user)
    assert (result.created, result.updated) == (1, 2)
    existing.refresh_from_db()
    other.refresh_from_db()
    assert existing.scale == "kecil" and existing.market_reach == "export" and existing.nib == "1234567890123"
    assert other.workers_female == 4
    assert _exact()

    batch_undo(batch=ImportBatch.objects.get(pk=result.batch_id), actor=admin_user)
    existing.refresh_from_db()
    assert existing.workers_male == 7 and existing.nib == "" and Business.objects.count() == 2
    assert _exact()


def test_undo_of_a_created_batch_keeps_tallies_exact(reference_data, tmp_path, admin_user):
    result = run_import(path=write_csv(tmp_path / "a.csv", _rows()), actor=admin_user)
    assert _exact() and sum(c.n for c in cells_for_regency("35.22")) == 3
    batch_undo(batch=ImportBatch.objects.get(pk=result.batch_id), actor=admin_user)
    assert not Business.objects.exists()
    assert _exact() and not any(c.n for c in cells_for_regency("35.22"))


def test_a_failed_import_leaves_tallies_and_triggers(reference_data, make_business, tmp_path, admin_user):
    make_business(district="Dander", name="Lama")
    with pytest.raises(ImportFailed):
        run_import(path=write_csv(tmp_path / "a.csv", _rows()), actor=admin_user, strict=True)
    assert Business.objects.count() == 1 and not BulkLoad.objects.exists() and installed_triggers()
    make_business(district="Kapas", name="Baru", registered_on=dt.date(2024, 1, 5))
    assert _exact()


def test_created_ids_are_kept_as_ranges_where_they_are_consecutive():
    from sentra.imports.services import add_ids

    runs = []
    add_ids(runs, [1, 2, 3])
    add_ids(runs, [4, 5])  # continues the range
    add_ids(runs, [])
    add_ids(runs, [9, 7, 8])  # consecutive in any order, not continuing: a new range
    add_ids(runs, [20, 22])  # a gap: kept as listed
    add_ids(runs, [23])
    assert runs == [range(1, 6), range(7, 10), [20, 22], range(23, 24)]
