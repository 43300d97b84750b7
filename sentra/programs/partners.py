"""Partner organisations (academia, business, community, media) in the programs they are part of.

A partner-role user acts for the organisations they are a member of. An organisation is *part of* a
program when it is one of the program's partners or an organisation of trainers in one of its sessions.
Partners see those programs (sessions and aggregate outcomes — never participants' personal data) and
join upcoming sessions by saying how many people they send and in what role. Staff set the members."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sentra.core.audit import diff, record_change, snapshot
from sentra.core.models import ChangeLog
from sentra.partners.models import PartnerOrganisation
from sentra.programs.models import Enrollment, PartnerJoin, Program, Session
from sentra.programs.services import ProgramError

JOINABLE = (Session.Status.DRAFT, Session.Status.OPEN, Session.Status.CLOSED)


# --- reads --------------------------------------------------------------------------------------------------


def organisations_of(user) -> QuerySet:
    if not getattr(user, "is_authenticated", False) or user.role != "partner":
        return PartnerOrganisation.objects.none()
    return user.partner_organisations.all()


def partner_programs(user) -> QuerySet:
    """Programs any of the user's organisations is part of, newest first."""
    orgs = organisations_of(user)
    return (
        Program.objects.filter(Q(partners__in=orgs) | Q(sessions__trainer_organisations__in=orgs))
        .distinct()
        .select_related("program_type")
        .order_by("-year", "title")
    )


def partner_program(user, pk) -> Program:
    """One program of the user's organisations; any other program is 'not found' (no hint it exists)."""
    program = partner_programs(user).filter(pk=pk).first()
    if program is None:
        raise Http404("Program tidak ditemukan.")
    return program


@dataclass
class PartnerSession:
    session: Session
    seats_taken: int
    completed: int
    joins: list  # PartnerJoin of the user's organisations
    joinable: bool
    failed: dict | None = None  # a refused join of this session, re-shown with what was typed


def partner_sessions(user, program: Program) -> list[PartnerSession]:
    orgs = list(organisations_of(user))
    today = timezone.localdate()
    sessions = (
        program.sessions.exclude(status=Session.Status.CANCELLED)
        .select_related("district")
        .annotate(
            taken=Count("enrollments", filter=Q(enrollments__status=Enrollment.Status.ENROLLED), distinct=True),
            done=Count("enrollments", filter=Q(enrollments__completed=True), distinct=True),
        )
        .order_by("starts_on", "id")
    )
    joins: dict[int, list] = {}
    for join in PartnerJoin.objects.filter(session__program=program, organisation__in=orgs).select_related(
        "organisation"
    ):
        joins.setdefault(join.session_id, []).append(join)
    return [
        PartnerSession(s, s.taken, s.done, joins.get(s.pk, []), s.status in JOINABLE and s.ends_on >= today)
        for s in sessions
    ]


def session_partner_joins(session: Session) -> QuerySet:
    """For staff: which partner organisations confirmed their part in a session."""
    return session.partner_joins.select_related("organisation", "joined_by").order_by("organisation__name")


# --- writes -------------------------------------------------------------------------------------------------


def _organisation_for(actor, organisation_id) -> PartnerOrganisation:
    org = organisations_of(actor).filter(pk=organisation_id).first()
    if org is None:
        raise ProgramError("Anda bukan anggota organisasi mitra tersebut.")
    return org


def _check_joinable(session: Session, org: PartnerOrganisation) -> None:
    part_of = (
        session.program.partners.filter(pk=org.pk).exists()
        or Session.objects.filter(program=session.program, trainer_organisations=org).exists()
    )
    if not part_of:
        raise ProgramError(f"{org.name} bukan mitra program “{session.program.title}”.")
    if session.status not in JOINABLE or session.ends_on < timezone.localdate():
        raise ProgramError("Kegiatan ini sudah selesai atau dibatalkan; keikutsertaan tidak dapat diubah.")


@transaction.atomic
def partner_join(*, actor, session: Session, organisation_id, people: int, note: str = "") -> PartnerJoin:
    """Confirm (or change) an organisation's part in a session."""
    org = _organisation_for(actor, organisation_id)
    _check_joinable(session, org)
    if not 1 <= int(people) <= 50:
        raise ProgramError("Jumlah orang harus antara 1 dan 50.")
    join = PartnerJoin.objects.select_for_update().filter(session=session, organisation=org).first()
    fields = ["people", "note"]
    if join is None:
        join = PartnerJoin.objects.create(
            session=session, organisation=org, people=people, note=note.strip(), joined_by=actor
        )
        record_change(
            instance=join, action=ChangeLog.Action.CREATE, actor=actor, changes=diff({}, snapshot(join, fields))
        )
        _deliver(join, actor)
        return join
    before = snapshot(join, fields)
    join.people, join.note, join.joined_by = people, note.strip(), actor
    join.save(update_fields=["people", "note", "joined_by", "updated_at"])
    record_change(
        instance=join, action=ChangeLog.Action.UPDATE, actor=actor, changes=diff(before, snapshot(join, fields))
    )
    _deliver(join, actor)
    return join


@transaction.atomic
def partner_leave(*, actor, session: Session, organisation_id) -> None:
    org = _organisation_for(actor, organisation_id)
    _check_joinable(session, org)
    join = PartnerJoin.objects.filter(session=session, organisation=org).first()
    if join is None:
        return
    record_change(
        instance=join, action=ChangeLog.Action.DELETE, actor=actor, changes=snapshot(join, ["people", "note"])
    )
    join.delete()
    from sentra.partners.services import deliveries_withdraw_session

    deliveries_withdraw_session(session=session, organisation_id=org.pk, actor=actor)


def _deliver(join: PartnerJoin, actor) -> None:
    """The join delivers trainer days against the organisation's commitment (sentra/partners)."""
    from sentra.partners.services import deliveries_from_session

    deliveries_from_session(session=join.session, organisation_id=join.organisation_id, people=join.people, actor=actor)


@transaction.atomic
def organisation_members_set(*, actor, organisation: PartnerOrganisation, users) -> None:
    """Staff: the partner-role users acting for `organisation` (others are refused)."""
    users = list(users)
    wrong = [u.username for u in users if u.role != "partner"]
    if wrong:
        raise ProgramError("Hanya pengguna berperan Mitra yang dapat menjadi anggota: " + ", ".join(wrong) + ".")
    before = sorted(organisation.members.values_list("username", flat=True))
    organisation.members.set(users)
    after = sorted(u.username for u in users)
    if before != after:
        record_change(
            instance=organisation, action=ChangeLog.Action.UPDATE, actor=actor, changes={"anggota": [before, after]}
        )
