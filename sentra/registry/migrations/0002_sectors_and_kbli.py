"""Seed the two sectors and the KBLI 2020 codes relevant to food & beverage and crafts."""

from django.db import migrations


def seed(apps, schema_editor):
    from sentra.registry.reference import load_sectors_and_kbli

    load_sectors_and_kbli(apps.get_model("registry", "Sector"), apps.get_model("registry", "Kbli"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
