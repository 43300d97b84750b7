"""Imports made before their creations were logged get those history rows once, by migration."""

import importlib

from django.apps import apps

from sentra.core.models import ChangeLog
from sentra.imports.models import ImportBatch
from sentra.imports.services import run_import
from sentra.imports.tests.helpers import HEADER, row, write_csv
from sentra.registry.models import Business
from sentra.registry.selectors import business_history
from sentra.registry.services import business_save

backfill = importlib.import_module("sentra.imports.migrations.0004_history_of_imported_records").backfill


def test_an_older_imports_creations_are_written_to_the_history(reference_data, tmp_path, admin_user):
    result = run_import(path=write_csv(tmp_path / "a.csv", [HEADER, row(1, "Nama Lama")]), actor=admin_user)
    business = Business.objects.get()
    business_save(actor=admin_user, business=business, business_data={"name": "Nama Baru"})
    ChangeLog.objects.filter(action="create").delete()  # as an import before the change left it
    batch = ImportBatch.objects.get(pk=result.batch_id)

    backfill(apps, None)
    created = {h.content_type.model: h for h in business_history(business) if h.action == "create"}
    assert set(created) == {"business", "owner"}
    log = created["business"]
    assert log.changes == {"name": [None, "Nama Lama"], "berkas": [None, "a.csv"], "baris": [None, 4]}
    assert (log.source, log.actor, log.created_at) == (f"impor:{batch.pk}", admin_user, batch.committed_at)

    backfill(apps, None)  # once only
    assert ChangeLog.objects.filter(action="create").count() == 2
