"""Writes of the collaboration module: agreements, contacts, commitments, deliveries, reminders. Every change is
logged (ChangeLog) with its actor."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from sentra.core.audit import diff, history_for, record_change, snapshot
from sentra.core.models import ChangeLog
from sentra.partners.models import Agreement, Commitment, Contact, Delivery, Notice, PartnerOrganisation

AGREEMENT_FIELDS = ["kind", "number", "title", "other_parties", "signed_on", "ends_on", "scope", "status"]
COMMITMENT_FIELDS = ["organisation_id", "agreement_id", "kind", "description", "quantity", "unit", "due_on"]
REMINDER_DAYS = (60, 30)


class PartnerError(Exception):
    pass


def is_office(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_office)


def member_of(user, organisation_id) -> bool:
    if not getattr(user, "is_authenticated", False) or user.role != "partner":
        return False
    return user.partner_organisations.filter(pk=organisation_id).exists()


def _require_office(actor):
    if not is_office(actor):
        raise PartnerError("Hanya staf Dekranasda yang dapat mengubah data kemitraan.")


def _quantity(value, label="Jumlah") -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise PartnerError(f"{label} harus berupa angka.") from None
    if not number.is_finite() or number <= 0:
        raise PartnerError(f"{label} harus lebih dari nol.")
    return number


def _check_version(model, obj, expected_version) -> int:
    current = model.objects.select_for_update().filter(pk=obj.pk).values_list("version", flat=True).first()
    if current is None:
        raise PartnerError("Data ini sudah dihapus.")
    if expected_version is not None and int(expected_version) != current:
        last = history_for(obj).first()
        who = last.actor.username if last and last.actor else "pengguna lain"
        raise PartnerError(
            f"Data ini sudah diubah oleh {who} sejak Anda membukanya; perubahan Anda belum disimpan. "
            "Muat ulang halaman lalu ulangi."
        )
    return current


@transaction.atomic
def agreement_save(
    *, actor, agreement: Agreement | None, data: dict, organisations, document=None, expected_version=None
) -> Agreement:
    _require_office(actor)
    if data["ends_on"] < data["signed_on"]:
        raise PartnerError("Tanggal berakhir tidak boleh sebelum tanggal tanda tangan.")
    organisations = list(organisations)
    if not organisations:
        raise PartnerError("Pilih paling sedikit satu organisasi mitra.")
    fields = [f for f in AGREEMENT_FIELDS if f in data]
    creating = agreement is None
    if creating:
        agreement = Agreement()
        before = {}
    else:
        current = _check_version(Agreement, agreement, expected_version)
        agreement = Agreement.objects.get(pk=agreement.pk)
        before = snapshot(agreement, fields)
        before["mitra"] = sorted(agreement.organisations.values_list("name", flat=True))
        agreement.version = current + 1
    for f in fields:
        setattr(agreement, f, data[f])
    if document is not None:
        agreement.document = document
    if "ends_on" in data and not creating and str(data["ends_on"]) != before.get("ends_on"):
        agreement.reminded_60_on = agreement.reminded_30_on = None  # a new end date: remind again
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError:
        raise PartnerError(f"Nomor perjanjian “{data.get('number')}” sudah dipakai.") from None
    agreement.organisations.set(organisations)
    after = snapshot(agreement, fields)
    after["mitra"] = sorted(o.name for o in organisations)
    if document is not None:
        after["dokumen"] = agreement.document.name.rsplit("/", 1)[-1]
    record_change(
        instance=agreement,
        action=ChangeLog.Action.CREATE if creating else ChangeLog.Action.UPDATE,
        actor=actor,
        changes=diff(before, after),
    )
    return agreement


@transaction.atomic
def contact_save(*, actor, organisation: PartnerOrganisation, data: dict) -> Contact:
    _require_office(actor)
    if not (data.get("name") or "").strip():
        raise PartnerError("Nama narahubung wajib diisi.")
    contact = Contact.objects.create(organisation=organisation, **data)
    record_change(
        instance=contact,
        action=ChangeLog.Action.CREATE,
        actor=actor,
        changes=diff({}, snapshot(contact, ["name", "position", "phone", "email"])),
    )
    return contact


@transaction.atomic
def commitment_save(*, actor, commitment: Commitment | None, data: dict, expected_version=None) -> Commitment:
    _require_office(actor)
    data = dict(data)
    data["quantity"] = _quantity(data.get("quantity"))
    agreement_id = data.get("agreement_id")
    if agreement_id and not Agreement.objects.filter(pk=agreement_id, organisations=data["organisation_id"]).exists():
        raise PartnerError("Perjanjian itu bukan perjanjian organisasi mitra ini.")
    fields = [f for f in COMMITMENT_FIELDS if f in data]
    if commitment is None:
        commitment = Commitment(**{f: data[f] for f in fields})
        commitment.save()
        record_change(
            instance=commitment,
            action=ChangeLog.Action.CREATE,
            actor=actor,
            changes=diff({}, snapshot(commitment, fields)),
        )
        return commitment
    current = _check_version(Commitment, commitment, expected_version)
    commitment = Commitment.objects.get(pk=commitment.pk)
    before = {k: str(v) if isinstance(v, Decimal) else v for k, v in snapshot(commitment, fields).items()}
    for f in fields:
        setattr(commitment, f, data[f])
    commitment.version = current + 1
    commitment.save()
    record_change(
        instance=commitment,
        action=ChangeLog.Action.UPDATE,
        actor=actor,
        changes=diff(
            before, {k: str(v) if isinstance(v, Decimal) else v for k, v in snapshot(commitment, fields).items()}
        ),
    )
    return commitment


@transaction.atomic
def delivery_record(
    *, actor, commitment: Commitment, quantity, delivered_on: dt.date | None = None, note: str = ""
) -> Delivery:
    """A delivery against a commitment, by office staff or by a member of the partner organisation."""
    if is_office(actor):
        source = Delivery.Source.STAFF
    elif member_of(actor, commitment.organisation_id):
        source = Delivery.Source.PARTNER
    else:
        raise PartnerError("Anda tidak dapat mencatat penyerahan untuk komitmen ini.")
    today = timezone.localdate()
    delivered_on = delivered_on or today
    if delivered_on > today:
        raise PartnerError("Tanggal penyerahan tidak boleh di masa depan.")
    delivery = Delivery.objects.create(
        commitment=commitment,
        quantity=_quantity(quantity),
        delivered_on=delivered_on,
        note=(note or "").strip()[:250],
        source=source,
        recorded_by=actor,
    )
    record_change(
        instance=delivery,
        action=ChangeLog.Action.CREATE,
        actor=actor,
        changes={"komitmen": [None, str(commitment)], "jumlah": [None, str(delivery.quantity)]},
    )
    return delivery


# --- deliveries Sentra already knows of: a partner organisation joining or training at a session ----------


def _trainer_commitment(organisation_id, session) -> Commitment | None:
    """The organisation's trainer-days commitment a session counts against: one it already counts against,
    else the earliest due one not yet fulfilled."""
    existing = Delivery.objects.filter(session=session, commitment__organisation_id=organisation_id).first()
    if existing:
        return existing.commitment
    for c in (
        Commitment.objects.filter(organisation_id=organisation_id, kind=Commitment.Kind.TRAINER_DAYS)
        .annotate(done=Sum("deliveries__quantity"))
        .order_by("due_on", "id")
    ):
        if (c.done or 0) < c.quantity:
            return c
    return None


def deliveries_from_session(*, session, organisation_id, people: int, actor=None) -> Delivery | None:
    """Called by programs when a partner organisation joins a session (or changes how many it sends): the
    session delivers people × days trainer days against its trainer-days commitment. Idempotent per session."""
    commitment = _trainer_commitment(organisation_id, session)
    if commitment is None:
        return None
    quantity = Decimal(people) * len(session.days)
    delivery = Delivery.objects.filter(session=session, commitment=commitment).first()
    if delivery is None:
        delivery = Delivery.objects.create(
            commitment=commitment,
            session=session,
            quantity=quantity,
            delivered_on=session.starts_on,
            note=f"Kegiatan “{session.title}”"[:250],
            source=Delivery.Source.SESSION,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_change(
            instance=delivery,
            action=ChangeLog.Action.CREATE,
            actor=actor,
            changes={"komitmen": [None, str(commitment)], "jumlah": [None, str(quantity)]},
            source="kegiatan",
        )
    elif delivery.quantity != quantity:
        before = str(delivery.quantity)
        delivery.quantity = quantity
        delivery.save(update_fields=["quantity"])
        record_change(
            instance=delivery,
            action=ChangeLog.Action.UPDATE,
            actor=actor,
            changes={"jumlah": [before, str(quantity)]},
            source="kegiatan",
        )
    return delivery


def deliveries_from_trainers(*, session, actor=None) -> list[Delivery]:
    """Called by programs when a session is completed: each organisation of its trainers that did not confirm
    a join (which counts people already) delivers one trainer per session day."""
    joined = set(session.partner_joins.values_list("organisation_id", flat=True))
    out = []
    for org_id in session.trainer_organisations.values_list("pk", flat=True):
        if org_id not in joined:
            delivery = deliveries_from_session(session=session, organisation_id=org_id, people=1, actor=actor)
            if delivery is not None:
                out.append(delivery)
    return out


def deliveries_withdraw_session(*, session, organisation_id, actor=None) -> None:
    """The organisation withdrew from the session: its automatic delivery goes too (logged)."""
    for delivery in Delivery.objects.filter(session=session, commitment__organisation_id=organisation_id):
        record_change(
            instance=delivery,
            action=ChangeLog.Action.DELETE,
            actor=actor,
            changes={"jumlah": [str(delivery.quantity), None]},
            source="kegiatan",
        )
        delivery.delete()


# --- reminders before an agreement ends ------------------------------------------------------------------


def _office_emails() -> list[str]:
    users = get_user_model().objects.filter(is_active=True, role__in=["admin", "staff"]).exclude(email="")
    return sorted(users.values_list("email", flat=True))


@transaction.atomic
def agreement_reminders(*, today: dt.date | None = None, base_url: str = "") -> list[tuple[Agreement, int]]:
    """Remind office staff (e-mail and a dashboard notice) 60 and 30 days before an agreement in force ends;
    each reminder once (a run missed for a few days still sends it). Agreements past their end become
    'berakhir'. Returns [(agreement, days)] reminded."""
    today = today or timezone.localdate()
    sent = []
    active = Agreement.objects.select_for_update().filter(
        status__in=[Agreement.Status.ACTIVE, Agreement.Status.EXTENDED]
    )
    for agreement in active:
        left = (agreement.ends_on - today).days
        if left < 0:
            agreement.status = Agreement.Status.ENDED
            agreement.save(update_fields=["status"])
            record_change(
                instance=agreement,
                action=ChangeLog.Action.UPDATE,
                changes={"status": ["berlaku", "berakhir"]},
                source="agreement_reminders",
            )
            continue
        days = None
        if left <= 30 and agreement.reminded_30_on is None:
            days, agreement.reminded_30_on = 30, today
            agreement.reminded_60_on = agreement.reminded_60_on or today
        elif 30 < left <= 60 and agreement.reminded_60_on is None:
            days, agreement.reminded_60_on = 60, today
        if days is None:
            continue
        agreement.save(update_fields=["reminded_60_on", "reminded_30_on"])
        path = f"/kemitraan/perjanjian/{agreement.pk}/"
        text = (
            f"Perjanjian {agreement.number} “{agreement.title}” berakhir {agreement.ends_on:%d-%m-%Y} "
            f"({left} hari lagi)."
        )
        Notice.objects.create(text=text[:300], url=path, agreement=agreement)
        recipients = _office_emails()
        if recipients:
            send_mail(
                f"Pengingat: perjanjian {agreement.number} berakhir dalam {left} hari",
                f"{text}\n\nPerpanjang atau akhiri di Sentra: {base_url}{path}\n",
                settings.DEFAULT_FROM_EMAIL,
                recipients,
            )
        sent.append((agreement, days))
    return sent


@transaction.atomic
def notice_dismiss(*, actor, notice: Notice) -> None:
    _require_office(actor)
    notice.dismissed_at = timezone.now()
    notice.save(update_fields=["dismissed_at"])
