import pytest

from sentra.core.models import ChangeLog
from sentra.imports.batches import UndoRefused, batch_undo
from sentra.imports.models import ImportBatch
from sentra.imports.services import run_import
from sentra.imports.tests.helpers import HEADER, row, write_csv
from sentra.registry.models import Business, Owner, Permit
from sentra.registry.services import business_save


def test_undo_removes_created_and_restores_updated(reference_data, make_business, tmp_path, admin_user):
    existing = make_business(name="Sari Rasa", district="Dander")
    owners_before = Owner.objects.count()
    rows = [HEADER, row(1, "Sari Rasa", nib="1234567890123", phone="081234567890"), row(2, "Usaha Baru")]
    result = run_import(path=write_csv(tmp_path / "a.csv", rows), on_match="update", actor=admin_user)
    assert (result.created, result.updated) == (1, 1)
    existing.refresh_from_db()
    assert existing.nib == "1234567890123" and existing.phone == "+6281234567890"

    batch = ImportBatch.objects.get(pk=result.batch_id)
    batch_undo(batch=batch, actor=admin_user)
    batch.refresh_from_db()
    assert batch.status == "undone" and batch.undone_at is not None
    assert list(Business.objects.values_list("name", flat=True)) == ["Sari Rasa"]
    existing.refresh_from_db()
    assert existing.phone == "" and not Permit.objects.filter(business=existing).exists()
    assert Owner.objects.count() == owners_before
    assert ChangeLog.objects.filter(source=f"impor:{batch.pk}:batal", action="delete").count() == 1

    with pytest.raises(UndoRefused, match="Hanya impor yang sudah tersimpan"):
        batch_undo(batch=batch, actor=admin_user)


def test_undo_refused_after_a_later_edit(reference_data, tmp_path, admin_user):
    result = run_import(path=write_csv(tmp_path / "a.csv", [HEADER, row(1, "Sari Rasa")]), actor=admin_user)
    business = Business.objects.get()
    business_save(actor=admin_user, business=business, business_data={"products": "keripik"})
    batch = ImportBatch.objects.get(pk=result.batch_id)
    with pytest.raises(UndoRefused, match="“Sari Rasa” sudah diubah sesudah impor"):
        batch_undo(batch=batch, actor=admin_user)
    assert Business.objects.get().products == "keripik"
    batch.refresh_from_db()
    assert batch.status == "done"
