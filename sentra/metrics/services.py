"""Writes of the metrics app: trigger upkeep, tally rebuild, monthly snapshots."""

import datetime as dt
import hashlib
from contextlib import contextmanager

from django.db import connections, transaction
from django.utils import timezone

from sentra.core.sqlvalues import values_param
from sentra.metrics import triggers
from sentra.metrics.measures import DIMENSIONS
from sentra.metrics.models import Snapshot, Tally
from sentra.regions import home

# every trigger Sentra installs, per database (the tally triggers and those of the figures version)
TRIGGER_NAMES = {vendor: triggers.trigger_names(vendor) for vendor in ("sqlite", "postgresql")}


def installed_triggers(using: str = "default") -> set[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'metrics_%'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'metrics_%' AND NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


def triggers_current(using: str = "default") -> bool:
    """Every trigger is installed, made from the SQL the measures generate now (not only named alike)."""
    connection = connections[using]
    vendor = connection.vendor
    if installed_triggers(using) != TRIGGER_NAMES[vendor]:
        return False
    with connection.cursor() as cursor:
        cursor.execute(triggers.installed_checksum_sql(vendor))
        rows = [row[0] for row in cursor.fetchall()]
    if vendor == "sqlite":
        return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:32] == triggers.checksum(vendor)
    return rows == [triggers.checksum(vendor)]


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
        for sql in triggers.checksum_comment_sql(connection.vendor):
            cursor.execute(sql)


