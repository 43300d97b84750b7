"""PostgreSQL: the search index without GIN's pending list (fastupdate off). With it on, new and
changed rows wait in an unsorted list (up to gin_pending_list_limit, 4 MB) that every search
reads in full until a VACUUM merges it: after loading 100,000 products, 389 pages — ~4 ms of every
search. Without it, each product write updates the index entries directly (a few more index page
writes per product save, which the catalog makes rarely). Rows already waiting are merged now."""

from django.db import migrations

INDEX = "catalog_product_search_vector"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {INDEX} SET (fastupdate = off)")
        schema_editor.execute(f"SELECT gin_clean_pending_list('{INDEX}'::regclass)")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {INDEX} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_pg_search_vector")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
