"""Imports before this one wrote no change-log row for the records they created (the Riwayat read them from
ImportedRecord). Now every writer logs its creations (core.audit.record_created_bulk), so the registry reads
one history: the missing creation rows are written here, once, as they were shown."""

from django.db import migrations


def backfill(apps, schema_editor):
    ChangeLog = apps.get_model("core", "ChangeLog")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ImportedRecord = apps.get_model("imports", "ImportedRecord")
    Business = apps.get_model("registry", "Business")
    records = list(
        ImportedRecord.objects.filter(action="created", business_id__isnull=False).values_list(
            "business_id",
            "owner_id",
            "row",
            "batch_id",
            "batch__file_name",
            "batch__created_by_id",
            "batch__committed_at",
            "batch__created_at",
        )
    )
    if not records:
        return
    cts = {
        model: ContentType.objects.get_or_create(app_label="registry", model=model)[0].pk
        for model in ("business", "owner")
    }
    logged = set(
        ChangeLog.objects.filter(
            action="create", content_type_id__in=cts.values(), source__startswith="impor:"
        ).values_list("content_type_id", "object_id")
    )
    names = dict(Business.objects.values_list("id", "name"))
    owner_names = dict(apps.get_model("registry", "Owner").objects.values_list("id", "name"))
    # a later rename: the oldest update of the name says what it was at creation
    first_names = {}
    for ct, object_id, changes in (
        ChangeLog.objects.filter(action="update", content_type_id__in=cts.values())
        .order_by("-id")
        .values_list("content_type_id", "object_id", "changes")
    ):
        if isinstance(changes, dict) and "name" in changes:
            first_names[(ct, object_id)] = changes["name"][0]
    rows = []
    for business_id, owner_id, row, batch_id, file_name, actor_id, committed_at, created_at in records:
        for model, pk, current in (("owner", owner_id, owner_names), ("business", business_id, names)):
            if pk is None or (cts[model], str(pk)) in logged:
                continue
            name = first_names.get((cts[model], str(pk)), current.get(pk, ""))
            log = ChangeLog(
                content_type_id=cts[model],
                object_id=str(pk),
                object_repr=(name or "")[:255],
                action="create",
                changes={"name": [None, name], "berkas": [None, file_name], "baris": [None, row]},
                actor_id=actor_id,
                source=f"impor:{batch_id}",
            )
            log.created_at = committed_at or created_at
            rows.append(log)
    # bulk_create sets auto_now_add fields itself: the import's time is put back afterwards, per batch
    wanted = [log.created_at for log in rows]
    ChangeLog.objects.bulk_create(rows, batch_size=1000)
    by_time = {}
    for log, when in zip(rows, wanted):
        by_time.setdefault(when, []).append(log.pk)
    for when, pks in by_time.items():
        ChangeLog.objects.filter(pk__in=pks).update(created_at=when)


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0003_undo_purged"),
        ("core", "0001_initial"),
        ("registry", "0004_fewer_business_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
