import datetime as dt

import pytest


@pytest.fixture
def program_types(db):
    """Program types come from a data migration; reloaded here after a transactional test flushed them."""
    from sentra.programs.models import ProgramType
    from sentra.programs.reference import load_program_types

    load_program_types(ProgramType)


@pytest.fixture
def make_program(program_types):
    from sentra.programs.models import Program

    def make(**fields):
        data = {
            "year": 2026,
            "title": "Pelatihan Desain Kemasan",
            "program_type_id": "desain",
            "organiser": "Dekranasda",
            "funding_source": "apbd",
            "followup_months": [3, 6],
            **fields,
        }
        return Program.objects.create(**data)

    return make


@pytest.fixture
def make_session(make_program, reference_data):
    from sentra.programs.models import Session

    def make(program=None, **fields):
        data = {
            "title": "Kelas Desain Angkatan 1",
            "starts_on": dt.date(2026, 3, 2),
            "ends_on": dt.date(2026, 3, 3),
            "venue": "Pendopo Kecamatan",
            "quota": 2,
            "status": Session.Status.OPEN,
            **fields,
        }
        return Session.objects.create(program=program or make_program(), **data)

    return make
