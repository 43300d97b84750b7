"""python manage.py export_ikm -o PATH [--personal-data [--full-nik --purpose TEXT]]   (xlsx or csv by suffix)"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sentra.imports.export import export_logged, export_registry
from sentra.registry.models import Business


class Command(BaseCommand):
    help = "Ekspor registri IKM ke xlsx atau csv (menurut akhiran nama berkas)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument(
            "--personal-data", action="store_true",
            help="sertakan telepon, alamat dan NIK disamarkan (data pribadi; dicatat di log akses)",
        )
        parser.add_argument("--full-nik", action="store_true", help="NIK lengkap (perlu --personal-data dan --purpose)")
        parser.add_argument("--purpose", default="", help="tujuan ekspor dengan NIK lengkap (dicatat)")

    def handle(self, *args, output, personal_data, full_nik, purpose, **options):
        suffix = Path(output).suffix.lower()
        if suffix not in {".xlsx", ".csv"}:
            raise CommandError("Nama berkas harus berakhiran .xlsx atau .csv.")
        purpose = " ".join(purpose.split())[:120]
        if full_nik and not personal_data:
            raise CommandError("--full-nik hanya bersama --personal-data.")
        if full_nik and len(purpose) < 10:
            raise CommandError("Ekspor dengan NIK lengkap perlu --purpose yang jelas (minimal 10 karakter).")
        qs = Business.objects.all()
        count = export_logged(user=None, queryset=qs, personal=personal_data, full_nik=full_nik, purpose=purpose,
                              filters="", via="CLI")
        export_registry(qs, output, suffix[1:], personal=personal_data, full_nik=full_nik)
        self.stdout.write(f"{count} IKM diekspor ke {output}.")
