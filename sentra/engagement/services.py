"""Writes of the engagement module: survey answers, poll votes, ideas and their life cycle.

Every function validates, writes inside one transaction and records who changed what (ChangeLog)."""

import hashlib
import hmac
import re
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core.audit import record_change
from sentra.core.models import ChangeLog
from sentra.engagement.models import (
    ELEMENT_FIELDS,
    SUM_FIELDS,
    Idea,
    Poll,
    PollVote,
    Service,
    SkmTally,
    SurveyPeriod,
    SurveyResponse,
)
from sentra.engagement.skm import MAX_SCORE, MIN_SCORE, N_ELEMENTS

SKM_ANON_PER_IP_PER_HOUR = settings.SKM_ANON_PER_IP_PER_HOUR
POLL_VOTES_PER_IP_PER_HOUR = settings.POLL_VOTES_PER_IP_PER_HOUR
MAX_COMPLAINT = 2000


class EngagementError(Exception):
    """A refusal with a message for the person (Indonesian)."""


def ALREADY_ANSWERED():  # noqa: N802 - a message constant, translated when raised
    return _("Anda sudah mengisi survei untuk layanan ini pada periode ini. Terima kasih.")


def ip_hash(ip: str | None) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), (ip or "").encode(), hashlib.sha256).hexdigest()


# --- survey --------------------------------------------------------------------------------------------------


def check_scores(scores) -> list[int]:
    if len(scores) != N_ELEMENTS:
        raise EngagementError(_("Jawaban harus berisi nilai untuk 9 unsur."))
    clean = []
    for i, score in enumerate(scores, start=1):
        try:
            value = int(score)
        except (TypeError, ValueError):
            raise EngagementError(_("Unsur U%(i)s belum dijawab.") % {"i": i}) from None
        if not MIN_SCORE <= value <= MAX_SCORE:
            raise EngagementError(_("Nilai unsur U%(i)s harus 1 sampai 4.") % {"i": i})
        clean.append(value)
    return clean


def survey_submit(
    *,
    period: SurveyPeriod,
    service: Service,
    scores: list,
    profile: dict,
    complaint: str = "",
    user=None,
    ip: str | None = None,
    now=None,
) -> SurveyResponse:
    """Store one answer. Refused: a closed period, a service outside the period, bad scores, a second answer
    of a signed-in owner for the same period and service, too many anonymous answers from one address."""
    now = now or timezone.now()
    if not period.is_open(timezone.localdate(now)):
        raise EngagementError(_("Periode survei “%(p)s” sudah ditutup; jawaban tidak dapat diterima.") % {"p": period})
    if not period.services.filter(pk=service.pk).exists():
        raise EngagementError(_("Layanan ini tidak termasuk dalam periode survei."))
    values = check_scores(scores)
    complaint = (complaint or "").strip()
    if len(complaint) > MAX_COMPLAINT:
        raise EngagementError(
            _("Saran/pengaduan terlalu panjang (%(n)s karakter); batasnya %(max)s.")
            % {"n": len(complaint), "max": MAX_COMPLAINT}
        )
    owner = user if (user is not None and user.is_authenticated and user.role == "owner") else None
    hashed = ip_hash(ip)
    if owner is None:
        recent = SurveyResponse.objects.filter(
            anonymous=True, ip_hash=hashed, submitted_at__gte=now - timedelta(hours=1)
        ).count()
        if recent >= SKM_ANON_PER_IP_PER_HOUR:
            raise EngagementError(_("Terlalu banyak jawaban dari alamat ini dalam satu jam. Coba lagi nanti."))
    elif SurveyResponse.objects.filter(period=period, service=service, respondent=owner).exists():
        raise EngagementError(ALREADY_ANSWERED())
    response = SurveyResponse(
        period=period,
        service=service,
        respondent=owner,
        anonymous=owner is None,
        ip_hash=hashed,
        submitted_at=now,
        **dict(zip(ELEMENT_FIELDS, values, strict=True)),
        **{k: profile[k] for k in ("age_band", "sex", "education", "occupation")},
    )
    try:
        with transaction.atomic():
            response.save()
            tally_add(response)
            if complaint:
                idea_create(
                    actor=None,
                    data={
                        "category": Idea.Category.OTHER,
                        "text": complaint,
                        "source": Idea.Source.SKM,
                        "source_note": f"SKM {period} — {service}",
                    },
                    submitted_by=owner,
                )
    except IntegrityError:
        raise EngagementError(
            _("Anda sudah mengisi survei untuk layanan ini pada periode ini. Terima kasih.")
        ) from None
    return response


