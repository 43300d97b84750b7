"""Record who changed what. Services call these inside their transaction."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from sentra.core.models import ChangeLog

# Fields whose values are personal data: the log keeps only that they changed.
PERSONAL_FIELDS = {"nik", "phone", "address", "email", "birth_date"}


def _plain(value):
    if isinstance(value, models.Model):
        return str(value.pk)
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The instance's concrete field values, as plain JSON-able values."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _plain(getattr(instance, name)) for name in names}


def stored_snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The values as they are in the database now (a bound ModelForm has already changed the
    in-memory instance, so "before" must be read back)."""
    if instance.pk is None:
        return {}
    stored = type(instance)._base_manager.filter(pk=instance.pk).first()
    return snapshot(stored, fields) if stored is not None else {}


EMPTY = (None, "", [], {})


def diff(before: dict, after: dict) -> dict:
    changes = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old in EMPTY and new in EMPTY:
            continue
        if old != new:
            if name.removesuffix("_id") in PERSONAL_FIELDS:
                old, new = ("•••" if old else old), ("•••" if new else new)
            changes[name] = [old, new]
    return changes


def record_change(*, instance, action, actor=None, changes=None, source="web") -> ChangeLog | None:
    if action == ChangeLog.Action.UPDATE and not changes:
        return None
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return ChangeLog.objects.create(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        action=action,
        changes=changes or {},
        actor=actor,
        source=source,
    )


def history_for(instance) -> models.QuerySet:
    return ChangeLog.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)), object_id=str(instance.pk)
    ).select_related("actor")


def record_created_bulk(model, created: Iterable[tuple], *, actor=None, source: str, when=None) -> None:
    """One CREATE entry per new record of `model`, written in bulk without model instances (core.fastinsert):
    `created` holds (pk, repr, changes) — the record's id, its name and what to show as created (personal
    fields as diff() shows them). The importer writes its history through here: thousands of rows per chunk,
    where ChangeLog.objects.bulk_create would build an instance per row."""
    from django.utils import timezone

    from sentra.core.fastinsert import insert_rows

    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    ct_id = ContentType.objects.get_for_model(model).pk
    when = when or timezone.now()
    insert_rows(
        ChangeLog,
        [{"object_id": str(pk), "object_repr": repr_[:255], "changes": changes} for pk, repr_, changes in created],
        common={
            "content_type_id": ct_id,
            "action": ChangeLog.Action.CREATE,
            "actor_id": actor_id,
            "source": source,
            "created_at": when,
        },
    )
