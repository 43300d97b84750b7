"""Reads for programs: sessions people may see, training history, detected outcomes and the outcome report."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sentra.programs.dates import add_months
from sentra.programs.models import Enrollment, FollowUp, Program, Session
from sentra.registry.models import Business, Permit

# Permits whose issue date after the training counts as an outcome.
DETECTED_PERMITS = [
    (Permit.Kind.NIB, gettext_noop("Memperoleh NIB")),
    (Permit.Kind.HALAL, gettext_noop("Memperoleh sertifikat halal")),
    (Permit.Kind.PIRT, gettext_noop("Memperoleh SPP-IRT (PIRT)")),
]
# Outcome labels: marked here, translated when the report is built (in the reader's language).
REPORTED = [
    ("sells_online", gettext_noop("Mulai berjualan daring")),
    ("new_market_level", gettext_noop("Mencapai pasar yang lebih luas")),
    ("exporting", gettext_noop("Mengekspor")),
]


def upcoming_sessions(*, public: bool) -> QuerySet:
    """Sessions that have not ended; the public sees only those open for sign-up."""
    qs = Session.objects.filter(ends_on__gte=timezone.localdate()).select_related("program", "district")
    if public:
        qs = qs.filter(status=Session.Status.OPEN)
    else:
        qs = qs.exclude(status=Session.Status.CANCELLED)
    return qs.annotate(seats_taken=Count("enrollments", filter=Q(enrollments__status=Enrollment.Status.ENROLLED)))


def get_session(pk) -> Session:
    session = Session.objects.select_related("program", "program__program_type", "district").filter(pk=pk).first()
    if session is None:
        raise Http404("Kegiatan tidak ditemukan.")
    return session


def session_participants(session: Session) -> QuerySet:
    return (
        session.enrollments.exclude(status=Enrollment.Status.CANCELLED)
        .select_related("business__owner", "business__district", "prospect", "certificate")
        .prefetch_related("attendance", "followups")
        .order_by("status", "created_at", "id")
    )


def businesses_of_owner(user) -> QuerySet:
    if not user.is_authenticated:
        return Business.objects.none()
    return Business.objects.filter(owner__user=user).exclude(status=Business.Status.CLOSED)


@dataclass
class TrainingRow:
    enrollment: Enrollment
    detected: list[Permit]
    followups: list[FollowUp]


def business_trainings(business: Business) -> list[TrainingRow]:
    """A business's training history with what followed: permits obtained after each session, follow-ups."""
    enrollments = (
        business.enrollments.exclude(status=Enrollment.Status.CANCELLED)
        .select_related("session__program", "certificate")
        .prefetch_related("followups")
        .order_by("-session__starts_on")
    )
    permits = list(business.permits.filter(kind__in=[k for k, _ in DETECTED_PERMITS], issued_on__isnull=False))
    rows = []
    for e in enrollments:
        detected = [p for p in permits if p.issued_on > e.session.ends_on]
        rows.append(TrainingRow(e, detected, list(e.followups.all())))
    return rows


# --- outcome report: participants before → after beside comparable non-participants ------------------


@dataclass
class ComparisonRow:
    label: str
    part_before: float
    part_after: float
    comp_before: float
    comp_after: float

    @property
    def part_change(self) -> float:
        return self.part_after - self.part_before

    @property
    def comp_change(self) -> float:
        return self.comp_after - self.comp_before

    @property
    def did(self) -> float:
        """Difference-in-differences, in percentage points."""
        return self.part_change - self.comp_change


@dataclass
class OutcomeReport:
    program: Program
    start: dt.date | None
    end: dt.date | None
    participants: int
    comparison: int
    rows: list[ComparisonRow]
    reported: list[tuple[str, int, int]]  # (label, yes, answered) from follow-ups
    followups_due: int
    followups_recorded: int
    new_entrepreneurs: int


def _share_holding(business_ids: set[int], kind: str, on: dt.date) -> float:
    """Percent of the businesses holding a permit of `kind` issued on or before `on` (a permit without a
    date counts as held throughout)."""
    if not business_ids:
        return 0.0
    holders = (
        Permit.objects.filter(business_id__in=business_ids, kind=kind)
        .filter(Q(issued_on__lte=on) | Q(issued_on__isnull=True))
        .values("business_id")
        .distinct()
        .count()
    )
    return 100.0 * holders / len(business_ids)


def program_period(program: Program, today: dt.date | None = None) -> tuple[dt.date | None, dt.date | None]:
    """Before = the first session's start; after = the last session's end plus the longest follow-up
    interval (6 months when none is set), but not later than today."""
    today = today or timezone.localdate()
    span = program.sessions.exclude(status=Session.Status.CANCELLED).aggregate(s=Min("starts_on"), e=Max("ends_on"))
    if span["s"] is None:
        return None, None
    months = max([int(m) for m in program.followup_months or []] or [6])
    return span["s"], min(add_months(span["e"], months), today)


def program_outcome_report(program: Program, today: dt.date | None = None) -> OutcomeReport:
    """Participants (seated, not cancelled) against comparable non-participants: businesses of the same
    sectors, registered before the program started, never enrolled in it, not closed. Registry-detected
    indicators are compared; reported ones exist for participants only and are listed apart."""
    start, end = program_period(program, today)
    enrollments = Enrollment.objects.filter(
        session__program=program, status=Enrollment.Status.ENROLLED, business__isnull=False
    )
    part_ids = set(enrollments.values_list("business_id", flat=True))
    comp_ids: set[int] = set()
    rows = []
    if start is not None and part_ids:
        sectors = set(Business.objects.filter(pk__in=part_ids).values_list("sector_id", flat=True))
        comp_ids = set(
            Business.objects.filter(sector_id__in=sectors, registered_on__lte=start)
            .exclude(status=Business.Status.CLOSED)
            .exclude(enrollments__session__program=program)
            .values_list("pk", flat=True)
        )
        for kind, label in DETECTED_PERMITS:
            rows.append(
                ComparisonRow(
                    gettext(label),
                    _share_holding(part_ids, kind, start),
                    _share_holding(part_ids, kind, end),
                    _share_holding(comp_ids, kind, start),
                    _share_holding(comp_ids, kind, end),
                )
            )
    recorded = FollowUp.objects.filter(enrollment__session__program=program, recorded_on__isnull=False)
    reported = []
    for name, label in REPORTED:
        answered = recorded.filter(**{f"{name}__isnull": False})
        reported.append((gettext(label), answered.filter(**{name: True}).count(), answered.count()))
    return OutcomeReport(
        program=program,
        start=start,
        end=end,
        participants=len(part_ids),
        comparison=len(comp_ids),
        rows=rows,
        reported=reported,
        followups_due=FollowUp.objects.filter(enrollment__session__program=program).count(),
        followups_recorded=recorded.count(),
        new_entrepreneurs=program.prospects.filter(business__isnull=False).count(),
    )
