"""The figures cache serves only figures of committed data, and writers never wait on its version row."""

import threading

import pytest
from django.db import connection, transaction

from sentra.metrics.figures import regency_statistics


class Rollback(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_figures_counted_inside_a_rolled_back_transaction_are_never_served(reference_data, make_business):
    make_business(district="Dander")
    assert regency_statistics("35.22")["total"] == 1  # cached under the current version
    with pytest.raises(Rollback), transaction.atomic():
        make_business(district="Kapas")
        assert regency_statistics("35.22")["total"] == 2  # this transaction sees its own write
        raise Rollback
    assert regency_statistics("35.22")["total"] == 1
    make_business(district="Balen")
    assert regency_statistics("35.22")["total"] == 2  # a committed write gives a new version


@pytest.mark.django_db(transaction=True)
def test_a_writer_does_not_wait_for_another_open_registry_transaction(reference_data, make_business):
    """Two registry writes in different cells from two connections: the second commits while the first is
    still open (the version row is only touched at commit)."""
    done = threading.Event()
    errors = []

    def other_writer():
        from django.db import connections

        try:
            make_business(district="Kapas", sector="craft")
            done.set()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_writer)
    with transaction.atomic():
        make_business(district="Dander")
        if connection.vendor == "postgresql":
            thread.start()
            assert done.wait(timeout=10), "the second writer waited for the first transaction"
    if connection.vendor != "postgresql":
        # SQLite has one writer at a time, and the suite's in-memory shared-cache database refuses a
        # second one with "database table is locked" instead of waiting (busy_timeout applies to
        # file databases only): there the other writer starts after the commit.
        thread.start()
    thread.join(timeout=30)
    assert done.is_set() and not errors, errors
    assert regency_statistics("35.22")["total"] == 2
