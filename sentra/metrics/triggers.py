"""Database triggers that keep Tally and MonthTally exact on every write to registry_business and
registry_permit — whichever code writes (services, imports with bulk_create, admin, raw SQL).

Every statement is generated from the measures' declaration (measures.py), for SQLite (trigger bodies) and
PostgreSQL (plpgsql functions): the triggers row by row, `rebuild_sql()` from the base tables, and
`grouped_businesses_sql()` for the businesses a bulk load wrote. `checksum()` names the generated SQL, so an
installed database whose triggers were made from an older declaration gets them re-created (services).
"""

import hashlib
import re

from sentra.core.sqlvalues import values_sql
from sentra.metrics.measures import DIMENSIONS, MEASURE_LIST, MEASURES, PERMIT_COLUMNS

# PostgreSQL: while a transaction has set this setting to 'on' (set_config(..., is_local => true), so no
# other session and no later transaction ever sees it), the row triggers skip its writes: their WHEN clause
# is false, so not even the trigger function is called (services.tallies_bulk). The transaction also
# inserts a row into metrics_bulkload, whose deferred trigger gives the figures version its new token at
# commit, in place of the skipped version triggers.
BULKLOAD_SETTING = "sentra.bulkload"
NOT_BULKLOAD = f"current_setting('{BULKLOAD_SETTING}', true) IS DISTINCT FROM 'on'"
BULKLOAD_TABLE = "metrics_bulkload"

CELL = ", ".join(DIMENSIONS)
TALLY_COLUMNS = f"level, area, parent, {CELL}, {', '.join(MEASURES)}"
TALLY_CONFLICT = f"(level, area, {CELL})"
MONTH_COLUMNS = f"level, area, {CELL}, month, n"
MONTH_CONFLICT = f"(level, area, {CELL}, month)"
# (level, area expression, parent expression) over regions_district d JOIN regions_regency r.
LEVELS = [("d", "d.code", "d.regency_id"), ("r", "r.code", "r.province_id"), ("p", "r.province_id", "''")]
# a change of one of these moves a business from one cell (or month) to another, or changes what it adds
WATCHED_BUSINESS_COLUMNS = list(
    dict.fromkeys(["district_id", *DIMENSIONS, "registered_on", *(c for m in MEASURE_LIST for c in m.watched)])
)


def _month(vendor: str, ref: str) -> str:
    if vendor == "postgresql":
        return f"to_char({ref}.registered_on, 'YYYY-MM')"
    return f"strftime('%Y-%m', {ref}.registered_on)"


def _add_business(vendor: str, ref: str, sign: int) -> list[str]:
    """Statements adding (sign=1) or removing (sign=-1) the business row `ref` (NEW/OLD) from the tallies."""
    added = ", ".join(f"{sign} * {m.row_sql(ref)}" for m in MEASURE_LIST)
    measures_update = ", ".join(f"{m} = metrics_tally.{m} + excluded.{m}" for m in MEASURES)
    cell = ", ".join(f"{ref}.{d}" for d in DIMENSIONS)
    statements = []
    for level, area, parent in LEVELS:
        statements.append(
            f"INSERT INTO metrics_tally ({TALLY_COLUMNS}) "
            f"SELECT '{level}', {area}, {parent}, {cell}, {added} "
            f"FROM regions_district d JOIN regions_regency r ON r.code = d.regency_id WHERE d.code = {ref}.district_id "
            f"ON CONFLICT {TALLY_CONFLICT} DO UPDATE SET {measures_update}"
        )
    for level, area in [("r", "d.regency_id"), ("n", "''")]:
        statements.append(
            f"INSERT INTO metrics_monthtally ({MONTH_COLUMNS}) "
            f"SELECT '{level}', {area}, {cell}, {_month(vendor, ref)}, {sign} "
            f"FROM regions_district d WHERE d.code = {ref}.district_id "
            f"ON CONFLICT {MONTH_CONFLICT} DO UPDATE SET n = metrics_monthtally.n + excluded.n"
        )
    return statements


