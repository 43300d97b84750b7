from django.db import migrations

from sentra.metrics import triggers


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in triggers.uninstall_sql(vendor) + triggers.install_sql(vendor) + triggers.rebuild_sql(vendor):
        schema_editor.execute(sql, params=None)


def uninstall(apps, schema_editor):
    for sql in triggers.uninstall_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0001_tallies"),
        ("registry", "0002_sectors_and_kbli"),
        ("regions", "0002_load_home_regency"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
