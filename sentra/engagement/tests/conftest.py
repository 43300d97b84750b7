import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def services(db):
    from sentra.engagement.models import Service
    from sentra.engagement.reference import load_services

    load_services(Service)
    return list(Service.objects.order_by("order"))


@pytest.fixture
def make_period(services):
    from sentra.engagement.models import SurveyPeriod

    def make(**fields):
        today = timezone.localdate()
        data = {
            "name": "Semester II 2026",
            "kind": "semester",
            "year": today.year,
            "semester": 2,
            "starts_on": today - dt.timedelta(days=30),
            "ends_on": today + dt.timedelta(days=30),
            **fields,
        }
        period = SurveyPeriod.objects.create(**data)
        period.services.set(services)
        return period

    return make


@pytest.fixture
def period(make_period):
    return make_period()


PROFILE = {"age_band": "30-39", "sex": "P", "education": "sma", "occupation": "usaha"}


@pytest.fixture
def answer(period, services):
    """Store answers straight through the service (anonymous, distinct addresses)."""
    from sentra.engagement.services import survey_submit

    counter = {"n": 0}

    def make(scores, service=None, period_=None, profile=None, **kw):
        counter["n"] += 1
        return survey_submit(
            period=period_ or period,
            service=service or services[0],
            scores=scores,
            profile=profile or PROFILE,
            ip=kw.pop("ip", f"10.0.{counter['n'] // 200}.{counter['n'] % 200}"),
            **kw,
        )

    return make


@pytest.fixture
def make_program(db):
    from sentra.programs.models import Program, ProgramType
    from sentra.programs.reference import load_program_types

    load_program_types(ProgramType)

    def make(**fields):
        data = {
            "year": 2026,
            "title": "Pelatihan",
            "program_type_id": "desain",
            "organiser": "Dekranasda",
            "funding_source": "apbd",
            "followup_months": [3],
            **fields,
        }
        return Program.objects.create(**data)

    return make
