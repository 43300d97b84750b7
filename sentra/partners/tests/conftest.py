import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone


@pytest.fixture
def campus(partner_user):
    from sentra.partners.models import PartnerOrganisation

    org = PartnerOrganisation.objects.create(name="Universitas Uji", sector="academia")
    org.members.add(partner_user)
    return org


@pytest.fixture
def bank(db):
    from sentra.partners.models import PartnerOrganisation

    return PartnerOrganisation.objects.create(name="Bank Uji", sector="business")


@pytest.fixture
def other_partner(django_user_model, bank):
    user = django_user_model.objects.create_user(username="t_mitra_bank", password="pw-test-12345", role="partner")
    bank.members.add(user)
    return user


@pytest.fixture
def commitments(staff_user, campus, bank):
    from sentra.partners.services import commitment_save

    today = timezone.localdate()

    def make(org, kind, qty, unit, due):
        return commitment_save(
            actor=staff_user,
            commitment=None,
            data={
                "organisation_id": org.pk,
                "kind": kind,
                "description": f"{kind} {org.name}",
                "quantity": Decimal(qty),
                "unit": unit,
                "due_on": due,
            },
        )

    return {
        "trainer": make(campus, "trainer_days", 6, "hari-orang", today + dt.timedelta(days=30)),
        "csr": make(bank, "csr_funds", 10_000_000, "rupiah", today - dt.timedelta(days=5)),
        "booths": make(bank, "booths", 3, "stan", today + dt.timedelta(days=10)),
    }


@pytest.fixture
def upcoming_session(reference_data, campus):
    from sentra.programs.models import Program, ProgramType, Session
    from sentra.programs.reference import load_program_types

    load_program_types(ProgramType)
    program = Program.objects.create(
        year=2026, title="Pelatihan Desain", program_type_id="desain", organiser="Dekranasda", funding_source="apbd"
    )
    program.partners.add(campus)
    start = timezone.localdate() + dt.timedelta(days=7)
    return Session.objects.create(
        program=program,
        title="Kelas Desain",
        starts_on=start,
        ends_on=start + dt.timedelta(days=1),
        venue="Aula",
        quota=5,
        status=Session.Status.OPEN,
    )
