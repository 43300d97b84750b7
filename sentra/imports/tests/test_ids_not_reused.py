"""Ids are never handed out twice: history is keyed by the id, so a reused id would give a new business the
change history of a deleted one."""

from sentra.core.audit import history_for
from sentra.imports.services import run_import
from sentra.imports.tests.helpers import HEADER, row, write_csv
from sentra.registry.models import Business, Owner
from sentra.registry.selectors import business_history
from sentra.registry.services import business_delete, business_save


def test_import_after_deleting_the_newest_business_takes_a_fresh_id(make_business, tmp_path, admin_user):
    make_business(name="Lama Satu")
    newest = make_business(name="Lama Dua")
    business_save(actor=admin_user, business=newest, business_data={"products": "keripik"})
    deleted_id, deleted_owner_id = newest.pk, newest.owner_id
    business_delete(actor=admin_user, business=newest)
    newest.pk = deleted_id
    assert history_for(newest).count() == 3  # created, updated, deleted: kept after the deletion
    Owner.objects.filter(pk=deleted_owner_id).delete()

    result = run_import(path=write_csv(tmp_path / "a.csv", [HEADER, row(1, "Usaha Baru")]), actor=admin_user)
    assert result.created == 1
    new = Business.objects.get(name="Usaha Baru")
    assert new.pk > deleted_id
    assert new.owner_id > deleted_owner_id
    history = business_history(new)
    assert [e.object_repr for e in history if e.content_type.model == "business"] == ["Usaha Baru"]
    assert not any("Lama Dua" in e.object_repr or "keripik" in str(e.changes) for e in history)

    # and the ORM after the import does not take an id the import used
    later = make_business(name="Sesudah Impor")
    assert later.pk > new.pk


def test_two_imports_in_a_row_take_consecutive_fresh_ids(make_business, tmp_path, admin_user):
    first = make_business(name="Awal")
    first_id = first.pk
    business_delete(actor=admin_user, business=first)
    run_import(path=write_csv(tmp_path / "a.csv", [HEADER, row(1, "Satu"), row(2, "Dua")]), actor=admin_user)
    run_import(path=write_csv(tmp_path / "b.csv", [HEADER, row(1, "Tiga")]), actor=admin_user)
    ids = dict(Business.objects.values_list("name", "id"))
    assert first_id < ids["Satu"] < ids["Dua"] < ids["Tiga"]
