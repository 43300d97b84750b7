"""The life of a batch after upload: queue, claim (conditional UPDATE, no broker), run, undo."""

import contextlib
import os
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from sentra.core.errors import library_message
from sentra.core.models import ChangeLog
from sentra.imports.models import ImportBatch, ImportedRecord
from sentra.imports.progress import write_progress
from sentra.imports.readers import loaded_workbooks
from sentra.imports.services import ImportFailed, count_rows, run_import
from sentra.registry.models import Business, Owner, Permit

S = ImportBatch.Status


class UndoRefused(Exception):
    """Indonesian message for the user."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:60]


def batch_queue(*, batch: ImportBatch, commit: bool) -> None:
    batch.status = S.COMMIT_QUEUED if commit else S.CHECK_QUEUED
    batch.message = ""
    batch.save(update_fields=["status", "message", "mapping", "on_match"])
    write_progress(batch.pk, 0, 0, "menunggu")


def claim_next_batch(worker: str) -> ImportBatch | None:
    """Take the oldest queued batch; the conditional UPDATE makes sure only one worker gets it. The claim
    is a lease: the worker keeps a heartbeat file fresh while it runs the batch (see `heartbeat`)."""
    for queued, running in ((S.COMMIT_QUEUED, S.COMMITTING), (S.CHECK_QUEUED, S.CHECKING)):
        candidate = ImportBatch.objects.filter(status=queued).order_by("id").values_list("id", flat=True).first()
        if not candidate:
            continue
        _beat(candidate, worker)  # before the claim: a claimed batch always has a fresh heartbeat
        if ImportBatch.objects.filter(pk=candidate, status=queued).update(status=running, worker=worker):
            return ImportBatch.objects.get(pk=candidate)
    return None


# --- Leases: a batch whose worker is gone ---------------------------------------------------------------
# The import writes in one long transaction (on SQLite it holds the only write lock), so the worker's
# sign of life cannot go through the database: it is a small file beside the progress file, touched every
# few seconds by a thread of the worker. A running batch whose file is older than the lease belongs to a
# worker that is gone (killed, machine restarted); the database has already rolled its transaction back.


def lease_seconds() -> float:
    return float(getattr(settings, "SENTRA_IMPORT_LEASE_SECONDS", 60))


def _beat_path(batch_id: int) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports" / "progress"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{batch_id}.beat"


def _beat(batch_id: int, worker: str) -> None:
    path = _beat_path(batch_id)
    tmp = path.with_suffix(".beat-tmp")
    tmp.write_text(worker)
    os.replace(tmp, path)


def last_heartbeat(batch_id: int) -> float | None:
    """Seconds since the epoch of the batch's last heartbeat, or None when it has none."""
    try:
        return _beat_path(batch_id).stat().st_mtime
    except FileNotFoundError:
        return None


