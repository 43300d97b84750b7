"""python manage.py backup -o PATH — one archive with the database and all media (see sentra/backups/archive.py)."""

from django.core.management.base import BaseCommand, CommandError

from sentra.backups.archive import VENDOR_NAMES, BackupError, backup


class Command(BaseCommand):
    help = (
        "Buat satu arsip cadangan (basis data + berkas media publik dan privat) dengan manifest dan checksum. "
        "PATH berupa folder → nama bertanggal sentra-backup-YYYYMMDD-HHMMSS.tar.gz di dalamnya."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="berkas arsip (.tar.gz) atau folder tujuan")

    def handle(self, *args, output, **options):
        try:
            result = backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Cadangan dibuat: {result.path}\n"
            f"  basis data {VENDOR_NAMES[result.vendor]}, {result.files} berkas media, "
            f"{result.size:,} byte\n"
            f"  sha256 {result.sha256}"
        )