def _permit_flag(ref: str, sign: int, *, before: bool = False) -> str:
    """Statement moving the permit-kind count of the permit's business by `sign`, when this permit made the
    difference (first of its kind added, last of its kind removed).

    `before`: the statement runs in a BEFORE ROW trigger (PostgreSQL). PostgreSQL runs AFTER ROW triggers only
    when the whole statement is done, so each of two permits of one kind deleted (or inserted) by one statement
    would see the other already gone (or already there) and both would count; a BEFORE ROW trigger sees the
    rows the statement changed so far, but not its own row yet — the same sequence SQLite's AFTER ROW
    triggers see, row by row."""
    sets = ", ".join(
        f"{col} = {col} + CASE WHEN {ref}.kind = '{kind}' THEN {sign} ELSE 0 END"
        for kind, col in PERMIT_COLUMNS.items()
    )
    if before:
        decisive = (
            f"NOT EXISTS (SELECT 1 FROM registry_permit p WHERE p.business_id = {ref}.business_id "
            f"AND p.kind = {ref}.kind AND p.id <> {ref}.id)"
        )
    elif sign > 0:
        decisive = (
            f"(SELECT COUNT(*) FROM registry_permit p WHERE p.business_id = {ref}.business_id "
            f"AND p.kind = {ref}.kind) = 1"
        )
    else:
        decisive = (
            f"NOT EXISTS (SELECT 1 FROM registry_permit p WHERE p.business_id = {ref}.business_id "
            f"AND p.kind = {ref}.kind)"
        )
    return (
        f"UPDATE metrics_tally SET {sets} FROM ("
        f"SELECT b.district_id, d.regency_id, r.province_id, {', '.join(f'b.{d}' for d in DIMENSIONS)} "
        f"FROM registry_business b JOIN regions_district d ON d.code = b.district_id "
        f"JOIN regions_regency r ON r.code = d.regency_id WHERE b.id = {ref}.business_id) AS x "
        f"WHERE {' AND '.join(f'metrics_tally.{d} = x.{d}' for d in DIMENSIONS)} "
        f"AND ((metrics_tally.level = 'd' AND metrics_tally.area = x.district_id) "
        f"OR (metrics_tally.level = 'r' AND metrics_tally.area = x.regency_id) "
        f"OR (metrics_tally.level = 'p' AND metrics_tally.area = x.province_id)) AND {decisive}"
    )


def _business_changed(vendor: str) -> str:
    op = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{c} {op} NEW.{c}" for c in WATCHED_BUSINESS_COLUMNS)


def _permit_changed(vendor: str) -> str:
    op = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return f"OLD.kind {op} NEW.kind OR OLD.business_id {op} NEW.business_id"


def _sqlite_trigger(name: str, event: str, table: str, statements: list[str], when: str = "") -> str:
    body = ";\n  ".join(statements)
    when_sql = f" WHEN {when}" if when else ""
    return f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{when_sql}\nBEGIN\n  {body};\nEND"


