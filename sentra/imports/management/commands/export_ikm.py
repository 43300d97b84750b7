"""python manage.py export_ikm -o PATH [--personal-data]   (xlsx or csv by suffix)"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sentra.imports.export import export_registry
from sentra.registry.models import Business


class Command(BaseCommand):
    help = "Ekspor registri IKM ke xlsx atau csv (menurut akhiran nama berkas)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument(
            "--personal-data", action="store_true", help="sertakan NIK, telepon dan alamat (data pribadi)"
        )

    def handle(self, *args, output, personal_data, **options):
        suffix = Path(output).suffix.lower()
        if suffix not in {".xlsx", ".csv"}:
            raise CommandError("Nama berkas harus berakhiran .xlsx atau .csv.")
        qs = Business.objects.all()
        export_registry(qs, output, suffix[1:], personal=personal_data)
        self.stdout.write(f"{qs.count()} IKM diekspor ke {output}.")
