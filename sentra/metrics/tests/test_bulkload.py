"""The bulk-load path: triggers off inside one transaction (PostgreSQL: a flag row; SQLite: dropped and
re-created inside the transaction), the counts added with one GROUP BY."""

import datetime as dt

import pytest
from django.db import connection, transaction

from sentra.metrics.cells import base_cells, base_months, cells_for_nation, cells_for_regency, months_for
from sentra.metrics.models import BulkLoad
from sentra.metrics.services import tallies_add_businesses, tallies_bulk, tallies_remove_businesses
from sentra.registry.models import Business, Owner, Permit


def _exact():
    tally = sorted(c for c in cells_for_regency("35.22") if c.n)
    months = sorted(m for m in months_for("35.22") if m.n)
    return tally == sorted(base_cells("35.22")) and months == sorted(base_months("35.22"))


def _new(owner, district="35.22.01", **fields):
    return Business(name="x", owner=owner, sector_id="food_beverage", district_id=district, scale="mikro", **fields)


def test_bulk_insert_then_one_group_by_keeps_every_level_exact(reference_data, make_business):
    make_business(district="Dander", nib="1000000000001")  # counted by the triggers
    owner = Owner.objects.create(name="Pemilik")
    with transaction.atomic():
        with tallies_bulk(note="test"):
            created = Business.objects.bulk_create(
                [
                    _new(owner, "35.22.01", workers_male=2),
                    _new(owner, "35.22.02", status="inactive"),
                    _new(owner, "35.22.02", workers_female=3, registered_on=dt.date(2024, 5, 1)),
                ]
            )
            Permit.objects.bulk_create(
                [
                    Permit(business=created[0], kind="nib", number="1000000000002"),
                    Permit(business=created[0], kind="halal", number="H1"),
                    Permit(business=created[0], kind="halal", number="H2"),
                    Permit(business=created[2], kind="pirt", number="P1"),
                ]
            )
            # the triggers skipped these rows: the tally still shows only the first business
            assert sum(c.n for c in cells_for_regency("35.22")) == 1
            tallies_add_businesses([b.pk for b in created])
        assert not BulkLoad.objects.exists()
    assert _exact()
    assert sum(c.n for c in cells_for_nation()) == 4
    nation = cells_for_nation()
    assert sum(c.n_halal for c in nation) == 1 and sum(c.n_nib for c in nation) == 2
    assert sum(c.n_pirt for c in nation) == 1 and sum(c.workers_female for c in nation) == 3
    # after the block the triggers count again
    make_business(district="Kapas")
    Business.objects.filter(pk=created[1].pk).update(status="active")
    for permit in Permit.objects.filter(business=created[0], kind="halal"):
        permit.delete()
    Business.objects.filter(pk=created[2].pk).delete()
    assert _exact()


def test_a_failure_inside_the_block_leaves_the_triggers_on(reference_data, make_business):
    owner = Owner.objects.create(name="Pemilik")
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        with tallies_bulk():
            Business.objects.bulk_create([_new(owner)])
            raise ZeroDivisionError
    assert not BulkLoad.objects.exists() and not Business.objects.exists()
    make_business(district="Dander")
    assert _exact() and sum(c.n for c in cells_for_regency("35.22")) == 1


@pytest.mark.django_db(transaction=True)
def test_bulk_block_needs_a_transaction(reference_data):
    with pytest.raises(RuntimeError):
        with tallies_bulk():
            pass