def install_sql(vendor: str) -> list[str]:
    """PostgreSQL: the triggers do not fire while the writing transaction has set BULKLOAD_SETTING.
    SQLite has no such check: any row trigger costs ~25 µs per inserted row there even when its WHEN
    is false, so a bulk load drops the triggers inside its own transaction instead (services.tallies_bulk)."""
    if vendor == "sqlite":
        return [
            _sqlite_trigger("metrics_business_ins", "INSERT", "registry_business", _add_business(vendor, "NEW", 1)),
            _sqlite_trigger("metrics_business_del", "DELETE", "registry_business", _add_business(vendor, "OLD", -1)),
            _sqlite_trigger(
                "metrics_business_upd",
                "UPDATE",
                "registry_business",
                _add_business(vendor, "OLD", -1) + _add_business(vendor, "NEW", 1),
                _business_changed(vendor),
            ),
            _sqlite_trigger("metrics_permit_ins", "INSERT", "registry_permit", [_permit_flag("NEW", 1)]),
            _sqlite_trigger("metrics_permit_del", "DELETE", "registry_permit", [_permit_flag("OLD", -1)]),
            _sqlite_trigger(
                "metrics_permit_upd",
                "UPDATE",
                "registry_permit",
                [_permit_flag("OLD", -1), _permit_flag("NEW", 1)],
                _permit_changed(vendor),
            ),
        ]
    if vendor == "postgresql":

        def block(statements):
            return ";\n    ".join(statements) + ";"

        business_fn = f"""CREATE OR REPLACE FUNCTION metrics_business_tally() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    {block(_add_business(vendor, "OLD", -1))}
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    {block(_add_business(vendor, "NEW", 1))}
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql"""
        # BEFORE ROW (see _permit_flag): multi-row permit statements count each business and kind once.
        permit_fn = f"""CREATE OR REPLACE FUNCTION metrics_permit_tally() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    {_permit_flag("OLD", -1, before=True)};
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    {_permit_flag("NEW", 1, before=True)};
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql"""
        return [
            business_fn,
            permit_fn,
            "CREATE TRIGGER metrics_business_insdel AFTER INSERT OR DELETE ON registry_business "
            f"FOR EACH ROW WHEN ({NOT_BULKLOAD}) EXECUTE FUNCTION metrics_business_tally()",
            "CREATE TRIGGER metrics_business_upd AFTER UPDATE ON registry_business FOR EACH ROW "
            f"WHEN ({NOT_BULKLOAD} AND ({_business_changed(vendor)})) EXECUTE FUNCTION metrics_business_tally()",
            "CREATE TRIGGER metrics_permit_insdel BEFORE INSERT OR DELETE ON registry_permit "
            f"FOR EACH ROW WHEN ({NOT_BULKLOAD}) EXECUTE FUNCTION metrics_permit_tally()",
            "CREATE TRIGGER metrics_permit_upd BEFORE UPDATE ON registry_permit FOR EACH ROW "
            f"WHEN ({NOT_BULKLOAD} AND ({_permit_changed(vendor)})) EXECUTE FUNCTION metrics_permit_tally()",
        ]
    raise NotImplementedError(f"Sentra metrics triggers: database {vendor} is not supported")


def _created(statements: list[str]) -> list[tuple[str, str, str]]:
    """(what, name, table) of each trigger and function the statements create."""
    found = []
    for sql in statements:
        if match := re.match(r"CREATE (?:CONSTRAINT )?TRIGGER (\w+) .*? ON (\w+)", sql, re.S):
            found.append(("TRIGGER", *match.groups()))
        elif match := re.match(r"CREATE OR REPLACE FUNCTION (\w+)\(", sql):
            found.append(("FUNCTION", match.group(1), ""))
    return found


def _drop(vendor: str, statements: list[str]) -> list[str]:
    drops = []
    for what, name, table in _created(statements):
        if what == "FUNCTION":
            drops.append(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            drops.append(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if vendor == "postgresql" else ""))
    # PostgreSQL: a function goes after the triggers that call it
    return sorted(drops, key=lambda sql: sql.startswith("DROP FUNCTION"))


def uninstall_sql(vendor: str) -> list[str]:
    return _drop(vendor, install_sql(vendor))


def trigger_names(vendor: str) -> set[str]:
    """Every trigger Sentra installs (tallies and figures versions)."""
    return {name for what, name, _ in _created(install_sql(vendor) + version_install_sql(vendor)) if what == "TRIGGER"}


