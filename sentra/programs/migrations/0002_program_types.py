from django.db import migrations

TYPES = [
    ("desain", "Pelatihan desain"),
    ("kewirausahaan", "Kewirausahaan"),
    ("digital_marketing", "Digital marketing"),
    ("inovasi_produk", "Inovasi produk"),
    ("pkw", "PKW (Pendidikan Kecakapan Wirausaha)"),
    ("pameran", "Pameran/expo"),
    ("sertifikasi", "Fasilitasi sertifikasi (NIB, halal, PIRT)"),
    ("pendampingan", "Pendampingan"),
]


def seed(apps, schema_editor):
    ProgramType = apps.get_model("programs", "ProgramType")
    for order, (code, name) in enumerate(TYPES):
        ProgramType.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
