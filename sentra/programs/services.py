"""Writes for programs. Each function is one transaction, checks its rules, raises ProgramError with an
Indonesian message, and records who changed what."""

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sentra.core.audit import diff, record_change, snapshot
from sentra.core.models import ChangeLog
from sentra.programs.dates import add_months
from sentra.programs.models import Attendance, Certificate, Enrollment, FollowUp, Program, Prospect, Session
from sentra.registry.models import Business, Permit
from sentra.registry.services import RegistryError, business_save
from sentra.registry.validators import whatsapp_link


class ProgramError(Exception):
    """A rule of the programs module was broken; the message is Indonesian and meant for the user."""


# --- eligibility and enrolment ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Eligibility:
    """A session's target group, read once (empty = no restriction)."""

    sectors: frozenset
    districts: frozenset
    scales: frozenset

    @classmethod
    def of(cls, session: Session) -> "Eligibility":
        return cls(
            frozenset(session.eligible_sectors.values_list("pk", flat=True)),
            frozenset(session.eligible_districts.values_list("pk", flat=True)),
            frozenset(session.eligible_scales or []),
        )


def session_eligibility_error(session: Session | Eligibility, business: Business) -> str:
    """Why `business` may not join `session` ("" when it may)."""
    rules = session if isinstance(session, Eligibility) else Eligibility.of(session)
    if rules.sectors and business.sector_id not in rules.sectors:
        return f"{business.name}: sektor {business.sector.name} tidak termasuk sasaran kegiatan ini."
    if rules.districts and business.district_id not in rules.districts:
        return f"{business.name}: Kecamatan {business.district.name} tidak termasuk sasaran kegiatan ini."
    if rules.scales and business.scale not in rules.scales:
        return f"{business.name}: skala usaha {business.get_scale_display() or '–'} tidak termasuk sasaran."
    if business.status == Business.Status.CLOSED:
        return f"{business.name}: usaha sudah tutup."
    return ""


def _locked(session: Session) -> Session:
    """The session row, locked until the end of the transaction (PostgreSQL: SELECT … FOR UPDATE; SQLite:
    the IMMEDIATE transaction already holds the write lock). Every seat change goes through here, so two
    people can never take the last seat at once."""
    return Session.objects.select_for_update().get(pk=session.pk)


def _seats_taken(session: Session) -> int:
    return session.enrollments.filter(status=Enrollment.Status.ENROLLED).count()


def _log(enrollment: Enrollment, actor, changes: dict, action=ChangeLog.Action.UPDATE, source="web"):
    record_change(instance=enrollment, action=action, actor=actor, changes=changes, source=source)


def _add(session: Session, *, actor, business=None, prospect=None, source="web") -> Enrollment:
    active = session.enrollments.exclude(status=Enrollment.Status.CANCELLED)
    if business is not None and active.filter(business=business).exists():
        raise ProgramError(f"{business.name} sudah terdaftar pada kegiatan ini.")
    if prospect is not None and active.filter(prospect=prospect).exists():
        raise ProgramError(f"{prospect.name} sudah terdaftar pada kegiatan ini.")
    status = Enrollment.Status.ENROLLED if _seats_taken(session) < session.quota else Enrollment.Status.WAITLISTED
    enrollment = Enrollment.objects.create(
        session=session, business=business, prospect=prospect, status=status, enrolled_by=_user(actor)
    )
    _log(
        enrollment,
        actor,
        {"session": [None, session.pk], "status": [None, status]},
        action=ChangeLog.Action.CREATE,
        source=source,
    )
    return enrollment


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def enrollment_create(
    *, actor, session: Session, business: Business | None = None, prospect: Prospect | None = None, source="web"
) -> Enrollment:
    """Staff enrol one business or PKW prospect: a seat while the quota lasts, else the waitlist."""
    if (business is None) == (prospect is None):
        raise ProgramError("Pilih satu IKM atau satu calon wirausaha.")
    with transaction.atomic():
        session = _locked(session)
        if session.status in {Session.Status.DONE, Session.Status.CANCELLED}:
            raise ProgramError("Kegiatan ini sudah selesai atau dibatalkan.")
        if business is not None:
            error = session_eligibility_error(session, business)
            if error:
                raise ProgramError(error)
        return _add(session, actor=actor, business=business, prospect=prospect, source=source)


