from django.http import Http404

from sentra.imports.models import ColumnMapping, ImportBatch


def batches_for_user(user):
    qs = ImportBatch.objects.select_related("created_by")
    return qs if user.is_office else qs.filter(created_by=user)


def get_batch_for_user(user, pk) -> ImportBatch:
    batch = batches_for_user(user).filter(pk=pk).first()
    if batch is None:
        raise Http404("Batch impor tidak ditemukan.")
    return batch


def mappings_for_user(user):
    """Saved column mappings `user` may use: their own, and those an admin shared on purpose."""
    from django.db.models import Q

    if user is None or not getattr(user, "is_authenticated", False):
        return ColumnMapping.objects.filter(shared=True)
    return ColumnMapping.objects.filter(Q(created_by=user) | Q(shared=True))


def saved_mapping_for(headers: list[str], user=None) -> ColumnMapping | None:
    """A saved mapping of `user` (or a shared one) that knows every non-empty header of this file; their own
    first."""
    from sentra.imports.columns import header_key

    keys = {header_key(h) for h in headers if header_key(h)}
    own_first = sorted(mappings_for_user(user), key=lambda m: (m.created_by_id != getattr(user, "pk", None), m.pk))
    for saved in own_first:
        if keys and keys <= set(saved.mapping):
            return saved
    return None


def creation_entries(business, history: list) -> list:
    """History entries (unsaved ChangeLog, pk 0) saying that an import created `business` and its owner:
    who, when, from which file and row. An import does not write a ChangeLog row per created record — the
    ImportedRecord it writes anyway (for undo) says the same — so the Riwayat shows them from there.
    `history`: the record's other entries (newest first); a value changed later is shown as it was then."""
    from django.contrib.contenttypes.models import ContentType

    from sentra.core.models import ChangeLog
    from sentra.imports.models import ImportedRecord
    from sentra.registry.models import Business, Owner

    record = (
        ImportedRecord.objects.filter(business_id=business.pk, action=ImportedRecord.Action.CREATED)
        .select_related("batch", "batch__created_by")
        .first()
    )
    if record is None:
        return []
    batch = record.batch
    cts = ContentType.objects.get_for_models(Business, Owner)
    when = batch.committed_at or batch.created_at
    source = batch.source_tag
    entries = []
    for model, obj_id, name in [(Owner, record.owner_id, business.owner.name), (Business, business.pk, business.name)]:
        if obj_id is None:
            continue
        ct = cts[model]
        # the oldest update of the name says what it was at creation
        for entry in reversed(history):
            if (entry.content_type_id == ct.pk and entry.object_id == str(obj_id)
                    and entry.action == ChangeLog.Action.UPDATE and "name" in entry.changes):
                name = entry.changes["name"][0]
                break
        if any(e.content_type_id == ct.pk and e.object_id == str(obj_id) and e.action == ChangeLog.Action.CREATE
               and e.source == source and e.changes.get("baris") == [None, record.row] for e in history):
            continue  # logged when written (imports before 2026-11-28 wrote a ChangeLog row per created record)
        entry = ChangeLog(
            pk=0, content_type=ct, object_id=str(obj_id), object_repr=(name or "")[:255],
            action=ChangeLog.Action.CREATE, changes={"name": [None, name], "berkas": [None, batch.file_name],
                                                     "baris": [None, record.row]},
            actor=batch.created_by, source=source,
        )
        entry.created_at = when
        entries.append(entry)
    return entries
