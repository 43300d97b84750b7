"""The API is what its schema says: Schemathesis generates requests from /api/v1/schema (fixed seed,
bounded examples) and checks every response — no 5xx, status codes, content types, headers and bodies as
documented — anonymously and with a staff token. Requests go through Django's full WSGI stack."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from sentra.accounts.api_auth import token_issue

APP = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/schema?format=json", APP)
# The token endpoint creates tokens and counts failed sign-ins (lockout): exercised by its own tests.
schema = schema.exclude(path="/api/v1/auth/token")

# Filters whose valid values live in the database (kecamatan, sektor) and pages past the last one cannot be
# told apart from valid input by a static schema: the server answers them with the documented 400/404.
# Every other check runs (no 5xx, documented status codes, content types, headers, response bodies, and
# schema-violating requests rejected).
NOT_CHECKED = [positive_data_acceptance]

EXAMPLES = settings(
    max_examples=15,
    derandomize=True,  # a fixed seed: the same requests on every run
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture
def api_data(db, settings, make_business):
    """Something behind every endpoint, and rate limits out of the way (they have their own test)."""
    settings.SENTRA_API_RATE_ANON = None
    settings.SENTRA_API_RATE_TOKEN = None
    make_business(name="Ledre Dander", district="Dander", nib="1234567890123")
    make_business(name="Batik Kapas", district="Kapas", sector="craft")
    import datetime as dt

    from sentra.programs.models import Program, ProgramType, Session
    from sentra.programs.reference import load_program_types

    load_program_types(ProgramType)
    program = Program.objects.create(
        year=2026, title="PKW Batik", program_type_id="pkw", organiser="Dekranasda", funding_source="apbn"
    )
    Session.objects.create(
        program=program, title="Angkatan 1", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 6),
        venue="Balai Desa", quota=20, status=Session.Status.OPEN, district_id="35.22.05",
    )  # fmt: skip
    # Django's request signals would close the test's connection (it is inside the test transaction)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@EXAMPLES
def test_api_anonymous(case, api_data):
    case.call_and_validate(excluded_checks=NOT_CHECKED)


@schema.parametrize()
@EXAMPLES
def test_api_with_staff_token(case, api_data, staff_user):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token_issue(user=staff_user)}"}, excluded_checks=NOT_CHECKED
    )
