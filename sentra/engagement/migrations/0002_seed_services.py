from django.db import migrations


def seed(apps, schema_editor):
    from sentra.engagement.reference import load_services

    load_services(apps.get_model("engagement", "Service"))


class Migration(migrations.Migration):
    dependencies = [("engagement", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
