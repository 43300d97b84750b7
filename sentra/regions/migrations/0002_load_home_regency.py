"""Load the home regency (SENTRA_REGENCY_CODE, default Bojonegoro 35.22) on a fresh migrate."""

from django.conf import settings
from django.db import migrations


def load_home(apps, schema_editor):
    from types import SimpleNamespace

    from sentra.regions.loader import load_regency

    models = SimpleNamespace(
        **{name: apps.get_model("regions", name) for name in ("Province", "Regency", "District", "Village")}
    )
    load_regency(settings.SENTRA_REGENCY_CODE, models=models)


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load_home, migrations.RunPython.noop)]
