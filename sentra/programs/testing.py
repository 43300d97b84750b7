"""Objects of the programs module for the project-wide authorization matrix (accounts tests)."""

import datetime as dt

from django.utils import timezone


def authorization_objects(cast: dict) -> dict:
    """A program with a finished session in which the cast's business completed (certificate, follow-up), an
    open upcoming session and a PKW prospect. Built once per test, on first use."""
    if "programs" not in cast:
        cast["programs"] = _build(cast["business"], cast["users"]["staff"], cast["users"]["partner"])
    return cast["programs"]


def _build(business, staff, partner) -> dict:
    from sentra.partners.models import PartnerOrganisation
    from sentra.programs.models import Program, ProgramType, Prospect, Session
    from sentra.programs.reference import load_program_types
    from sentra.programs.services import (
        attendance_mark,
        certificates_issue_for_session,
        enrollment_create,
        session_complete,
    )

    load_program_types(ProgramType)
    program = Program.objects.create(
        year=2026,
        title="Matriks",
        program_type_id="pkw",
        organiser="Dekranasda",
        funding_source="apbd",
        followup_months=[3],
    )
    organisation = PartnerOrganisation.objects.create(name="Kampus Matriks", sector="academia")
    organisation.members.add(partner)
    program.partners.add(organisation)
    past = Session.objects.create(
        program=program,
        title="Selesai",
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 3, 2),
        venue="Aula",
        quota=5,
        status=Session.Status.CLOSED,
    )
    enrollment = enrollment_create(actor=staff, session=past, business=business)
    attendance_mark(actor=staff, session=past, day=past.starts_on, present_ids=[enrollment.pk])
    session_complete(actor=staff, session=past)
    certificate = certificates_issue_for_session(actor=staff, session=past)[0]
    start = timezone.localdate() + dt.timedelta(days=10)
    upcoming = Session.objects.create(
        program=program,
        title="Dibuka",
        starts_on=start,
        ends_on=start,
        venue="Aula",
        quota=5,
        status=Session.Status.OPEN,
    )
    prospect = Prospect.objects.create(cohort=program, name="Calon", district_id=business.district_id)
    return {
        "program": program,
        "session": past,
        "upcoming": upcoming,
        "enrollment": enrollment,
        "certificate": certificate,
        "followup": enrollment.followups.get(),
        "prospect": prospect,
        "organisation": organisation,
    }
