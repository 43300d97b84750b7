"""A list of values passed as ONE query parameter and read as a one-column table: an array unnested on
PostgreSQL, a JSON array through json_each on SQLite. Thousands of values, one placeholder, and a plan
that joins them by index (PostgreSQL plans a long `IN (…)` on a freshly loaded table as a full scan)."""

import json


def values_sql(vendor: str, placeholder: str = "%s", pg_type: str = "bigint") -> str:
    """SELECT of the values of the parameter `placeholder` (give it values_param(...))."""
    if vendor == "postgresql":
        return f"SELECT unnest({placeholder}::{pg_type}[])"
    return f"SELECT value FROM json_each({placeholder})"


def values_param(vendor: str, values: list):
    return values if vendor == "postgresql" else json.dumps(values)
