"""Merge two records of the same business: one is kept, the other's permits, related records and history
move to it, empty fields of the kept record are filled from the other, then the other is deleted."""

from django.db import transaction

from sentra.core.audit import diff, record_change, snapshot
from sentra.core.models import ChangeLog
from sentra.registry.models import Business, Owner, Permit
from sentra.registry.services import BUSINESS_FIELDS, RegistryError


def business_merge(*, actor, keep: Business, remove: Business, source: str = "web") -> Business:
    if keep.pk == remove.pk:
        raise RegistryError("Pilih dua IKM yang berbeda untuk digabung.")
    keep_nib = Permit.objects.filter(business=keep, kind=Permit.Kind.NIB).first()
    remove_nib = Permit.objects.filter(business=remove, kind=Permit.Kind.NIB).first()
    if keep_nib and remove_nib and keep_nib.number != remove_nib.number:
        raise RegistryError(
            f"Tidak dapat digabung: kedua IKM memiliki NIB berbeda ({keep_nib.number} dan {remove_nib.number})."
        )
    with transaction.atomic():
        before = snapshot(keep, BUSINESS_FIELDS)
        for name in BUSINESS_FIELDS:
            if name == "scale":
                continue
            if getattr(keep, name) in (None, "", [], 0) and getattr(remove, name) not in (None, "", [], 0):
                setattr(keep, name, getattr(remove, name))
        if remove_nib and keep_nib:
            remove_nib.delete()  # the same number twice: keep one
        Permit.objects.filter(business=remove).update(business=keep)
        for rel in Business._meta.related_objects:
            if rel.related_model is Permit or not (rel.one_to_many or rel.one_to_one):
                continue
            rel.related_model._default_manager.filter(**{rel.field.name: remove}).update(**{rel.field.name: keep})
        # The removed record's history (its creation too) becomes part of the kept record's history.
        ChangeLog.objects.filter(
            content_type__model="business", content_type__app_label="registry", object_id=str(remove.pk)
        ).update(object_id=str(keep.pk))
        if actor is not None and getattr(actor, "is_authenticated", False):
            keep.updated_by = actor
        keep.save()
        changes = diff(before, snapshot(keep, BUSINESS_FIELDS))
        changes["digabung_dari"] = [remove.pk, remove.name]
        record_change(instance=keep, action=ChangeLog.Action.UPDATE, actor=actor, changes=changes, source=source)
        removed_owner = remove.owner
        remove.delete()
        _owner_drop_if_orphan(actor=actor, owner=removed_owner, keep=keep, source=source)
    return keep


def _owner_drop_if_orphan(*, actor, owner: Owner, keep: Business, source: str) -> None:
    """The removed record's owner, when no business is left to it, goes too (its NIK, phone and address are
    not kept for nothing). An account linked to it moves to the kept business's owner when that has none."""
    if owner.pk == keep.owner_id or owner.businesses.exists():
        return
    if owner.user_id:
        kept_owner = keep.owner
        if kept_owner.user_id is None:
            kept_owner.user_id = owner.user_id
            kept_owner.save(update_fields=["user", "updated_at"])
            record_change(
                instance=kept_owner,
                action=ChangeLog.Action.UPDATE,
                actor=actor,
                source=source,
                changes={"user": [None, owner.user_id]},
            )
    record_change(
        instance=owner,
        action=ChangeLog.Action.DELETE,
        actor=actor,
        source=source,
        changes={"digabung_ke": [owner.pk, keep.pk]},
    )
    owner.delete()