def checksum(vendor: str) -> str:
    """Names the SQL of every trigger as generated now: an installed set made from other SQL is re-created.
    SQLite keeps each trigger's CREATE statement verbatim (sqlite_master.sql), so the checksum is over the
    statements sorted; PostgreSQL keeps it as a comment on the tally function (CHECKSUM_COMMENT)."""
    statements = install_sql(vendor) + version_install_sql(vendor)
    if vendor == "sqlite":
        statements = sorted(statements)
    return hashlib.sha256("\n".join(statements).encode()).hexdigest()[:32]


def installed_checksum_sql(vendor: str) -> str:
    if vendor == "sqlite":
        return "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'metrics_%' ORDER BY sql"
    return "SELECT obj_description(to_regprocedure('metrics_business_tally()'), 'pg_proc')"


def checksum_comment_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"COMMENT ON FUNCTION metrics_business_tally() IS '{checksum(vendor)}'"]
    return []


def _district_cells_sql(b_where: str = "", p_where: str = "") -> str:
    """Businesses `b` (those matching b_where, or all) grouped into kecamatan-level cells: district,
    regency, province, the cell's dimensions, then every measure under its column name. The permit kinds of
    each business are read once with one scan of the permit index and joined (one EXISTS per kind and
    business cost ~30 µs per business on PostgreSQL)."""
    kinds = ", ".join(
        f"MAX(CASE WHEN kind = '{kind}' THEN 1 ELSE 0 END) AS {col}" for kind, col in PERMIT_COLUMNS.items()
    )
    measures = ", ".join(f"{m.grouped_sql()} AS {m.column}" for m in MEASURE_LIST)
    cell = ", ".join(f"b.{d}" for d in DIMENSIONS)
    return (
        f"SELECT b.district_id, d.regency_id, r.province_id, {cell}, {measures} "
        "FROM registry_business b JOIN regions_district d ON d.code = b.district_id "
        "JOIN regions_regency r ON r.code = d.regency_id "
        f"LEFT JOIN (SELECT business_id, {kinds} FROM registry_permit {p_where and 'WHERE ' + p_where} "
        f"GROUP BY business_id) f ON f.business_id = b.id {b_where and 'WHERE ' + b_where} "
        f"GROUP BY b.district_id, d.regency_id, r.province_id, {cell}"
    )


def _months_sql(vendor: str, b_where: str = "", level: str = "") -> str:
    """Businesses `b` grouped into regency-level month cells: (level,) regency, the dimensions, month, n."""
    cell = ", ".join(f"b.{d}" for d in DIMENSIONS)
    month = _month(vendor, "b")
    return (
        f"SELECT {level and repr(level) + ', '}d.regency_id, {cell}, {month}, COUNT(*) "
        f"FROM registry_business b JOIN regions_district d ON d.code = b.district_id "
        f"{b_where and 'WHERE ' + b_where} GROUP BY d.regency_id, {cell}, {month}"
    )


def rebuild_sql(vendor: str) -> list[str]:
    """Recompute the tallies from the base tables: one GROUP BY for the kecamatan level, the others from it."""
    measure_sums = ", ".join(f"SUM({m})" for m in MEASURES)
    return [
        "DELETE FROM metrics_tally",
        "DELETE FROM metrics_monthtally",
        f"INSERT INTO metrics_tally ({TALLY_COLUMNS}) "
        f"SELECT 'd', x.district_id, x.regency_id, {CELL}, {', '.join(MEASURES)} FROM ({_district_cells_sql()}) x",
        f"INSERT INTO metrics_tally ({TALLY_COLUMNS}) "
        f"SELECT 'r', t.parent, r.province_id, {CELL}, {measure_sums} FROM metrics_tally t "
        f"JOIN regions_regency r ON r.code = t.parent WHERE t.level = 'd' "
        f"GROUP BY t.parent, r.province_id, {CELL}",
        f"INSERT INTO metrics_tally ({TALLY_COLUMNS}) "
        f"SELECT 'p', t.parent, '', {CELL}, {measure_sums} FROM metrics_tally t WHERE t.level = 'r' "
        f"GROUP BY t.parent, {CELL}",
        f"INSERT INTO metrics_monthtally ({MONTH_COLUMNS}) {_months_sql(vendor, level='r')}",
        f"INSERT INTO metrics_monthtally ({MONTH_COLUMNS}) "
        f"SELECT 'n', '', {CELL}, month, SUM(n) FROM metrics_monthtally WHERE level = 'r' GROUP BY {CELL}, month",
    ]