@contextlib.contextmanager
def heartbeat(batch: ImportBatch, every: float | None = None):
    """Touch the batch's heartbeat file every `every` seconds (a fifth of the lease) while the block runs."""
    every = every or max(lease_seconds() / 5, 0.2)
    stop = threading.Event()

    def beat():
        while not stop.wait(every):
            with contextlib.suppress(OSError):
                _beat(batch.pk, batch.worker)

    _beat(batch.pk, batch.worker)
    thread = threading.Thread(target=beat, name=f"heartbeat-{batch.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        _beat_path(batch.pk).unlink(missing_ok=True)


ABANDONED_COMMIT = (
    "Penyimpanan terhenti karena proses pekerja impor ({worker}) berhenti di tengah jalan. Basis data "
    "membatalkan semuanya: tidak ada data dari berkas ini yang tersimpan. Silakan simpan lagi."
)
ABANDONED_CHECK = (
    "Pemeriksaan terhenti karena proses pekerja impor ({worker}) berhenti di tengah jalan. Silakan periksa lagi."
)


def recover_abandoned_batches(now: float | None = None) -> list[int]:
    """Running batches whose lease expired are offered again: a commit goes back to "siap disimpan", a
    check to "diunggah", each with an Indonesian message. Returns their ids."""
    now = time.time() if now is None else now
    recovered = []
    running = ImportBatch.objects.filter(status__in=[S.COMMITTING, S.CHECKING]).values_list("pk", "status", "worker")
    for pk, status, worker in running:
        beat = last_heartbeat(pk)
        if beat is not None and now - beat < lease_seconds():
            continue
        committing = status == S.COMMITTING
        # Conditional on the same claim: a worker that finishes meanwhile wins.
        changed = ImportBatch.objects.filter(pk=pk, status=status, worker=worker).update(
            status=S.CHECKED if committing else S.UPLOADED,
            message=(ABANDONED_COMMIT if committing else ABANDONED_CHECK).format(worker=worker or "?"),
            worker="",
        )
        if changed:
            write_progress(pk, 0, 0, "terhenti")
            _beat_path(pk).unlink(missing_ok=True)
            recovered.append(pk)
    return recovered


def _allowed_districts(user):
    if user is None or user.is_office:
        return None
    return set(user.districts.values_list("code", flat=True))


def batch_run(batch: ImportBatch) -> None:
    """Run a claimed batch: a dry run (CHECKING) or the real import (COMMITTING)."""
    with heartbeat(batch), loaded_workbooks():  # a workbook is parsed once, for the row count and the import
        _batch_run(batch)


def _batch_run(batch: ImportBatch) -> None:
    commit = batch.status == S.COMMITTING
    total = count_rows(batch.stored_file, batch.file_name)
    phase = "menyimpan" if commit else "memeriksa"

    def progress(done, _total):
        write_progress(batch.pk, done, total, phase)

    progress(0, total)
    try:
        result = run_import(
            path=batch.stored_file,
            name=batch.file_name,
            mapping=batch.mapping,
            header_row=(batch.report or {}).get("header_row"),
            on_match=batch.on_match,
            dry_run=not commit,
            actor=batch.created_by,
            batch=batch if commit else None,
            allowed_districts=_allowed_districts(batch.created_by),
            progress=progress,
            total=total,
        )
    except ImportFailed as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(status=S.FAILED if commit else S.UPLOADED, message=str(exc))
        write_progress(batch.pk, 0, total, "gagal")
        return
    except Exception as exc:  # the worker must survive one bad file; the user sees the reason
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=S.FAILED,
            message="Impor gagal karena kesalahan sistem; tidak ada data yang disimpan. "
            f"Kemungkinan penyebab: {library_message(exc)}.",
        )
        write_progress(batch.pk, 0, total, "gagal")
        raise
    if not commit:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=S.CHECKED, rows=result.rows, created=result.created, updated=result.updated,
            duplicates=result.duplicates, error_count=len(result.errors), report=result.report(),
        )
    write_progress(batch.pk, total, total, "selesai")


def _touched_after(batch, business_ids, owner_ids, cts) -> str:
    """The name of a record of this batch that something else changed after it, or ''."""
    step = 5000
    for i in range(0, max(len(business_ids), len(owner_ids)), step):
        part_b, part_o = business_ids[i : i + step], owner_ids[i : i + step]
        touched = Business.objects.filter(pk__in=part_b, updated_at__gt=batch.committed_at).first()
        if touched:
            return touched.name
        later = (
            ChangeLog.objects.filter(created_at__gt=batch.committed_at)
            .exclude(source=batch.source_tag)
            .filter(
                Q(content_type=cts[Business], object_id__in=[str(x) for x in part_b])
                | Q(content_type=cts[Owner], object_id__in=[str(x) for x in part_o])
            )
            .first()
        )
        if later:
            return later.object_repr
    return ""