def enrollment_self_signup(*, user, session: Session, business: Business) -> Enrollment:
    """An owner signs their own business up to a session open for sign-up."""
    if business.owner.user_id != user.pk:
        raise ProgramError("Anda hanya dapat mendaftarkan usaha milik Anda sendiri.")
    with transaction.atomic():
        session = _locked(session)
        if not session.open_for_signup:
            raise ProgramError("Pendaftaran kegiatan ini tidak dibuka.")
        error = session_eligibility_error(session, business)
        if error:
            raise ProgramError(error)
        return _add(session, actor=user, business=business, source="pemilik")


@dataclass
class BulkResult:
    enrolled: int = 0
    waitlisted: int = 0
    skipped: list[str] = field(default_factory=list)


def enrollments_bulk_create(*, actor, session: Session, businesses) -> BulkResult:
    """Enrol every business of a registry filter, in order: seats first, then the waitlist. Ineligible
    businesses and those already enrolled are skipped and named."""
    result = BulkResult()
    with transaction.atomic():
        session = _locked(session)
        if session.status in {Session.Status.DONE, Session.Status.CANCELLED}:
            raise ProgramError("Kegiatan ini sudah selesai atau dibatalkan.")
        already = set(
            session.enrollments.exclude(status=Enrollment.Status.CANCELLED).values_list("business_id", flat=True)
        )
        rules = Eligibility.of(session)
        free = session.quota - _seats_taken(session)
        new = []
        for business in businesses:
            if business.pk in already:
                result.skipped.append(f"{business.name}: sudah terdaftar.")
                continue
            error = session_eligibility_error(rules, business)
            if error:
                result.skipped.append(error)
                continue
            already.add(business.pk)
            seated = len(new) < free
            new.append(
                Enrollment(
                    session=session,
                    business=business,
                    status=Enrollment.Status.ENROLLED if seated else Enrollment.Status.WAITLISTED,
                    enrolled_by=_user(actor),
                )
            )
        # One statement for the rows and one for their history: the session stays locked only briefly.
        Enrollment.objects.bulk_create(new, batch_size=500)
        content_type = ContentType.objects.get_for_model(Enrollment)
        ChangeLog.objects.bulk_create(
            [
                ChangeLog(
                    content_type=content_type,
                    object_id=str(e.pk),
                    object_repr=str(e)[:255],
                    action=ChangeLog.Action.CREATE,
                    changes={"session": [None, session.pk], "status": [None, e.status]},
                    actor=_user(actor),
                    source="web",
                )
                for e in new
            ],
            batch_size=500,
        )
        result.enrolled = sum(1 for e in new if e.status == Enrollment.Status.ENROLLED)
        result.waitlisted = len(new) - result.enrolled
    return result


def _promote_waitlist(session: Session, *, actor) -> list[Enrollment]:
    promoted = []
    free = session.quota - _seats_taken(session)
    waiting = session.enrollments.filter(status=Enrollment.Status.WAITLISTED).order_by("created_at", "id")
    for enrollment in list(waiting[: max(free, 0)]):
        enrollment.status = Enrollment.Status.ENROLLED
        enrollment.save(update_fields=["status"])
        _log(enrollment, actor, {"status": [Enrollment.Status.WAITLISTED, Enrollment.Status.ENROLLED]})
        promoted.append(enrollment)
        transaction.on_commit(lambda e=enrollment: _mail_promoted(e))
    return promoted


