"""The tally triggers survive schema changes of the registry (SQLite remakes altered tables)."""

import pytest
from django.core.management import call_command
from django.db import connection, models

from sentra.metrics.cells import base_cells, cells_for_regency
from sentra.metrics.services import TRIGGER_NAMES, drop_triggers_before_migrate, ensure_triggers, installed_triggers
from sentra.registry.models import Business


def _exact():
    return sorted(c for c in cells_for_regency("35.22") if c.n) == sorted(base_cells("35.22"))


@pytest.mark.django_db(transaction=True)
def test_migrate_reinstalls_triggers_and_recounts(make_business):
    make_business(district="Dander", nib="1234567890123")
    call_command("migrate", "metrics", "zero", verbosity=0)
    assert installed_triggers() == set()
    make_business(district="Kapas")  # written while no trigger exists
    call_command("migrate", verbosity=0)
    assert installed_triggers() == TRIGGER_NAMES[connection.vendor]
    assert _exact() and sum(c.n for c in cells_for_regency("35.22")) == 2


@pytest.mark.django_db(transaction=True)
def test_a_registry_table_remake_during_migrate_keeps_the_tally_exact(make_business):
    make_business(district="Dander", nib="1234567890123")
    drop_triggers_before_migrate(plan=["a registry migration"])
    old = Business._meta.get_field("products")
    new = models.CharField(max_length=300, blank=True)
    new.set_attributes_from_name("products")
    new.model = Business
    with connection.schema_editor() as editor:
        editor.alter_field(Business, old, new)  # on SQLite: new table, copy, drop, rename
        editor.alter_field(Business, new, old)
    ensure_triggers()
    make_business(district="Balen")
    assert installed_triggers() == TRIGGER_NAMES[connection.vendor]
    assert _exact() and sum(c.n for c in cells_for_regency("35.22")) == 2


@pytest.mark.django_db(transaction=True)
def test_flush_leaves_no_stale_tally(reference_data, make_business):
    """`flush` (every transactional test's teardown) empties the tables under live triggers; the tallies must
    come out empty too, or the next test starts from negative counts."""
    from sentra.metrics.models import Tally

    make_business(district="Dander", nib="1234567890123")
    make_business(district="Kapas")
    assert Tally.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not Tally.objects.exclude(n=0).exists()


@pytest.mark.django_db(transaction=True)
def test_a_trigger_made_from_older_sql_is_reinstalled(make_business):
    """Installed triggers are compared by the checksum of their SQL, not by name: a database whose trigger
    bodies came from an older declaration of the measures gets them re-created (and the tallies recounted)."""
    from sentra.metrics import triggers
    from sentra.metrics.services import triggers_current

    make_business(district="Dander", nib="1234567890123")
    assert triggers_current()
    with connection.cursor() as cursor:  # the same names, an older body that counts nothing
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER metrics_business_ins")
            cursor.execute(
                "CREATE TRIGGER metrics_business_ins AFTER INSERT ON registry_business FOR EACH ROW BEGIN SELECT 1; END"
            )
        else:
            cursor.execute(
                "CREATE OR REPLACE FUNCTION metrics_business_tally() RETURNS trigger AS $$ BEGIN RETURN NULL; END $$ "
                "LANGUAGE plpgsql"
            )
            cursor.execute("COMMENT ON FUNCTION metrics_business_tally() IS 'older'")
    assert installed_triggers() == TRIGGER_NAMES[connection.vendor] and not triggers_current()
    make_business(district="Kapas")  # not counted by the older trigger
    assert not _exact()
    ensure_triggers(plan=["a migration"])
    assert triggers_current() and _exact()
    make_business(district="Balen")
    assert _exact() and sum(c.n for c in cells_for_regency("35.22")) == 3
    assert len(triggers.checksum(connection.vendor)) == 32