def batch_undo(*, batch: ImportBatch, actor) -> None:
    """Reverse a committed batch: delete what it created, restore what it updated — refused when any of
    its records was changed afterwards."""
    from sentra.imports.undo_data import UNDO_DAYS, undo_purge, unseal

    if batch.status != S.COMMITTED:
        raise UndoRefused("Hanya impor yang sudah tersimpan yang dapat dibatalkan.")
    if batch.undo_purged or (batch.committed_at and batch.committed_at < timezone.now() - timedelta(days=UNDO_DAYS)):
        undo_purge(batch)
        raise UndoRefused(
            f"Impor ini tidak dapat dibatalkan lagi: data untuk pembatalan hanya disimpan {UNDO_DAYS} hari "
            "dan sudah dihapus."
        )
    records = list(batch.records.all())
    business_ids = [r.business_id for r in records]
    owner_ids = [r.owner_id for r in records if r.owner_id]
    cts = ContentType.objects.get_for_models(Business, Owner)
    existing = set()
    for i in range(0, len(business_ids), 5000):
        existing |= set(Business.objects.filter(pk__in=business_ids[i : i + 5000]).values_list("pk", flat=True))
    if len(existing) != len(set(business_ids)):
        undo_purge(batch)  # never undoable again: the undo data has no more use
        raise UndoRefused(
            "Impor ini tidak dapat dibatalkan: sebagian IKM-nya sudah dihapus atau digabung sesudah impor."
        )
    what = _touched_after(batch, business_ids, owner_ids, cts)
    if what:
        undo_purge(batch)
        raise UndoRefused(
            f"Impor ini tidak dapat dibatalkan: data “{what}” sudah diubah sesudah impor. "
            "Perbaiki data itu secara langsung."
        )
    actor = actor if getattr(actor, "is_authenticated", False) else None
    source = f"{batch.source_tag}:batal"
    now = timezone.now()
    try:
        with transaction.atomic():
            created = [r for r in records if r.action == ImportedRecord.Action.CREATED]
            created_ids = [r.business_id for r in created]
            logs = [
                ChangeLog(content_type=cts[Business], object_id=str(b.pk), object_repr=b.name[:255],
                          action=ChangeLog.Action.DELETE, actor=actor, source=source)
                for b in Business.objects.filter(pk__in=created_ids).only("pk", "name")
            ]
            Permit.objects.filter(business_id__in=created_ids).delete()
            Business.objects.filter(pk__in=created_ids).delete()
            Owner.objects.filter(pk__in=[r.owner_id for r in created]).filter(businesses__isnull=True).delete()
            for record in records:
                if record.action != ImportedRecord.Action.UPDATED:
                    continue
                before = unseal(record.before)
                business = Business.objects.select_related("owner").get(pk=record.business_id)
                for name, value in before["business"].items():
                    setattr(business, name, value)
                business.updated_at = now
                business.save()
                owner = business.owner
                for name, value in before["owner"].items():
                    setattr(owner, name, value)
                owner.save()
                if before.get("added_nib"):
                    Permit.objects.filter(business=business, kind=Permit.Kind.NIB).delete()
                logs.append(ChangeLog(content_type=cts[Business], object_id=str(business.pk),
                                      object_repr=business.name[:255], action=ChangeLog.Action.UPDATE,
                                      changes={"impor": [batch.pk, "dibatalkan"]}, actor=actor, source=source))
            ChangeLog.objects.bulk_create(logs)
            batch.status = S.UNDONE
            batch.undone_at = now
            batch.save(update_fields=["status", "undone_at"])
            undo_purge(batch)  # undone: the snapshots (NIK, phone) are not kept
    except ProtectedError as exc:
        raise UndoRefused("Impor ini tidak dapat dibatalkan: data IKM-nya sudah dipakai di modul lain.") from exc


def batch_upload(*, actor, upload) -> ImportBatch:
    """Keep the uploaded file, find its header row and propose a mapping (a saved one when it fits).
    Raises ImportFailed (Indonesian) when the file cannot be read; then nothing is kept."""
    import hashlib
    import uuid
    from pathlib import Path

    from sentra.imports.columns import propose_mapping
    from sentra.imports.selectors import mappings_for_user, saved_mapping_for
    from sentra.imports.services import read_table
    from sentra.imports.undo_data import import_files_folder

    folder = import_files_folder()  # private media: never under MEDIA_ROOT, which a web server may serve
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    digest = hashlib.sha256()
    with open(target, "wb") as fh:
        for chunk in upload.chunks():
            digest.update(chunk)
            fh.write(chunk)
    try:
        known = {key for m in mappings_for_user(actor).values_list("mapping", flat=True) for key, f in m.items() if f}
        table = read_table(target, upload.name, known_keys=known, isolated=True)
        saved = saved_mapping_for(table.headers, actor)
        if saved:
            table.mapping = propose_mapping(table.headers, saved.mapping)
    except ImportFailed:
        target.unlink(missing_ok=True)
        raise
    return ImportBatch.objects.create(
        file_name=Path(upload.name).name[:255],
        file_hash=digest.hexdigest(),
        stored_file=str(target),
        source="web",
        mapping={str(k): v for k, v in table.mapping.items()},
        report={"headers": table.headers, "header_row": table.header_row,
                "saved_mapping": saved.name if saved else ""},
        created_by=actor,
    )


def mapping_save(*, actor, name: str, headers: list[str], mapping: dict[str, str]):
    from sentra.imports.columns import header_key
    from sentra.imports.models import ColumnMapping

    keyed = {header_key(h): mapping.get(str(i), "") for i, h in enumerate(headers) if header_key(h)}
    return ColumnMapping.objects.create(name=name, mapping=keyed, created_by=actor)