def enrollment_cancel(*, actor, enrollment: Enrollment) -> list[Enrollment]:
    """Cancel a seat or a waitlist place; a freed seat goes to the first on the waitlist."""
    with transaction.atomic():
        session = _locked(enrollment.session)
        enrollment = Enrollment.objects.get(pk=enrollment.pk)
        if enrollment.status == Enrollment.Status.CANCELLED:
            raise ProgramError("Pendaftaran ini sudah dibatalkan.")
        if session.is_finished:
            raise ProgramError(_("Kegiatan ini sudah selesai; pendaftarannya tidak dapat dibatalkan lagi."))
        _log(enrollment, actor, {"status": [enrollment.status, Enrollment.Status.CANCELLED]})
        enrollment.status = Enrollment.Status.CANCELLED
        enrollment.save(update_fields=["status"])
        return _promote_waitlist(session, actor=actor)


PROGRAM_FIELDS = [
    "year",
    "title",
    "program_type_id",
    "description",
    "organiser",
    "funding_source",
    "budget",
    "target_participants",
    "intended_outcomes",
    "min_attendance_pct",
    "followup_months",
]


def program_save(*, actor, form) -> Program:
    """Save a program from its ModelForm and record the change."""
    program = form.instance
    before = _stored(program, PROGRAM_FIELDS)
    with transaction.atomic():
        if program.pk is None:
            program.created_by = _user(actor)
        saved = form.save()
        _log_save(saved, actor, before, PROGRAM_FIELDS)
    return saved


def _stored(instance, fields=None) -> dict | None:
    """The stored values before a save (None when creating)."""
    if instance.pk is None:
        return None
    return snapshot(type(instance).objects.get(pk=instance.pk), fields)


def _log_save(instance, actor, before: dict | None, fields=None, source="web"):
    record_change(
        instance=instance,
        action=ChangeLog.Action.CREATE if before is None else ChangeLog.Action.UPDATE,
        actor=actor,
        changes=diff(before or {}, snapshot(instance, fields)),
        source=source,
    )


def session_save(*, actor, session: Session, form) -> Session:
    """Save a session from its ModelForm; a raised quota promotes from the waitlist."""
    with transaction.atomic():
        if session.pk is not None:
            _locked(session)  # the quota must not change under a sign-up in progress
        before = _stored(session)
        saved = form.save()
        _log_save(saved, actor, before)
        if before is not None:
            _promote_waitlist(saved, actor=actor)
    return saved


# --- attendance and completion ------------------------------------------------------------------------


def attendance_mark(*, actor, session: Session, day: dt.date, present_ids, source="web") -> int:
    """Record who was present on `day` (every seated participant not listed is absent). Returns the
    number present."""
    if day not in session.days:
        raise ProgramError(f"Tanggal {day:%d-%m-%Y} bukan hari kegiatan ini.")
    present_ids = {int(i) for i in present_ids}
    seated = {e.pk: e for e in session.enrollments.filter(status=Enrollment.Status.ENROLLED)}
    unknown = present_ids - set(seated)
    if unknown:
        raise ProgramError("Sebagian peserta yang ditandai tidak terdaftar pada kegiatan ini.")
    with transaction.atomic():
        existing = {a.enrollment_id: a for a in Attendance.objects.filter(enrollment__in=seated.values(), day=day)}
        changes = {}
        for pk, enrollment in seated.items():
            present = pk in present_ids
            record = existing.get(pk)
            if record is None:
                Attendance.objects.create(enrollment=enrollment, day=day, present=present, marked_by=_user(actor))
                changes[f"hadir {day:%Y-%m-%d} #{pk}"] = [None, present]
            elif record.present != present:
                changes[f"hadir {day:%Y-%m-%d} #{pk}"] = [record.present, present]
                record.present = present
                record.marked_by = _user(actor)
                record.save(update_fields=["present", "marked_by", "marked_at"])
        record_change(instance=session, action=ChangeLog.Action.UPDATE, actor=actor, changes=changes, source=source)
    return len(present_ids)


def attendance_import(*, actor, session: Session, marks: dict) -> int:
    """An uploaded sheet: {day: present enrollment ids}; every day or none is saved."""
    with transaction.atomic():
        for day, ids in sorted(marks.items()):
            attendance_mark(actor=actor, session=session, day=day, present_ids=ids, source="unggah")
    return len(marks)


