"""Writes to the registry. Each function runs in one transaction and records who changed what."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from sentra.core.audit import PERSONAL_FIELDS, diff, history_for, record_change, snapshot, stored_snapshot
from sentra.core.models import ChangeLog
from sentra.registry.models import Business, Owner, Permit
from sentra.registry.validators import normalize_nib

BUSINESS_FIELDS = [
    "name",
    "sector_id",
    "kbli_id",
    "products",
    "district_id",
    "village_id",
    "address",
    "latitude",
    "longitude",
    "phone",
    "phone_public",
    "founded_year",
    "workers_male",
    "workers_female",
    "workers_unknown",
    "capital",
    "annual_sales",
    "scale",
    "monthly_capacity",
    "capacity_unit",
    "market_reach",
    "export_countries",
    "status",
    "registered_on",
    "version",
]
OWNER_FIELDS = ["name", "nik", "gender", "birth_date", "phone", "email", "address"]
PERMIT_FIELDS = ["kind", "number", "issued_on", "expires_on", "note"]


class RegistryError(Exception):
    """A rule of the registry was broken; the message is Indonesian and meant for the user."""


class ConcurrentEditError(RegistryError):
    """Someone saved the record after this form was opened; `changes` lists what they changed."""

    def __init__(self, message, changes):
        super().__init__(message)
        self.changes = changes


def changes_since(business: Business, version: int) -> list[ChangeLog]:
    """The history entries of `business` (and its owner) written after the given version."""
    entries = [
        e
        for e in history_for(business).filter(action=ChangeLog.Action.UPDATE)
        if (e.changes.get("version") or [0, 0])[1] > version
    ]
    if entries and business.owner_id:
        since = min(e.created_at for e in entries)
        entries += list(history_for(business.owner).filter(created_at__gte=since))
    return sorted(entries, key=lambda e: e.created_at)


def _describe(entries) -> str:
    parts = []
    for e in entries:
        who = e.actor.username if e.actor else e.source
        fields = ", ".join(
            f"{name}: {old if old not in (None, '') else '–'} → {new if new not in (None, '') else '–'}"
            for name, (old, new) in e.changes.items()
            if name != "version"
        )
        parts.append(f"{who} ({timezone.localtime(e.created_at):%d-%m-%Y %H:%M}): {fields or 'izin/pemilik'}")
    return "; ".join(parts)


def _lock_version(business: Business, expected_version: int | None):
    current = Business.objects.select_for_update().filter(pk=business.pk).values_list("version", flat=True).first()
    if current is None:
        raise RegistryError("IKM ini sudah dihapus oleh pengguna lain.")
    if expected_version is not None and int(expected_version) != current:
        entries = changes_since(business, int(expected_version))
        raise ConcurrentEditError(
            "Data ini telah diubah oleh pengguna lain sejak Anda membukanya, jadi isian Anda belum disimpan. "
            f"Perubahan sementara itu: {_describe(entries) or '–'}. Muat ulang halaman, lalu ulangi perubahan Anda.",
            entries,
        )
    return current


def _check_village(business: Business):
    if business.village_id and business.village.district_id != business.district_id:
        raise RegistryError(
            f"Desa/kelurahan {business.village.name} tidak berada di Kecamatan {business.district.name}."
        )


def _check_nib_free(number: str, business: Business | None):
    clash = Permit.objects.filter(kind=Permit.Kind.NIB, number=number).select_related("business")
    if business is not None and business.pk:
        clash = clash.exclude(business=business)
    other = clash.first()
    if other:
        raise RegistryError(f"NIB {number} sudah terdaftar untuk IKM “{other.business.name}”.")


def _apply(instance, data: dict, fields):
    for name, value in data.items():
        attname = name if name in fields else f"{name}_id" if f"{name}_id" in fields else None
        if attname is None:
            continue
        if attname.endswith("_id") and hasattr(value, "pk"):
            value = value.pk
        setattr(instance, attname, value)


def owner_save(*, actor, owner: Owner | None, data: dict, source: str = "web") -> Owner:
    return _owner_save(actor=actor, owner=owner, data=data, source=source)[0]


def _owner_save(*, actor, owner: Owner | None, data: dict, source: str) -> tuple[Owner, bool]:
    """Save and log the owner; also tell whether anything changed."""
    creating = owner is None
    owner = owner or Owner()
    before = {} if creating else stored_snapshot(owner, OWNER_FIELDS)
    _apply(owner, data, OWNER_FIELDS)
    owner.save()
    entry = record_change(
        instance=owner,
        action=ChangeLog.Action.CREATE if creating else ChangeLog.Action.UPDATE,
        actor=actor,
        changes=diff(before, snapshot(owner, OWNER_FIELDS)),
        source=source,
    )
    return owner, entry is not None


def _permits_sync(*, actor, business: Business, permits: list[dict], source: str) -> bool:
    """Create, update and delete permits; True when anything was written."""
    written = False
    seen_nib = 0
    for item in permits:
        if item.get("kind") == Permit.Kind.NIB and not item.get("DELETE"):
            seen_nib += 1
    if seen_nib > 1:
        raise RegistryError("Satu IKM hanya boleh memiliki satu NIB.")
    for item in permits:
        permit = item.get("id")
        if isinstance(permit, int):
            permit = business.permits.get(pk=permit)
        if item.get("DELETE"):
            if permit is not None and permit.pk:
                record_change(
                    instance=permit,
                    action=ChangeLog.Action.DELETE,
                    actor=actor,
                    changes={"business": [business.pk, None], "kind": [permit.kind, None]},
                    source=source,
                )
                permit.delete()
                written = True
            continue
        if not item.get("kind") or not item.get("number"):
            continue
        creating = permit is None or not permit.pk
        permit = permit if not creating else Permit(business=business)
        before = {} if creating else stored_snapshot(permit, PERMIT_FIELDS)
        _apply(permit, {k: item.get(k) for k in PERMIT_FIELDS if k in item}, PERMIT_FIELDS)
        if permit.kind == Permit.Kind.NIB:
            permit.number = normalize_nib(permit.number)
            _check_nib_free(permit.number, business)
        if permit.issued_on and permit.expires_on and permit.expires_on < permit.issued_on:
            raise RegistryError(f"Izin {permit.number}: tanggal berlaku sampai sebelum tanggal terbit.")
        permit.business = business
        permit.save()
        written |= None is not record_change(
            instance=permit,
            action=ChangeLog.Action.CREATE if creating else ChangeLog.Action.UPDATE,
            actor=actor,
            changes=diff(
                before,
                {**snapshot(permit, PERMIT_FIELDS), "business": business.pk}
                if creating
                else snapshot(permit, PERMIT_FIELDS),
            ),
            source=source,
        )
    return written


def business_save(
    *,
    actor,
    business: Business | None,
    business_data: dict,
    owner_data: dict | None = None,
    owner: Owner | None = None,
    permits: list[dict] | None = None,
    source: str = "web",
    expected_version: int | None = None,
) -> Business:
    """Create (business=None) or update a business with its owner and permits, all or nothing.

    `expected_version` is the version the editor's form was built from; when the record has moved on since,
    ConcurrentEditError is raised and nothing is written."""
    creating = business is None
    try:
        with transaction.atomic():
            current = None if creating else _lock_version(business, expected_version)
            related_changed = False
            if owner_data is not None:
                owner, related_changed = _owner_save(
                    actor=actor, owner=None if creating else business.owner, data=owner_data, source=source
                )
            business = business or Business()
            # The stored row, not the instance: a bound ModelForm has already changed the instance.
            before = {} if creating else stored_snapshot(business, BUSINESS_FIELDS)
            _apply(business, {k: v for k, v in business_data.items() if k != "version"}, BUSINESS_FIELDS)
            if owner is not None:
                business.owner = owner
            if business.owner_id is None:
                raise RegistryError("Pemilik usaha wajib diisi.")
            _check_village(business)
            if actor is not None and getattr(actor, "is_authenticated", False):
                business.updated_by = actor
                if creating:
                    business.created_by = actor
            if permits and not creating:
                related_changed |= _permits_sync(actor=actor, business=business, permits=permits, source=source)
            changes = diff(before, snapshot(business, BUSINESS_FIELDS))
            if not creating and (changes or related_changed):
                # Any change to the business, its owner or permits moves the version on (optimistic locking).
                business.version = current + 1
                changes["version"] = [current, business.version]
            business.save()
            record_change(
                instance=business,
                action=ChangeLog.Action.CREATE if creating else ChangeLog.Action.UPDATE,
                actor=actor,
                changes=changes,
                source=source,
            )
            if permits and creating:
                _permits_sync(actor=actor, business=business, permits=permits, source=source)
    except IntegrityError as exc:
        if "nib" in str(exc).lower():
            raise RegistryError("NIB ini sudah terdaftar untuk IKM lain.") from exc
        raise
    return business


def business_delete(*, actor, business: Business, source: str = "web") -> None:
    with transaction.atomic():
        record_change(
            instance=business,
            action=ChangeLog.Action.DELETE,
            actor=actor,
            changes=diff(snapshot(business, BUSINESS_FIELDS), {}),
            source=source,
        )
        business.permits.all().delete()
        business.delete()


def business_restore(*, actor, business: Business, entry: ChangeLog) -> Business:
    """Bring the business back to how it was right after history `entry`, by undoing every later update.

    Personal values (phone, address) are kept only masked in the history and cannot be restored."""
    if not (getattr(actor, "is_superuser", False) or getattr(actor, "role", "") == "admin"):
        raise RegistryError("Hanya admin yang dapat memulihkan versi lama.")
    later = history_for(business).filter(action=ChangeLog.Action.UPDATE, pk__gt=entry.pk).order_by("-pk")
    data = {}
    for e in later:  # newest first, so the oldest "before" value wins
        for name, (old, _new) in e.changes.items():
            if name == "version" or name.removesuffix("_id") in PERSONAL_FIELDS or name not in BUSINESS_FIELDS:
                continue
            data[name] = old
    if not data:
        raise RegistryError("Tidak ada perubahan yang dapat dipulihkan setelah versi ini.")
    return business_save(
        actor=actor,
        business=business,
        business_data=data,
        source=(
            "pemulihan: seperti diimpor"
            if entry.action == ChangeLog.Action.CREATE and entry.source.startswith("impor:")
            else f"pemulihan #{entry.pk}"
        ),
    )
