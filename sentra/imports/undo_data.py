"""What an import keeps to undo an update — the business and owner as they were, NIK and phone included — is
personal data: it is stored sealed (Fernet, the NIK keys: `pii.encrypt`) and purged as soon as the batch can
no longer be undone (undone, refused because its records changed since, or older than IMPORT_UNDO_DAYS).
Uploaded files live in private media and are deleted after IMPORT_FILE_RETENTION_DAYS
(`manage.py purge_import_data`, daily)."""

import json
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from sentra.registry.pii import decrypt, encrypt

UNDO_DAYS = settings.IMPORT_UNDO_DAYS
FILE_RETENTION_DAYS = settings.IMPORT_FILE_RETENTION_DAYS


def seal(before: dict) -> dict:
    return {"sealed": encrypt(json.dumps(before, ensure_ascii=False, separators=(",", ":")))}


def unseal(before: dict) -> dict:
    """The snapshot to restore; a record written before sealing existed is read as it is."""
    if before and "sealed" in before:
        return json.loads(decrypt(before["sealed"]))
    return before or {}


def import_files_folder() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "imports"


def undo_purge(batch) -> int:
    """Forget the undo data of `batch` (it can no longer be undone). Returns the records cleared."""
    from sentra.imports.models import ImportBatch, ImportedRecord

    cleared = (
        ImportedRecord.objects.filter(batch=batch, action=ImportedRecord.Action.UPDATED)
        .exclude(before={})
        .update(before={})
    )
    ImportBatch.objects.filter(pk=batch.pk).update(undo_purged=True)
    batch.undo_purged = True
    return cleared


def file_delete(batch) -> bool:
    from sentra.imports.models import ImportBatch

    if not batch.stored_file:
        return False
    Path(batch.stored_file).unlink(missing_ok=True)
    ImportBatch.objects.filter(pk=batch.pk).update(stored_file="")
    batch.stored_file = ""
    return True


def purge_expired(now=None) -> dict:
    """Undo data of batches past IMPORT_UNDO_DAYS, and files of batches past IMPORT_FILE_RETENTION_DAYS."""
    from sentra.imports.models import ImportBatch

    now = now or timezone.now()
    S = ImportBatch.Status
    undo = 0
    for batch in ImportBatch.objects.filter(undo_purged=False).exclude(status__in=[S.COMMITTING, S.COMMIT_QUEUED]):
        done = batch.committed_at or batch.created_at
        if batch.status != S.COMMITTED or done < now - timedelta(days=UNDO_DAYS):
            undo += undo_purge(batch)
    files = 0
    old = ImportBatch.objects.filter(created_at__lt=now - timedelta(days=FILE_RETENTION_DAYS)).exclude(stored_file="")
    for batch in old.exclude(status__in=[S.CHECKING, S.COMMITTING, S.CHECK_QUEUED, S.COMMIT_QUEUED]):
        files += file_delete(batch)
    return {"records": undo, "files": files}