def grouped_businesses_sql(vendor: str, id_range: bool = False) -> tuple[str, str]:
    """Two SELECTs over the businesses whose ids are given, as stored now with their permits — the set-based
    equivalent of what the triggers do row by row, for writes made while they were off (services.tallies_bulk):
    (kecamatan-level tally cells: district, regency, province, the dimensions, the measures by name) and
    (regency-level month cells: regency, the dimensions, month, n). services._tallies_move sums the higher
    levels from these in Python: a registry has a few thousand cells, not 100,000s. Parameters: `ids`
    (core.sqlvalues.values_param), or with id_range=True `lo` and `hi` (every id from lo to hi is one)."""
    if id_range:
        b_ids, p_ids = "b.id BETWEEN %(lo)s AND %(hi)s", "business_id BETWEEN %(lo)s AND %(hi)s"
    else:
        ids = values_sql(vendor, "%(ids)s")
        b_ids, p_ids = f"b.id IN ({ids})", f"business_id IN ({ids})"
    month_sql = _months_sql(vendor, b_ids).replace("%Y-%m", "%%Y-%%m")  # the statements take parameters
    return _district_cells_sql(b_ids, p_ids), month_sql


def upsert_sql(vendor: str) -> tuple[str, str]:
    """INSERT … ON CONFLICT statements adding one row of counts to metrics_tally and metrics_monthtally (for
    executemany; positional parameters in TALLY_COLUMNS and MONTH_COLUMNS order)."""
    measures_update = ", ".join(f"{m} = metrics_tally.{m} + excluded.{m}" for m in MEASURES)
    tally_marks = ", ".join(["%s"] * len(TALLY_COLUMNS.split(", ")))
    month_marks = ", ".join(["%s"] * len(MONTH_COLUMNS.split(", ")))
    return (
        f"INSERT INTO metrics_tally ({TALLY_COLUMNS}) VALUES ({tally_marks}) "
        f"ON CONFLICT {TALLY_CONFLICT} DO UPDATE SET {measures_update}",
        f"INSERT INTO metrics_monthtally ({MONTH_COLUMNS}) VALUES ({month_marks}) "
        f"ON CONFLICT {MONTH_CONFLICT} DO UPDATE SET n = metrics_monthtally.n + excluded.n",
    )


# --- The figures versions: cache keys that change with every write the figures depend on ----------------------
# Kept apart from the tally triggers above (separate triggers, separate SQL) so either can change alone.
# Row 1 of metrics_figuresversion follows the registry (the tallies' tables and the names shown with them),
# row 2 the tables of the activity figures (training, catalog); activity figures are keyed by both rows.
# PostgreSQL: a deferred constraint trigger per table that bumps once per transaction, at its commit (so the
# version row is never held locked while a transaction works), plus a TRUNCATE trigger.
# SQLite has no statement-level triggers: one row-level trigger per table and event.

REGISTRY_VERSION, ACTIVITY_VERSION = 1, 2
VERSION_TABLES = {
    # table: (short name, version row)
    "registry_business": ("business", REGISTRY_VERSION),
    "registry_permit": ("permit", REGISTRY_VERSION),
    "registry_sector": ("sector", REGISTRY_VERSION),  # sector names are part of the figures
    "regions_district": ("district", REGISTRY_VERSION),  # kecamatan names
    "regions_province": ("province", REGISTRY_VERSION),  # province names (national roll-up)
    # activity figures (sentra/metrics/activity.py: programs.metrics, catalog.metrics.lead_totals)
    "programs_program": ("program", ACTIVITY_VERSION),
    "programs_session": ("session", ACTIVITY_VERSION),
    "programs_enrollment": ("enrollment", ACTIVITY_VERSION),
    "programs_prospect": ("prospect", ACTIVITY_VERSION),
    "catalog_product": ("product", ACTIVITY_VERSION),
    "catalog_lead": ("lead", ACTIVITY_VERSION),
}
VERSION_EVENTS = ["ins", "upd", "del"]


