"""Writes to the registry. Each function runs in one transaction and records who changed what."""

from django.db import IntegrityError, transaction

from sentra.core.audit import diff, record_change, snapshot, stored_snapshot
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
    "capital",
    "annual_sales",
    "scale",
    "monthly_capacity",
    "capacity_unit",
    "market_reach",
    "export_countries",
    "status",
    "registered_on",
]
OWNER_FIELDS = ["name", "nik", "gender", "birth_date", "phone", "email", "address"]
PERMIT_FIELDS = ["kind", "number", "issued_on", "expires_on", "note"]


class RegistryError(Exception):
    """A rule of the registry was broken; the message is Indonesian and meant for the user."""


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
    creating = owner is None
    owner = owner or Owner()
    before = {} if creating else stored_snapshot(owner, OWNER_FIELDS)
    _apply(owner, data, OWNER_FIELDS)
    owner.save()
    record_change(
        instance=owner,
        action=ChangeLog.Action.CREATE if creating else ChangeLog.Action.UPDATE,
        actor=actor,
        changes=diff(before, snapshot(owner, OWNER_FIELDS)),
        source=source,
    )
    return owner


def _permits_sync(*, actor, business: Business, permits: list[dict], source: str):
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
        record_change(
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


def business_save(
    *,
    actor,
    business: Business | None,
    business_data: dict,
    owner_data: dict | None = None,
    owner: Owner | None = None,
    permits: list[dict] | None = None,
    source: str = "web",
) -> Business:
    """Create (business=None) or update a business with its owner and permits, all or nothing."""
    creating = business is None
    try:
        with transaction.atomic():
            if owner_data is not None:
                owner = owner_save(
                    actor=actor, owner=None if creating else business.owner, data=owner_data, source=source
                )
            business = business or Business()
            before = {} if creating else stored_snapshot(business, BUSINESS_FIELDS)
            _apply(business, business_data, BUSINESS_FIELDS)
            if owner is not None:
                business.owner = owner
            if business.owner_id is None:
                raise RegistryError("Pemilik usaha wajib diisi.")
            _check_village(business)
            if actor is not None and getattr(actor, "is_authenticated", False):
                business.updated_by = actor
                if creating:
                    business.created_by = actor
            business.save()
            record_change(
                instance=business,
                action=ChangeLog.Action.CREATE if creating else ChangeLog.Action.UPDATE,
                actor=actor,
                changes=diff(before, snapshot(business, BUSINESS_FIELDS)),
                source=source,
            )
            if permits:
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
