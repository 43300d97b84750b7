"""Writes of the metrics app: trigger upkeep, tally rebuild, monthly snapshots."""

import datetime as dt

from django.conf import settings
from django.db import connections, transaction

from sentra.metrics import triggers
from sentra.metrics.models import Snapshot, Tally

TRIGGER_NAMES = {
    "sqlite": {
        "metrics_business_ins",
        "metrics_business_del",
        "metrics_business_upd",
        "metrics_permit_ins",
        "metrics_permit_del",
        "metrics_permit_upd",
    },
    "postgresql": {"metrics_business_insdel", "metrics_business_upd", "metrics_permit_insdel", "metrics_permit_upd"},
}
# ...and the triggers that give the figures version (the cache key of computed figures) a new token.
for _vendor, _names in TRIGGER_NAMES.items():
    _names |= triggers.version_trigger_names(_vendor)


def installed_triggers(using: str = "default") -> set[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'metrics_%'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'metrics_%' AND NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


def tallies_rebuild(*, using: str = "default") -> None:
    """Recount every tally from the base tables (after bulk loads that bypassed the triggers), and give the
    figures version a new token: figures cached before the recount are never served again."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for sql in triggers.rebuild_sql(connection.vendor):
            cursor.execute(sql)
        cursor.execute(triggers.version_reset_sql(connection.vendor))


def triggers_install(*, using: str = "default") -> None:
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for sql in triggers.uninstall_sql(connection.vendor) + triggers.install_sql(connection.vendor):
            cursor.execute(sql)
        for sql in triggers.version_uninstall_sql(connection.vendor) + triggers.version_install_sql(connection.vendor):
            cursor.execute(sql)


def drop_triggers_before_migrate(using: str = "default", plan=None, **kwargs) -> None:
    """pre_migrate: no tally triggers while the schema changes (only when there is something to apply)."""
    connection = connections[using]
    if not plan or connection.vendor not in TRIGGER_NAMES or not installed_triggers(using):
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for sql in triggers.uninstall_sql(connection.vendor) + triggers.version_uninstall_sql(connection.vendor):
            cursor.execute(sql)


def ensure_triggers(using: str = "default", plan=None, **kwargs) -> None:
    """post_migrate: put back missing triggers and recount, so the tallies can never silently drift.

    `flush` sends post_migrate too, without a plan. It empties the tables in no fixed order (a set of
    table names), so a registry row deleted after the tallies but before the regions leaves negative
    counts behind; after a flush the (now empty) tallies are therefore always recounted."""
    connection = connections[using]
    if connection.vendor not in TRIGGER_NAMES:
        return
    if not {"metrics_tally", "metrics_figuresversion"} <= set(connection.introspection.table_names()):
        return
    if installed_triggers(using) != TRIGGER_NAMES[connection.vendor]:
        triggers_install(using=using)
        tallies_rebuild(using=using)
    elif plan is None:
        tallies_rebuild(using=using)


def snapshot_take(*, regency_code: str | None = None, taken_on: dt.date | None = None) -> Snapshot:
    """Freeze today's kecamatan-level tally of the regency (replacing a snapshot of the same day)."""
    from sentra.metrics.cells import cells_for_regency

    code = regency_code or settings.SENTRA_REGENCY_CODE
    taken_on = taken_on or dt.date.today()
    cells = [list(c) for c in cells_for_regency(code)]
    with transaction.atomic():
        # A retake of the same day replaces the row (new id), so caches keyed by id never go stale.
        Snapshot.objects.filter(regency_code=code, taken_on=taken_on).delete()
        snapshot = Snapshot.objects.create(regency_code=code, taken_on=taken_on, cells=cells)
    return snapshot


__all__ = ["Tally", "ensure_triggers", "snapshot_take", "tallies_rebuild", "triggers_install"]