def tally_add(response: SurveyResponse) -> None:
    """Add one answer to its period's running totals (inside the answer's transaction)."""
    key = {
        "period_id": response.period_id,
        "service_id": response.service_id,
        "anonymous": response.anonymous,
        "age_band": response.age_band,
        "sex": response.sex,
        "education": response.education,
        "occupation": response.occupation,
    }
    scores = response.scores()
    increments = {"n": F("n") + 1, **{f: F(f) + v for f, v in zip(SUM_FIELDS, scores, strict=True)}}
    if SkmTally.objects.filter(**key).update(**increments):
        return
    try:
        with transaction.atomic():
            SkmTally.objects.create(**key, n=1, **dict(zip(SUM_FIELDS, scores, strict=True)))
    except IntegrityError:  # another answer created the row meanwhile
        SkmTally.objects.filter(**key).update(**increments)


@transaction.atomic
def period_save(*, actor, form) -> SurveyPeriod:
    from sentra.core.audit import diff, snapshot, stored_snapshot

    before = stored_snapshot(form.instance)
    created = form.instance.pk is None
    period = form.save()
    record_change(
        instance=period,
        action=ChangeLog.Action.CREATE if created else ChangeLog.Action.UPDATE,
        actor=actor,
        changes=diff(before, snapshot(period)),
    )
    return period


@transaction.atomic
def period_close(*, actor, period: SurveyPeriod) -> SurveyPeriod:
    if not period.closed:
        period.closed = True
        period.save(update_fields=["closed"])
        record_change(instance=period, action=ChangeLog.Action.UPDATE, actor=actor, changes={"closed": [False, True]})
    return period


# --- polls ---------------------------------------------------------------------------------------------------


def poll_options(poll: Poll) -> list[str]:
    return list(poll.options) or list(Poll.DEFAULT_OPTIONS)


def poll_vote(*, poll: Poll, option, voter: str, ip: str | None, now=None) -> PollVote:
    now = now or timezone.now()
    if not poll.active:
        raise EngagementError(_("Jajak pendapat ini sudah ditutup."))
    try:
        option = int(option)
    except (TypeError, ValueError):
        raise EngagementError(_("Pilih salah satu jawaban.")) from None
    if not 0 <= option < len(poll_options(poll)):
        raise EngagementError(_("Pilih salah satu jawaban."))
    if not voter:
        raise EngagementError(_("Peramban Anda tidak menyimpan cookie; suara tidak dapat dihitung."))
    if PollVote.objects.filter(poll=poll, voter=voter).exists():
        raise EngagementError(_("Anda sudah memberikan suara pada jajak pendapat ini."))
    hashed = ip_hash(ip)
    recent = PollVote.objects.filter(poll=poll, ip_hash=hashed, created_at__gte=now - timedelta(hours=1)).count()
    if recent >= POLL_VOTES_PER_IP_PER_HOUR:
        raise EngagementError(_("Terlalu banyak suara dari alamat ini dalam satu jam. Coba lagi nanti."))
    try:
        with transaction.atomic():
            return PollVote.objects.create(poll=poll, option=option, voter=voter, ip_hash=hashed, created_at=now)
    except IntegrityError:
        raise EngagementError(_("Anda sudah memberikan suara pada jajak pendapat ini.")) from None


@transaction.atomic
def poll_save(*, actor, form) -> Poll:
    from sentra.core.audit import diff, snapshot, stored_snapshot

    before = stored_snapshot(form.instance)
    created = form.instance.pk is None
    poll = form.save()
    record_change(
        instance=poll,
        action=ChangeLog.Action.CREATE if created else ChangeLog.Action.UPDATE,
        actor=actor,
        changes=diff(before, snapshot(poll)),
    )
    from sentra.engagement.selectors import forget_poll_paths

    forget_poll_paths()
    transaction.on_commit(forget_poll_paths)  # again after commit, in case a reader cached the old list meanwhile
    return poll


# --- ideas ---------------------------------------------------------------------------------------------------

