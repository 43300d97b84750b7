"""Insert many rows of a model without building model instances.

Django's bulk_create prepares every value of every object through the field API, which costs more than
the database itself for an import of 100,000 rows. Here each field's conversion is chosen once from the
model's metadata (so new fields and their defaults are picked up), ids are reserved up front, and rows go
to the database with executemany (SQLite) or COPY (PostgreSQL).

Values are stored as given: fields with their own storage logic (Owner.nik is encrypted, Owner.nik_hash
is its keyed hash — see registry/pii.py) must be passed already in their stored form."""

import json
from operator import itemgetter

from django.db import connection, models
from django.utils import timezone


def _converter(field, copy: bool):
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return None if copy else ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return None if copy else ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if isinstance(field, models.JSONField):
        if copy:  # COPY takes the text form of jsonb
            return lambda v: json.dumps(v, cls=field.encoder)
        return lambda v: ops.adapt_json_value(v, field.encoder)
    return None


def reserve_ids(model, count: int) -> list[int]:
    """Ids for `count` new rows. Call inside the import's transaction: on SQLite the transaction holds the
    write lock (IMMEDIATE), on PostgreSQL the sequence hands out the numbers."""
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the sequence's name first: pg_get_serial_sequence inside the row list runs once per row (6× slower)
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
            sequence = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
            return [r[0] for r in cursor.fetchall()]
        # AUTOINCREMENT: sqlite_sequence holds the largest id ever handed out, so a deleted row's id is not
        # given again (history is keyed by the id). Reserve the block there, as an ORM insert would.
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        cursor.execute(f'SELECT coalesce(max("{pk}"), 0) FROM "{table}"')
        start = max(found[0] if found else 0, cursor.fetchone()[0])
        if found:
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [start + count, table])
        else:
            cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start + count])
        return list(range(start + 1, start + 1 + count))


def insert_rows(model, rows: list[dict], common: dict | None = None) -> None:
    """rows: attname → Python value. Either every row has its id (from reserve_ids) or none has (the
    database numbers them). `common`: attname → value shared by every row, converted once. Other missing
    fields take their default; auto_now(_add) fields get now."""
    if not rows:
        return
    copy = connection.vendor == "postgresql"
    now = timezone.now()
    columns, plain, converted = [], [], []
    pk = model._meta.pk
    # rows without an id: the database numbers them (AUTOINCREMENT / the serial's default)
    fields = [f for f in model._meta.concrete_fields if f is not pk or pk.attname in rows[0]]
    for index, field in enumerate(fields):
        convert = _converter(field, copy)
        if common and field.attname in common:
            default = common[field.attname]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            default = now if isinstance(field, models.DateTimeField) else now.date()
        elif field.has_default():
            default = field.get_default()
        else:
            default = None if field.null or field.primary_key else ("" if field.empty_strings_allowed else None)
        if convert is not None and default is not None:
            default = convert(default)
        elif isinstance(default, (dict, list)):
            default = (
                json.dumps(default, cls=getattr(field, "encoder", None))
                if copy
                else field.get_db_prep_save(default, connection)
            )
        columns.append(field.column)
        plain.append((field.attname, default))
        if convert is not None:
            converted.append((index, field.attname, convert))
    # {**defaults, **row} and itemgetter run in C: a row costs about a microsecond, whatever its width
    defaults = dict(plain)
    getter = itemgetter(*(attname for attname, _ in plain))
    if converted:
        params = []
        for row in rows:
            values = list(getter({**defaults, **row}))
            for index, attname, convert in converted:
                value = row.get(attname)
                if value is not None:
                    values[index] = convert(value)
            params.append(values)
    else:
        params = [getter({**defaults, **row}) for row in rows]
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if copy:
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as pg_copy:
                for values in params:
                    pg_copy.write_row(values)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})", params)
