from django.db import migrations

from sentra.programs.reference import load_program_types


def seed(apps, schema_editor):
    load_program_types(apps.get_model("programs", "ProgramType"))


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
