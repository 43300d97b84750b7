"""Partner organisations moved to sentra.partners (same table). Programs' references follow and the model leaves
this app's state; the database is not touched."""

from django.db import migrations, models

ORGANISATION = "partners.partnerorganisation"


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0006_program_type_name_en"),
        ("partners", "0002_partnerorganisation_from_programs"),
        ("planning", "0002_responsible_partner_in_partners"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="program",
                    name="partners",
                    field=models.ManyToManyField(blank=True, to=ORGANISATION, verbose_name="organisasi mitra"),
                ),
                migrations.AlterField(
                    model_name="session",
                    name="trainer_organisations",
                    field=models.ManyToManyField(blank=True, to=ORGANISATION, verbose_name="organisasi narasumber"),
                ),
                migrations.AlterField(
                    model_name="partnerjoin",
                    name="organisation",
                    field=models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="joins", to=ORGANISATION),
                ),
                migrations.DeleteModel(name="PartnerOrganisation"),
            ],
            database_operations=[],
        ),
    ]