STOPWORDS = {
    "yang", "dan", "di", "ke", "dari", "untuk", "dengan", "pada", "agar", "atau", "ini", "itu", "kami", "kita",
    "saya", "mohon", "tolong", "ada", "bisa", "akan", "juga", "para", "oleh", "dalam", "lebih", "supaya", "nya",
}  # fmt: skip
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize_text(text: str) -> str:
    """Lower case, accents and punctuation removed, common Indonesian function words dropped."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    words = [w for w in _NON_WORD.split(text) if w and w not in STOPWORDS]
    return " ".join(words)


def _status_label(status: str) -> str:
    return Idea.Status(status).label if status in Idea.Status.values else status


TRANSITIONS = {
    Idea.Status.RECEIVED: {Idea.Status.REVIEW, Idea.Status.REJECTED},
    Idea.Status.REVIEW: {Idea.Status.ACTION, Idea.Status.REJECTED},
    Idea.Status.ACTION: {Idea.Status.DONE},
    Idea.Status.DONE: set(),
    Idea.Status.REJECTED: set(),
}


def _check_idea_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise EngagementError(_("Tuliskan usulan Anda."))
    if len(text) > Idea.MAX_TEXT:
        raise EngagementError(
            _("Usulan terlalu panjang (%(n)s karakter); batasnya %(max)s.") % {"n": len(text), "max": Idea.MAX_TEXT}
        )
    return text


@transaction.atomic
def idea_create(*, actor, data: dict, submitted_by=None, business=None, photo=None) -> Idea:
    """A new idea (status diterima). `actor` is who typed it (owner, operator, staff, or None for SKM)."""
    text = _check_idea_text(data.get("text", ""))
    category = data.get("category") or Idea.Category.OTHER
    if category not in Idea.Category.values:
        raise EngagementError(_("Kategori “%(c)s” tidak dikenal.") % {"c": category})
    if business is not None and actor is not None and getattr(actor, "role", None) == "operator":
        if not actor.districts.filter(pk=business.district_id).exists():
            raise EngagementError(_("IKM ini bukan di kecamatan Anda."))
    idea = Idea(
        category=category,
        text=text,
        normalized=normalize_text(text),
        business=business,
        district_id=business.district_id if business is not None else None,
        submitted_by=submitted_by,
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
        source=data.get("source") or Idea.Source.OWNER,
        source_note=(data.get("source_note") or "")[:200],
        contact_email=data.get("contact_email") or "",
        publish_consent=bool(data.get("publish_consent")),
    )
    if photo is not None:
        from sentra.catalog.images import process_upload
        from sentra.catalog.services import CatalogError

        try:
            processed = process_upload(photo)
        except CatalogError as exc:
            raise EngagementError(str(exc)) from None
        name, content = processed.files["large_jpeg"]
        idea.photo.save(name, content, save=False)
    idea.save()
    record_change(
        instance=idea,
        action=ChangeLog.Action.CREATE,
        actor=actor,
        changes={"status": [None, idea.status], "category": [None, idea.category], "source": [None, idea.source]},
    )
    return idea


def idea_recipient(idea: Idea) -> str:
    if idea.contact_email:
        return idea.contact_email
    if idea.submitted_by_id and idea.submitted_by.email:
        return idea.submitted_by.email
    if idea.business_id and idea.business.owner_id:
        owner = idea.business.owner
        return owner.email or (owner.user.email if owner.user_id else "")
    return ""


def idea_message(idea: Idea) -> str:
    lines = [
        _("Usulan Anda #%(pk)s (%(cat)s) kini berstatus: %(status)s.")
        % {"pk": idea.pk, "cat": idea.get_category_display(), "status": idea.get_status_display()},
        "",
        f"“{idea.text[:300]}”",
    ]
    if idea.status == Idea.Status.REJECTED and idea.reject_reason:
        lines += ["", _("Alasan: %(r)s") % {"r": idea.reject_reason}]
    if idea.response:
        lines += ["", _("Tanggapan: %(r)s") % {"r": idea.response}]
    follow = idea_followup_label(idea)
    if follow:
        lines += ["", _("Tindak lanjut: %(f)s") % {"f": follow}]
    lines += ["", _("Terima kasih atas usulan Anda. — Dekranasda")]
    return "\n".join(lines)


def idea_followup_label(idea: Idea) -> str:
    if idea.session_id:
        return f"{idea.session.program.title} — {idea.session.title}"
    if idea.program_id:
        return idea.program.title
    return idea.link_label


def idea_whatsapp_link(idea: Idea) -> str:
    """A wa.me link with the status message, for staff to send by hand (empty without a phone)."""
    from sentra.registry.validators import whatsapp_link

    phone = idea.business.owner.phone if idea.business_id and idea.business.owner_id else ""
    return whatsapp_link(phone, idea_message(idea)) if phone else ""


def idea_transition(
    *,
    actor,
    idea: Idea,
    status: str,
    reason: str = "",
    response: str = "",
    program=None,
    session=None,
    link_label: str = "",
    link_url: str = "",
) -> Idea:
    """Move an idea along diterima → ditinjau → ditindaklanjuti → selesai (or ditolak with a reason).
    Office staff only; the submitter is e-mailed."""
    if not (actor is not None and actor.is_authenticated and actor.is_office):
        raise EngagementError(_("Hanya staf Dekranasda yang dapat mengubah status usulan."))
    with transaction.atomic():
        idea = Idea.objects.select_for_update().get(pk=idea.pk)
        if status not in TRANSITIONS.get(idea.status, set()):
            raise EngagementError(
                _("Status tidak dapat diubah dari “%(a)s” ke “%(b)s”.")
                % {
                    "a": idea.get_status_display(),
                    "b": Idea.Status(status).label if status in Idea.Status.values else status,
                }
            )
        before = {
            f: getattr(idea, f)
            for f in ("status", "reject_reason", "response", "program_id", "session_id", "link_label", "link_url")
        }
        if status == Idea.Status.REJECTED:
            reason = (reason or "").strip()
            if not reason:
                raise EngagementError(_("Tuliskan alasan penolakan; pengusul akan membacanya."))
            idea.reject_reason = reason[:2000]
        if status == Idea.Status.ACTION:
            if session is not None and program is None:
                program = session.program
            if program is None and session is None and not (link_label or "").strip():
                raise EngagementError(_("Pilih program/kegiatan atau tuliskan tindak lanjutnya."))
            idea.program, idea.session = program, session
            idea.link_label, idea.link_url = (link_label or "").strip()[:200], (link_url or "").strip()[:300]
        if response:
            idea.response = response.strip()[:2000]
        idea.status = status
        idea.save()
        after = {f: getattr(idea, f) for f in before}
        record_change(
            instance=idea,
            action=ChangeLog.Action.UPDATE,
            actor=actor,
            changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
        )
    recipient = idea_recipient(idea)
    if recipient:
        send_mail(_("Kabar usulan Anda #%(pk)s") % {"pk": idea.pk}, idea_message(idea), None, [recipient])
    return idea


@transaction.atomic
def idea_group(*, actor, lead: Idea, members: list[Idea]) -> int:
    """Put `members` under `lead` (the group's representative idea); their supporters count for it."""
    if not (actor is not None and actor.is_authenticated and actor.is_office):
        raise EngagementError(_("Hanya staf Dekranasda yang dapat mengelompokkan usulan."))
    if lead.group_id:
        lead = lead.group
    moved = 0
    for member in members:
        if member.pk == lead.pk or member.group_id == lead.pk:
            continue
        # members of the member come along
        Idea.objects.filter(group=member).update(group=lead, updated_at=timezone.now())
        record_change(
            instance=member, action=ChangeLog.Action.UPDATE, actor=actor, changes={"group": [member.group_id, lead.pk]}
        )
        member.group = lead
        member.save(update_fields=["group", "updated_at"])
        moved += 1
    return moved


@transaction.atomic
def idea_ungroup(*, actor, idea: Idea) -> None:
    if not (actor is not None and actor.is_authenticated and actor.is_office):
        raise EngagementError(_("Hanya staf Dekranasda yang dapat mengelompokkan usulan."))
    if idea.group_id:
        record_change(
            instance=idea, action=ChangeLog.Action.UPDATE, actor=actor, changes={"group": [idea.group_id, None]}
        )
        idea.group = None
        idea.save(update_fields=["group", "updated_at"])


def ideas_batch(*, actor, rows: list[dict], source: str, source_note: str = "") -> list[Idea]:
    """All or nothing: each row {category, text, [business]}; returns the ideas. Errors name the row."""
    errors = []
    clean = []
    for number, row in rows:
        category = (row.get("category") or "").strip().lower().replace(" ", "_")
        category = CATEGORY_ALIASES.get(category, category)
        if category not in Idea.Category.values:
            errors.append(
                _("Baris %(n)s: kategori “%(c)s” tidak dikenal.") % {"n": number, "c": row.get("category", "")}
            )
            continue
        try:
            text = _check_idea_text(row.get("text", ""))
        except EngagementError as exc:
            errors.append(_("Baris %(n)s: %(e)s") % {"n": number, "e": exc})
            continue
        clean.append({"category": category, "text": text, "source": source, "source_note": source_note})
    if errors:
        raise EngagementError("\n".join(errors))
    if not clean:
        raise EngagementError(_("Tidak ada usulan yang dapat dibaca."))
    with transaction.atomic():
        return [idea_create(actor=actor, data=data) for data in clean]


CATEGORY_ALIASES = {
    "bahan": "bahan_baku",
    "bahanbaku": "bahan_baku",
    "alat": "peralatan",
    "modal": "permodalan",
    "legal": "legalitas",
    "pemasaran_produk": "pemasaran",
    "lain": "lainnya",
    "lain-lain": "lainnya",
    "lain_lain": "lainnya",
    "": "lainnya",
}
