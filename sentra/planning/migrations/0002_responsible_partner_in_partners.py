"""The responsible partner refers to the partner organisation in its new app (same table: state only)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_initial"),
        ("partners", "0002_partnerorganisation_from_programs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="activity",
                    name="responsible_partner",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=models.deletion.SET_NULL,
                        related_name="+",
                        to="partners.partnerorganisation",
                        verbose_name="penanggung jawab (mitra)",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