def _new_token(vendor: str) -> str:
    if vendor == "postgresql":
        return "md5(random()::text || clock_timestamp()::text)"
    return "lower(hex(randomblob(16)))"


def version_bump_sql(vendor: str, row: int) -> str:
    return f"UPDATE metrics_figuresversion SET token = {_new_token(vendor)} WHERE id = {row}"


def version_reset_sql(vendor: str) -> str:
    """New tokens for every version row, creating the rows if a flush or TRUNCATE emptied the table."""
    rows = ", ".join(f"({row}, {_new_token(vendor)})" for row in (REGISTRY_VERSION, ACTIVITY_VERSION))
    return (
        f"INSERT INTO metrics_figuresversion (id, token) VALUES {rows} "
        "ON CONFLICT (id) DO UPDATE SET token = excluded.token"
    )


def version_install_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        events = dict(zip(VERSION_EVENTS, ["INSERT", "UPDATE", "DELETE"]))
        return [
            f"CREATE TRIGGER metrics_version_{short}_{event} AFTER {events[event]} ON {table} FOR EACH ROW "
            f"BEGIN {version_bump_sql(vendor, row)}; END"
            for table, (short, row) in VERSION_TABLES.items()
            for event in VERSION_EVENTS
        ]
    if vendor == "postgresql":
        # The bump runs when the writing transaction commits (a deferred constraint trigger), once per
        # transaction and version row: the row is locked only for the instant of the commit, so concurrent
        # writers (an import and a staff edit, two inquiries) never wait on each other for it. TRUNCATE has
        # no constraint triggers; it bumps at once (it locks the whole table anyway).
        bump = version_bump_sql(vendor, 0).replace("id = 0", "id = TG_ARGV[0]::smallint")
        function = (
            "CREATE OR REPLACE FUNCTION metrics_figures_version_bump() RETURNS trigger AS $$\n"
            "DECLARE\n  mark text := 'sentra.version_bumped_' || TG_ARGV[0];\n"
            "BEGIN\n"
            "  IF TG_LEVEL = 'ROW' AND current_setting(mark, true) = txid_current()::text THEN\n"
            "    RETURN NULL;\n  END IF;\n"
            "  PERFORM set_config(mark, txid_current()::text, true);\n"
            f"  {bump};\n  RETURN NULL;\nEND $$ LANGUAGE plpgsql"
        )
        # A bulk load (services.tallies_bulk) queues no event per row (the WHEN clause is evaluated at once for
        # constraint triggers): its metrics_bulkload row queues the one bump instead.
        statements = [
            function,
            f"CREATE CONSTRAINT TRIGGER metrics_version_bulkload AFTER INSERT ON {BULKLOAD_TABLE} "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            f"EXECUTE FUNCTION metrics_figures_version_bump('{REGISTRY_VERSION}')",
        ]
        for table, (short, row) in VERSION_TABLES.items():
            statements.append(
                f"CREATE CONSTRAINT TRIGGER metrics_version_{short} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ({NOT_BULKLOAD}) "
                f"EXECUTE FUNCTION metrics_figures_version_bump('{row}')"
            )
            statements.append(
                f"CREATE TRIGGER metrics_version_{short}_truncate AFTER TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION metrics_figures_version_bump('{row}')"
            )
        return statements
    raise NotImplementedError(f"Sentra metrics triggers: database {vendor} is not supported")


def version_uninstall_sql(vendor: str) -> list[str]:
    return _drop(vendor, version_install_sql(vendor))