def attendance_rate(enrollment: Enrollment, days: int) -> float:
    present = sum(1 for a in enrollment.attendance.all() if a.present)
    return 100.0 * present / days if days else 0.0


def session_complete_check(session: Session, today: dt.date | None = None) -> None:
    """Raise ProgramError (Indonesian) when the session cannot be closed yet."""
    today = today or timezone.localdate()
    if session.status == Session.Status.CANCELLED:
        raise ProgramError(_("Kegiatan yang dibatalkan tidak dapat ditetapkan kelulusannya."))
    if session.ends_on > today:
        raise ProgramError(
            _("Kelulusan baru dapat ditetapkan sesudah hari terakhir kegiatan (%(day)s).")
            % {"day": date_format(session.ends_on, "j F Y")}
        )
    if not Attendance.objects.filter(enrollment__session=session).exists():
        raise ProgramError(_("Isi daftar hadir dulu: belum ada kehadiran yang dicatat untuk kegiatan ini."))


def session_complete(*, actor, session: Session) -> int:
    """Apply the program's completion rule to every seated participant, mark the session done and
    schedule the follow-ups. Returns the number who completed.

    Refused before the session's last day, when no attendance was recorded, and for a cancelled
    session: one click on an upcoming session must not mark it done with nobody graduated."""
    with transaction.atomic():
        session = _locked(session)
        session_complete_check(session)
        program = session.program
        days = len(session.days)
        completed = 0
        for enrollment in session.enrollments.filter(status=Enrollment.Status.ENROLLED).prefetch_related("attendance"):
            done = attendance_rate(enrollment, days) >= program.min_attendance_pct
            if done != enrollment.completed:
                _log(enrollment, actor, {"completed": [enrollment.completed, done]})
                enrollment.completed = done
                enrollment.save(update_fields=["completed"])
            if done:
                completed += 1
                for months in program.followup_months or []:
                    FollowUp.objects.get_or_create(
                        enrollment=enrollment,
                        months=int(months),
                        defaults={"due_on": add_months(session.ends_on, int(months))},
                    )
        if session.status != Session.Status.DONE:
            record_change(
                instance=session,
                action=ChangeLog.Action.UPDATE,
                actor=actor,
                changes={"status": [session.status, Session.Status.DONE]},
            )
            session.status = Session.Status.DONE
            session.save(update_fields=["status"])
        from sentra.partners.services import deliveries_from_trainers

        deliveries_from_trainers(session=session, actor=actor)  # organisations that trained deliver trainer days
    return completed


# --- certificates ------------------------------------------------------------------------------------


def _check_code(year: int, serial: int) -> str:
    """The check code of a new number, under SENTRA_CERTIFICATE_KEY (a dedicated key; when unset, the
    SECRET_KEY-derived key of the first releases, so numbers stay the same). Verification does not recompute
    it: it looks the stored number up, so rotating either key never invalidates an issued certificate."""
    key = ("sentra-certificate:" + (getattr(settings, "SENTRA_CERTIFICATE_KEY", "") or settings.SECRET_KEY)).encode()
    digest = hmac.new(key, f"{year}-{serial:05d}".encode(), hashlib.sha256).hexdigest()
    return digest[:6].upper()


def certificate_number(year: int, serial: int) -> str:
    return f"DKR-{year}-{serial:05d}-{_check_code(year, serial)}"


def certificate_verify(number: str) -> Certificate | None:
    """The certificate with this number, or None for anything forged, altered or unknown."""
    parts = (number or "").strip().upper().split("-")
    if len(parts) != 4 or parts[0] != "DKR" or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    year, serial = int(parts[1]), int(parts[2])
    if len(parts[3]) != 6:
        return None
    # the stored number, as issued: a forged or altered check code matches nothing
    certificate = Certificate.objects.filter(year=year, serial=serial).first()
    typed = f"DKR-{year}-{serial:05d}-{parts[3]}"
    if certificate is None or not hmac.compare_digest(certificate.number.upper(), typed):
        return None
    return certificate


