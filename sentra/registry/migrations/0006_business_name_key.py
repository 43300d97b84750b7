"""Business.name_key: the name compared loosely (duplicates.name_key), stored and indexed with the kecamatan
so that an import finds the businesses of a name by index instead of reading the whole registry. Filled for
existing rows (before the index is built)."""

from django.conf import settings
from django.db import migrations, models

import sentra.registry.models
from sentra.registry.duplicates import name_key


def fill_name_keys(apps, schema_editor):
    connection = schema_editor.connection
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT id, name FROM registry_business WHERE id > %s ORDER BY id LIMIT 5000", [last])
            rows = cursor.fetchall()
            if not rows:
                return
            cursor.executemany(
                "UPDATE registry_business SET name_key = %s WHERE id = %s", [(name_key(n or ""), pk) for pk, n in rows]
            )
            last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0003_site"),
        ("registry", "0005_workers_unknown"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="business",
            name="name_key",
            field=sentra.registry.models.NameKeyField(db_default="", source="name", verbose_name="kunci nama"),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="business",
            index=models.Index(fields=["district", "name_key"], name="business_district_name_key"),
        ),
    ]
