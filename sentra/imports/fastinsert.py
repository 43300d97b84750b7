"""Insert many rows of a model without building model instances.

Django's bulk_create prepares every value of every object through the field API, which costs more than
the database itself for an import of 100,000 rows. Here each field's conversion is chosen once from the
model's metadata (so new fields and their defaults are picked up), ids are reserved up front, and rows go
to the database with executemany. Used for the registry rows an import creates — never for Owner, whose
NIK is stored through its own field logic (bulk_create there)."""

from django.db import connection, models
from django.utils import timezone


def _converter(field):
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if isinstance(field, models.JSONField):
        return lambda v: ops.adapt_json_value(v, field.encoder)
    return None


def reserve_ids(model, count: int) -> list[int]:
    """Ids for `count` new rows. Call inside the import's transaction: on SQLite the transaction holds the
    write lock (IMMEDIATE), on PostgreSQL the sequence hands out the numbers."""
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count]
            )
            return [r[0] for r in cursor.fetchall()]
        cursor.execute(f'SELECT coalesce(max("{pk}"), 0) FROM "{table}"')
        start = cursor.fetchone()[0]
        return list(range(start + 1, start + 1 + count))


def insert_rows(model, rows: list[dict]) -> None:
    """rows: attname → Python value, each with its id. Missing fields take their default; auto_now(_add)
    fields get now."""
    if not rows:
        return
    now = timezone.now()
    columns, getters = [], []
    for field in model._meta.concrete_fields:
        convert = _converter(field)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            default = now if isinstance(field, models.DateTimeField) else now.date()
        elif field.has_default():
            default = field.get_default()
        else:
            default = None if field.null or field.primary_key else ("" if field.empty_strings_allowed else None)
        if convert is not None and default is not None:
            default = convert(default)
        elif isinstance(default, (dict, list)):
            default = field.get_db_prep_save(default, connection)
        columns.append(field.column)
        getters.append((field.attname, default, convert))
    params = []
    for row in rows:
        values = []
        for attname, default, convert in getters:
            if attname in row:
                value = row[attname]
                if convert is not None and value is not None:
                    value = convert(value)
            else:
                value = default
            values.append(value)
        params.append(values)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({quoted}) VALUES ({placeholders})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)