@pytest.mark.django_db(transaction=True)
def test_the_flag_is_invisible_to_other_connections(reference_data, make_business):
    """Another connection writing while an import holds the flag keeps its triggers (PostgreSQL: the
    uncommitted flag row is invisible; SQLite: the import holds the write lock, so the other writer waits
    — here it simply writes after the import committed)."""
    from django.db.utils import ConnectionHandler

    owner = Owner.objects.create(name="Pemilik")
    if connection.vendor == "postgresql":
        other = ConnectionHandler({"default": {**connection.settings_dict}})["default"]
        with transaction.atomic(), tallies_bulk():
            ids = [b.pk for b in Business.objects.bulk_create([_new(owner)])]
            with other.cursor() as cursor:  # autocommit: a write of someone else, meanwhile
                cursor.execute("SELECT count(*), current_setting('sentra.bulkload', true) FROM metrics_bulkload")
                assert cursor.fetchone() in [(0, None), (0, "")]
                cursor.execute(
                    "INSERT INTO registry_business (name, owner_id, sector_id, district_id, products, address, "
                    "phone, phone_public, workers_male, workers_female, scale, capacity_unit, market_reach, "
                    "export_countries, status, registered_on, is_demo, created_at, updated_at, version) VALUES "
                    "('lain', %s, 'craft', '35.22.05', '', '', '', false, 1, 0, 'mikro', '', 'local', '[]', "
                    "'active', now(), false, now(), now(), 1)",
                    [owner.pk],
                )
            tallies_add_businesses(ids)
        other.close()
        assert Business.objects.count() == 2
    else:
        with transaction.atomic(), tallies_bulk():
            tallies_add_businesses([b.pk for b in Business.objects.bulk_create([_new(owner)])])
        make_business(district="Kapas")
    assert _exact()


def _token():
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM metrics_figuresversion WHERE id = 1")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_bulk_load_renews_the_figures_version_once_at_commit_and_a_rollback_does_not(reference_data):
    """The per-row version triggers are skipped inside the block; the block itself renews the token."""
    owner = Owner.objects.create(name="Pemilik")
    before = _token()
    with pytest.raises(ZeroDivisionError), transaction.atomic(), tallies_bulk():
        Business.objects.bulk_create([_new(owner)])
        raise ZeroDivisionError
    assert _token() == before
    with transaction.atomic():
        with tallies_bulk():
            created = Business.objects.bulk_create([_new(owner), _new(owner, "35.22.02")])
            tallies_add_businesses([b.pk for b in created])
        if connection.vendor == "postgresql":  # the bump is deferred to the commit: no lock held meanwhile
            assert _token() == before
    assert _token() != before
    assert _exact()
    after = _token()
    make_business_row = _new(owner, "35.22.03")
    make_business_row.save()  # outside a bulk load the row triggers renew it again
    assert _token() != after


def test_moving_a_scattered_set_of_businesses_keeps_every_level_exact(reference_data, make_business):
    """tallies_remove/add with ids that are not one range (the update path of an import)."""
    businesses = [
        make_business(district=d, nib=f"10000000000{i:02d}")
        for i, d in enumerate(["Dander", "Kapas", "Dander", "Balen", "Kapas"])
    ]
    chosen = [businesses[0].pk, businesses[2].pk, businesses[4].pk]
    with transaction.atomic(), tallies_bulk():
        tallies_remove_businesses(chosen)
        Business.objects.filter(pk__in=chosen).update(status="inactive", workers_male=7, district_id="35.22.05")
        Permit.objects.filter(business_id=chosen[0]).delete()
        tallies_add_businesses(chosen)
    assert _exact()
    nation = cells_for_nation()
    assert sum(c.n for c in nation) == 5 and sum(c.n_nib for c in nation) == 4
    assert sum(c.workers_male for c in nation if c.status == "inactive") == 21


def test_a_range_of_ids_counts_like_the_same_ids_listed(reference_data, make_business):
    """The import hands its created businesses over as ranges (never a list of a million ints)."""
    owner = Owner.objects.create(name="Pemilik")
    with transaction.atomic(), tallies_bulk():
        created = Business.objects.bulk_create(
            [_new(owner, "35.22.01"), _new(owner, "35.22.02", workers_male=4), _new(owner, "35.22.03")]
        )
        Permit.objects.create(business=created[1], kind="nib", number="1000000000009")
        ids = sorted(b.pk for b in created)
        assert ids == list(range(ids[0], ids[-1] + 1))
        tallies_add_businesses(range(ids[0], ids[-1] + 1))
        tallies_add_businesses(range(5, 5))  # an empty range changes nothing
    assert _exact()
    nation = cells_for_nation()
    assert sum(c.n for c in nation) == 3 and sum(c.n_nib for c in nation) == 1
    assert sum(c.workers_male for c in nation) == 4
