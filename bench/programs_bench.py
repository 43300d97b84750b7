"""Programs benchmark: bulk enrolment, a crowd racing for seats, the outcome report on the demo registry.

Run on demand (never as a test):
    .venv/bin/python bench/programs_bench.py                      # SQLite (a temporary file database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sentra_programs .venv/bin/python bench/programs_bench.py

It builds a throw-away test database (test_<name>), loads the demo registry (1,762 IKM), measures, prints the
figures and drops the database.
"""

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")

import django  # noqa: E402

django.setup()

from django.db import OperationalError, connection, connections  # noqa: E402

SEATS, CROWD = 20, 40


def timed(label, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label}: {time.perf_counter() - start:.3f} s")
    return result


def main():
    if connection.vendor == "sqlite":
        tmp = tempfile.mkdtemp(prefix="sentra-bench-")
        connection.settings_dict["TEST"]["NAME"] = os.path.join(tmp, "bench.sqlite3")
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(test_name, verbosity=0)


def run():
    import datetime as dt

    from django.contrib.auth import get_user_model

    from sentra.programs.models import Enrollment, Program, Session
    from sentra.programs.selectors import program_outcome_report
    from sentra.programs.services import enrollment_self_signup, enrollments_bulk_create
    from sentra.registry.demo import seed_demo
    from sentra.registry.models import Business

    print(f"database: {connection.vendor}")
    timed("seed_demo (registry + demo programs)", seed_demo)
    program = Program.objects.create(
        year=2026,
        title="Bench",
        program_type_id="desain",
        organiser="Bench",
        funding_source="apbd",
        followup_months=[3, 6],
    )
    session = Session.objects.create(
        program=program,
        title="Bench massal",
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 3, 3),
        venue="Aula",
        quota=300,
        status="open",
    )
    businesses = list(
        Business.objects.filter(is_demo=True).select_related("sector", "district", "owner").order_by("pk")[:500]
    )
    result = timed(
        f"bulk enrol {len(businesses)} IKM (quota 300)",
        lambda: enrollments_bulk_create(actor=None, session=session, businesses=businesses),
    )
    print(f"  enrolled={result.enrolled} waitlisted={result.waitlisted} skipped={len(result.skipped)}")

    race = Session.objects.create(
        program=program,
        title="Bench rebutan",
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 4, 1),
        venue="Aula",
        quota=SEATS,
        status="open",
    )
    User = get_user_model()
    crowd = []
    for i, business in enumerate(Business.objects.filter(is_demo=True).order_by("-pk")[:CROWD]):
        user = User.objects.create_user(username=f"bench{i}", password="bench-12345", role="owner")
        business.owner.user = user
        business.owner.save(update_fields=["user"])
        crowd.append((user, business))
    retries = [0]
    barrier = threading.Barrier(CROWD)

    def sign_up(user, business):
        barrier.wait()
        try:
            for _ in range(500):
                try:
                    enrollment_self_signup(user=user, session=race, business=business)
                    return
                except OperationalError:
                    retries[0] += 1
                    time.sleep(0.005)
        finally:
            connections.close_all()

    def crowd_run():
        threads = [threading.Thread(target=sign_up, args=pair) for pair in crowd]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    timed(f"{CROWD} owners sign up at once for {SEATS} seats", crowd_run)
    seated = race.enrollments.filter(status=Enrollment.Status.ENROLLED).count()
    waiting = race.enrollments.filter(status=Enrollment.Status.WAITLISTED).count()
    print(f"  seated={seated} waitlisted={waiting} lock retries={retries[0]} (seated must equal {SEATS})")

    report = timed(
        "outcome report (participants vs comparison, 3 indicators)",
        lambda: program_outcome_report(program, today=dt.date(2026, 12, 1)),
    )
    print(f"  participants={report.participants} comparison={report.comparison}")


if __name__ == "__main__":
    main()