def certificate_issue(*, actor, enrollment: Enrollment) -> Certificate:
    """Issue (once) the certificate of a participant who completed. Serial numbers run per year."""
    existing = Certificate.objects.filter(enrollment=enrollment).first()
    if existing:
        return existing
    enrollment = Enrollment.objects.select_related("business__owner", "prospect", "session__program").get(
        pk=enrollment.pk
    )
    if not enrollment.completed or enrollment.status != Enrollment.Status.ENROLLED:
        raise ProgramError(f"{enrollment.participant_name} belum memenuhi syarat kelulusan.")
    session = enrollment.session
    year = session.ends_on.year
    for _attempt in range(5):
        try:
            with transaction.atomic():
                serial = (Certificate.objects.filter(year=year).aggregate(m=Max("serial"))["m"] or 0) + 1
                holder = enrollment.business.owner.name if enrollment.business_id else enrollment.prospect.name
                certificate = Certificate.objects.create(
                    enrollment=enrollment,
                    year=year,
                    serial=serial,
                    number=certificate_number(year, serial),
                    holder_name=holder,
                    program_title=session.program.title,
                    session_date=session.ends_on,
                    issued_on=timezone.localdate(),
                    issued_by=_user(actor),
                )
                record_change(
                    instance=certificate,
                    action=ChangeLog.Action.CREATE,
                    actor=actor,
                    changes={"number": [None, certificate.number]},
                )
                return certificate
        except IntegrityError:
            existing = Certificate.objects.filter(enrollment=enrollment).first()
            if existing:
                return existing
    raise ProgramError("Nomor sertifikat tidak dapat dibuat; coba lagi.")


def certificates_issue_for_session(*, actor, session: Session) -> list[Certificate]:
    enrollments = session.enrollments.filter(status=Enrollment.Status.ENROLLED, completed=True).select_related(
        "business__owner", "prospect", "session__program"
    )
    return [certificate_issue(actor=actor, enrollment=e) for e in enrollments]


# --- PKW prospects ------------------------------------------------------------------------------------


PROSPECT_FIELDS = ["name", "nik", "birth_date", "phone", "email", "address", "district_id"]


def prospect_save(*, actor, prospect: Prospect, data: dict) -> Prospect:
    before = _stored(prospect, PROSPECT_FIELDS)
    for name, value in data.items():
        setattr(prospect, name, value)
    with transaction.atomic():
        prospect.save()
        _log_save(prospect, actor, before, PROSPECT_FIELDS)
    return prospect


def prospect_convert(*, actor, prospect: Prospect, business_data: dict, nib: str = "") -> Business:
    """The prospect started a business: it enters the registry (through the registry's own service, owned
    by the prospect) and stays linked to the PKW cohort."""
    if prospect.business_id:
        raise ProgramError(f"{prospect.name} sudah tercatat memiliki usaha “{prospect.business.name}”.")
    data = {"district_id": prospect.district_id, **business_data}
    owner_data = {
        "name": prospect.name,
        "nik": prospect.nik,
        "phone": prospect.phone,
        "email": prospect.email,
        "address": prospect.address,
        "birth_date": prospect.birth_date,
    }
    with transaction.atomic():
        try:
            business = business_save(
                actor=actor,
                business=None,
                business_data=data,
                owner_data=owner_data,
                permits=[{"kind": Permit.Kind.NIB, "number": nib}] if nib else None,
                source="pkw",
            )
        except RegistryError as exc:
            raise ProgramError(str(exc)) from exc
        prospect.business = business
        prospect.converted_on = timezone.localdate()
        prospect.save(update_fields=["business", "converted_on"])
        record_change(
            instance=prospect,
            action=ChangeLog.Action.UPDATE,
            actor=actor,
            changes={"business": [None, business.pk]},
            source="pkw",
        )
    return business


# --- follow-ups --------------------------------------------------------------------------------------


