"""Two staff pressing "allocate" at once, or an office editing while staff allocate: one wins, the other is told,
nothing is allocated twice. Real threads, each with its own database connection (on PostgreSQL the round row is
locked with SELECT … FOR UPDATE and its version compared; on SQLite the IMMEDIATE transaction mode serialises
the writers). See programs/tests/test_last_seat_race.py for the SQLite retry."""

import threading
import time

import pytest
from django.db import OperationalError, connection, connections

from sentra.orders import services
from sentra.orders.models import Allocation, Assignment, NeedLine, Office, Round
from sentra.orders.services import Line, OrderError
from sentra.orders.testing import make_producer, make_round


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            for _attempt in range(200):
                try:
                    call()
                    outcomes.append("ok")
                    break
                except OperationalError as exc:
                    if connection.vendor != "sqlite" or "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
        except OrderError as exc:
            outcomes.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - reported below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


@pytest.fixture
def round_ready(make_business, staff_user):
    rnd = make_round()
    shirt = rnd.garments.get(name="Kemeja")
    for i in range(6):
        make_producer(rnd, make_business(sector="craft", name=f"Batik {i}"), {"Kemeja": 10 + i})
    office = Office.objects.create(name="Dinas Balapan")
    services.needs_replace(actor=staff_user, round=rnd, office=office, lines=[Line(shirt.pk, "cap", "M", 40)])
    return Round.objects.get(pk=rnd.pk), office, shirt


@pytest.mark.django_db(transaction=True)
def test_two_staff_allocating_at_once_one_wins(round_ready, staff_user, admin_user):
    rnd, _office, _shirt = round_ready
    seen = rnd.version
    outcomes = _race(
        [
            lambda: services.round_allocate(actor=staff_user, round=rnd, expected_version=seen),
            lambda: services.round_allocate(actor=admin_user, round=rnd, expected_version=seen),
        ]
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True], (connection.vendor, outcomes)
    assert any("baru saja berubah" in o for o in outcomes)
    assert Allocation.objects.filter(round=rnd).count() == 6
    assert sum(Allocation.objects.filter(round=rnd).values_list("pieces", flat=True)) == 40
    assert sum(Assignment.objects.filter(round=rnd).values_list("pieces", flat=True)) == 40


@pytest.mark.django_db(transaction=True)
def test_office_editing_while_staff_allocate(round_ready, staff_user):
    rnd, office, shirt = round_ready
    seen = rnd.version
    outcomes = _race(
        [
            lambda: services.round_allocate(actor=staff_user, round=rnd, expected_version=seen),
            lambda: services.needs_replace(
                actor=staff_user, round=rnd, office=office, lines=[Line(shirt.pk, "cap", "L", 55)]
            ),
        ]
    )
    assert outcomes.count("ok") == 1, (connection.vendor, outcomes)
    need = sum(NeedLine.objects.filter(round=rnd).values_list("quantity", flat=True))
    allocated = sum(Allocation.objects.filter(round=rnd).values_list("pieces", flat=True))
    if Round.objects.get(pk=rnd.pk).status == "allocated":
        # the allocation won: the office was told the round is allocated, its old needs stand and match
        assert any("sudah dibagi" in o for o in outcomes) and need == 40 and allocated == 40
    else:
        # the edit won: the allocation was told the data changed; nothing allocated
        assert any("baru saja berubah" in o for o in outcomes) and need == 55 and allocated == 0
