"""Partner organisations become this app's model. Only Django's idea of where the model lives changes: the table
`programs_partnerorganisation`, its members table and every foreign key stay as they are (no row is copied).
Its content type (and with it the change history and permissions) is renamed to the new app."""

from django.conf import settings
from django.db import migrations, models


def content_type_to_partners(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    old = ContentType.objects.using(db).filter(app_label="programs", model="partnerorganisation").first()
    if old is None:
        return
    if ContentType.objects.using(db).filter(app_label="partners", model="partnerorganisation").exists():
        return  # already there (created by an earlier post-migrate): leave both rather than guess
    old.app_label = "partners"
    old.save(update_fields=["app_label"])


def content_type_to_programs(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="partners", model="partnerorganisation").update(app_label="programs")


ORGANISATION = "partners.partnerorganisation"


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("programs", "0006_program_type_name_en"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PartnerOrganisation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=200, unique=True, verbose_name="nama organisasi")),
                        (
                            "sector",
                            models.CharField(
                                choices=[
                                    ("government", "Pemerintah daerah"),
                                    ("business", "Dunia usaha"),
                                    ("academia", "Akademisi"),
                                    ("community", "Komunitas kreatif"),
                                    ("media", "Media"),
                                ],
                                max_length=12,
                                verbose_name="sektor mitra",
                            ),
                        ),
                        (
                            "members",
                            models.ManyToManyField(
                                blank=True,
                                limit_choices_to={"role": "partner"},
                                related_name="partner_organisations",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="anggota (pengguna mitra)",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "organisasi mitra",
                        "verbose_name_plural": "organisasi mitra",
                        "db_table": "programs_partnerorganisation",
                        "ordering": ["name"],
                    },
                ),
                migrations.AlterField(
                    model_name="contact",
                    name="organisation",
                    field=models.ForeignKey(
                        on_delete=models.deletion.CASCADE, related_name="contacts", to=ORGANISATION
                    ),
                ),
                migrations.AlterField(
                    model_name="agreement",
                    name="organisations",
                    field=models.ManyToManyField(related_name="agreements", to=ORGANISATION, verbose_name="mitra"),
                ),
                migrations.AlterField(
                    model_name="commitment",
                    name="organisation",
                    field=models.ForeignKey(
                        on_delete=models.deletion.CASCADE, related_name="commitments", to=ORGANISATION
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_partners, content_type_to_programs),
    ]
