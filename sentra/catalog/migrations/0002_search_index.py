"""Full-text index on Product.search_text: FTS5 (external content, kept in step by triggers)
on SQLite; a GIN index on to_tsvector('simple', …) on PostgreSQL. The text is already
lower-cased and accent-free (search.normalize), so neither needs unaccent."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE catalog_product_fts USING fts5("
    "search_text, content='catalog_product', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER catalog_product_fts_ai AFTER INSERT ON catalog_product BEGIN "
    "INSERT INTO catalog_product_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER catalog_product_fts_ad AFTER DELETE ON catalog_product BEGIN "
    "INSERT INTO catalog_product_fts(catalog_product_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER catalog_product_fts_au AFTER UPDATE ON catalog_product BEGIN "
    "INSERT INTO catalog_product_fts(catalog_product_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO catalog_product_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO catalog_product_fts(catalog_product_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS catalog_product_fts_au",
    "DROP TRIGGER IF EXISTS catalog_product_fts_ad",
    "DROP TRIGGER IF EXISTS catalog_product_fts_ai",
    "DROP TABLE IF EXISTS catalog_product_fts",
]
PG_FORWARD = [
    "CREATE INDEX IF NOT EXISTS catalog_product_search_gin ON catalog_product "
    "USING gin (to_tsvector('simple', search_text))",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS catalog_product_search_gin"]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