@contextmanager
def tallies_bulk(*, note: str = "", using: str = "default"):
    """Inside the caller's transaction: the tally triggers do not fire for this transaction's registry
    writes until the block ends. Every business written inside the block must be reported:
    `tallies_add_businesses(ids)` after inserting businesses (and their permits);
    `tallies_remove_businesses(ids)` before and `tallies_add_businesses(ids)` after changing them. No
    deletes inside the block.

    - PostgreSQL: the transaction-local setting triggers.BULKLOAD_SETTING is 'on' until the block ends, and
      the triggers' WHEN clauses skip every row while it is (not even the trigger function is called). No
      other session ever sees it: their writes keep firing the triggers. No DDL, no lock. A metrics_bulkload
      row, deleted again before the block ends, queues the one figures-version bump for commit (the
      per-row version triggers are skipped too) and shows in pg_stat_activity's transaction what is going on.
    - SQLite: the triggers are dropped and created again inside the transaction. Even a trigger whose WHEN
      is false costs ~25 µs per inserted row there; the import's transaction holds the only write lock
      (IMMEDIATE), and readers keep seeing the committed schema, with its triggers.
    Both happen in a savepoint: a failure inside the block rolls them back with the rows."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("tallies_bulk needs the caller's transaction (transaction.atomic)")
    vendor = connection.vendor
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if vendor == "sqlite":
            # The figures-version triggers are row-level on SQLite too: they are dropped with the tally
            # triggers, and the block gives the versions new tokens once at its end instead.
            installed = installed_triggers(using)
            for sql in triggers.uninstall_sql(vendor) + triggers.version_uninstall_sql(vendor):
                cursor.execute(sql)
            yield
            if installed:
                for sql in triggers.install_sql(vendor) + triggers.version_install_sql(vendor):
                    cursor.execute(sql)
            cursor.execute(triggers.version_reset_sql(vendor))
            return
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        cursor.execute(
            f"INSERT INTO {triggers.BULKLOAD_TABLE} (started_at, note) VALUES (%s, %s) RETURNING id", [now, note[:60]]
        )
        flag_id = cursor.fetchone()[0]
        cursor.execute("SELECT set_config(%s, 'on', true)", [triggers.BULKLOAD_SETTING])
        yield
        cursor.execute("SELECT set_config(%s, '', true)", [triggers.BULKLOAD_SETTING])
        cursor.execute(f"DELETE FROM {triggers.BULKLOAD_TABLE} WHERE id = %s", [flag_id])


def _tallies_move(ids, sign: int, using: str) -> None:
    """ids: any iterable of business ids, or a range (of step 1), which is never turned into a list."""
    connection = connections[using]
    vendor = connection.vendor
    if isinstance(ids, range) and ids.step == 1:
        if not ids:
            return
        id_range, lo, hi = True, ids.start, ids.stop - 1
    else:
        ids = sorted(ids)
        if not ids:
            return
        lo, hi = ids[0], ids[-1]
        id_range = hi - lo + 1 == len(ids) == len(set(ids))  # lo..hi, each once: every id between is one
    params = {"lo": lo, "hi": hi} if id_range else {"ids": values_param(vendor, ids)}
    tally_sql, month_sql = triggers.grouped_businesses_sql(vendor, id_range)
    tally: dict[tuple, list] = {}
    months: dict[tuple, int] = {}
    dims = len(DIMENSIONS)
    with connection.cursor() as cursor:
        cursor.execute(tally_sql, params)
        for district, regency, province, *rest in cursor.fetchall():
            cell, measures = tuple(rest[:dims]), [sign * (v or 0) for v in rest[dims:]]
            for key in (("d", district, regency, *cell), ("r", regency, province, *cell), ("p", province, "", *cell)):
                known = tally.get(key)
                tally[key] = measures if known is None else [a + b for a, b in zip(known, measures)]
        cursor.execute(month_sql, params)
        for regency, *rest in cursor.fetchall():
            cell, month, n = tuple(rest[:dims]), rest[dims], sign * rest[dims + 1]
            for key in (("r", regency, *cell, month), ("n", "", *cell, month)):
                months[key] = months.get(key, 0) + n
        tally_upsert, month_upsert = triggers.upsert_sql(vendor)
        # ON CONFLICT keys: (level, area, cell) — the parent is the area's, the same for every row of an area
        cursor.executemany(tally_upsert, [(*key, *measures) for key, measures in tally.items()])
        cursor.executemany(month_upsert, [(*key, n) for key, n in months.items()])


def tallies_add_businesses(ids, *, using: str = "default") -> None:
    """Add the given businesses, as stored now with their permits, to the tallies with one GROUP BY per
    tally level — what the triggers would have done row by row. Call inside `tallies_bulk`."""
    _tallies_move(ids, 1, using)


def tallies_remove_businesses(ids, *, using: str = "default") -> None:
    """Take the given businesses, as stored now with their permits, out of the tallies (before changing
    them inside `tallies_bulk`)."""
    _tallies_move(ids, -1, using)


def drop_triggers_before_migrate(using: str = "default", plan=None, **kwargs) -> None:
    """pre_migrate: no tally triggers while the schema changes (only when there is something to apply)."""
    connection = connections[using]
    if not plan or connection.vendor not in TRIGGER_NAMES or not installed_triggers(using):
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for sql in triggers.uninstall_sql(connection.vendor) + triggers.version_uninstall_sql(connection.vendor):
            cursor.execute(sql)


def ensure_triggers(using: str = "default", plan=None, **kwargs) -> None:
    """post_migrate: put back missing triggers, or those made from older SQL (a measure added or changed),
    and recount, so the tallies can never silently drift.

    `flush` sends post_migrate too, without a plan. It empties the tables in no fixed order (a set of
    table names), so a registry row deleted after the tallies but before the regions leaves negative
    counts behind; after a flush the (now empty) tallies are therefore always recounted."""
    connection = connections[using]
    if connection.vendor not in TRIGGER_NAMES:
        return
    if not {"metrics_tally", "metrics_figuresversion"} <= set(connection.introspection.table_names()):
        return
    if not triggers_current(using):
        triggers_install(using=using)
        tallies_rebuild(using=using)
    elif plan is None:
        tallies_rebuild(using=using)


def snapshot_take(*, regency_code: str | None = None, taken_on: dt.date | None = None) -> Snapshot:
    """Freeze today's kecamatan-level tally of the regency (replacing a snapshot of the same day)."""
    from sentra.metrics.cells import cells_for_regency

    code = regency_code or home.regency_code()
    taken_on = taken_on or dt.date.today()
    cells = [c._asdict() for c in cells_for_regency(code)]  # by name: a later measure reads 0 here
    with transaction.atomic():
        # A retake of the same day replaces the row (new id), so caches keyed by id never go stale.
        Snapshot.objects.filter(regency_code=code, taken_on=taken_on).delete()
        snapshot = Snapshot.objects.create(regency_code=code, taken_on=taken_on, cells=cells)
    return snapshot


__all__ = [
    "Tally",
    "ensure_triggers",
    "snapshot_take",
    "tallies_add_businesses",
    "tallies_bulk",
    "tallies_rebuild",
    "tallies_remove_businesses",
    "triggers_install",
]