FOLLOWUP_FIELDS = ["sells_online", "new_market_level", "exporting", "new_products", "revenue_change_pct", "note"]


def followup_record(*, actor, followup: FollowUp, data: dict, source: str) -> FollowUp:
    before = snapshot(followup, FOLLOWUP_FIELDS)
    for name in FOLLOWUP_FIELDS:
        if name in data:
            setattr(followup, name, data[name])
    followup.recorded_on = timezone.localdate()
    followup.recorded_by = _user(actor)
    followup.source = source
    with transaction.atomic():
        followup.save()
        record_change(
            instance=followup,
            action=ChangeLog.Action.UPDATE,
            actor=actor,
            changes=diff(before, snapshot(followup, FOLLOWUP_FIELDS)),
            source=source,
        )
    return followup


def followups_remind_due(*, today: dt.date | None = None, base_url: str = "") -> int:
    """E-mail the owner of every due, unrecorded, not yet reminded follow-up once. Returns e-mails sent."""
    today = today or timezone.localdate()
    due = FollowUp.objects.filter(due_on__lte=today, recorded_on__isnull=True, reminded_on__isnull=True).select_related(
        "enrollment__business__owner", "enrollment__prospect", "enrollment__session__program"
    )
    sent = 0
    for followup in due:
        name, _phone, email = followup.enrollment.contact
        if email:
            send_mail(
                f"Tindak lanjut pelatihan: {followup.enrollment.session.title}",
                f"Yth. {name}, sudah {followup.months} bulan sejak “{followup.enrollment.session.title}”. "
                f"Mohon isi formulir singkat tindak lanjut di {base_url}/program/tindak-lanjut/{followup.pk}/ "
                "atau hubungi staf Dekranasda. Terima kasih.",
                None,
                [email],
            )
            sent += 1
        followup.reminded_on = today
        followup.save(update_fields=["reminded_on"])
    return sent


# --- reminders ---------------------------------------------------------------------------------------


def reminder_text(enrollment: Enrollment) -> str:
    session = enrollment.session
    name = enrollment.contact[0]
    place = session.venue + (f", Kec. {session.district.name}" if session.district_id else "")
    return (
        f"Yth. {name}, mengingatkan kegiatan “{session.title}” ({session.program.title}) "
        f"pada {session.starts_on:%d-%m-%Y}"
        + (f" s.d. {session.ends_on:%d-%m-%Y}" if session.ends_on != session.starts_on else "")
        + f" di {place}. Mohon hadir tepat waktu. Terima kasih. — Dekranasda"
    )


def whatsapp_reminder_link(enrollment: Enrollment) -> str:
    phone = enrollment.contact[1]
    return whatsapp_link(phone, reminder_text(enrollment)) if phone else ""


def session_send_reminders(*, actor, session: Session) -> int:
    """E-mail every seated participant who has an address. Returns the number of e-mails sent."""
    if session.is_finished or session.ends_on < timezone.localdate():
        raise ProgramError(_("Kegiatan ini sudah berlalu; pengingat tidak dikirim."))
    sent = 0
    enrollments = session.enrollments.filter(status=Enrollment.Status.ENROLLED).select_related(
        "business__owner", "prospect", "session__program", "session__district"
    )
    for enrollment in enrollments:
        email = enrollment.contact[2]
        if not email:
            continue
        send_mail(f"Pengingat: {session.title}", reminder_text(enrollment), None, [email])
        sent += 1
    record_change(
        instance=session, action=ChangeLog.Action.UPDATE, actor=actor, changes={"pengingat e-mail": [None, sent]}
    )
    return sent


def _mail_promoted(enrollment: Enrollment):
    email = enrollment.contact[2]
    if email:
        session = enrollment.session
        send_mail(
            f"Kursi tersedia: {session.title}",
            f"Yth. {enrollment.contact[0]}, kursi pada “{session.title}” kini menjadi milik Anda "
            f"(sebelumnya daftar tunggu). Kegiatan mulai {session.starts_on:%d-%m-%Y} di {session.venue}.",
            None,
            [email],
        )
