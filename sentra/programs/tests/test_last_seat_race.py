"""Two people taking the last seat at once: exactly one gets it, the other is waitlisted.

Real threads, each with its own database connection. On PostgreSQL the session row is locked with
SELECT … FOR UPDATE; on SQLite the IMMEDIATE transaction mode serialises the writers. The invariant is
asserted on both.

pytest's SQLite test database lives in shared-cache memory, where a lock held by another connection is
reported at once ("database table is locked") instead of being waited for as busy_timeout does for the
file database the app uses; there a thread retries, as busy_timeout would."""

import threading
import time

import pytest
from django.db import OperationalError, connection, connections

from sentra.programs.models import Enrollment
from sentra.programs.services import enrollment_create, enrollment_self_signup

ROUNDS = 5


def _race(calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            for _attempt in range(200):
                try:
                    call()
                    break
                except OperationalError as exc:
                    if connection.vendor != "sqlite" or "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_staff_enrolling_into_the_last_seat(make_session, make_business, staff_user, admin_user):
    for round_ in range(ROUNDS):
        session = make_session(quota=3, title=f"Ronde {round_}")
        for _ in range(2):
            enrollment_create(actor=staff_user, session=session, business=make_business())
        a, b = make_business(), make_business()
        errors = _race(
            [
                lambda s=session, x=a: enrollment_create(actor=staff_user, session=s, business=x),
                lambda s=session, x=b: enrollment_create(actor=admin_user, session=s, business=x),
            ]
        )
        assert errors == []
        statuses = sorted(session.enrollments.values_list("status", flat=True))
        assert statuses == ["enrolled", "enrolled", "enrolled", "waitlisted"], (connection.vendor, statuses)


@pytest.mark.django_db(transaction=True)
def test_many_owners_signing_up_at_once_never_overfill(make_session, make_business, django_user_model):
    session = make_session(quota=3)
    calls = []
    for i in range(6):
        user = django_user_model.objects.create_user(username=f"pemilik{i}", password="x-12345678", role="owner")
        business = make_business()
        business.owner.user = user
        business.owner.save()
        calls.append(lambda u=user, b=business: enrollment_self_signup(user=u, session=session, business=b))
    errors = _race(calls)
    assert errors == []
    assert session.enrollments.filter(status=Enrollment.Status.ENROLLED).count() == 3
    assert session.enrollments.filter(status=Enrollment.Status.WAITLISTED).count() == 3
