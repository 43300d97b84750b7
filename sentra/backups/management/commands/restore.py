"""python manage.py restore PATH [--force] [--check] — load a backup archive into an empty installation."""

from django.core.management.base import BaseCommand, CommandError

from sentra.backups.archive import VENDOR_NAMES, BackupError, restore


class Command(BaseCommand):
    help = (
        "Pulihkan arsip cadangan ke instalasi kosong. Arsip diperiksa utuh dulu (checksum, versi skema); "
        "bila ada yang salah, tidak ada yang diubah."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--force", action="store_true", help="timpa instalasi yang sudah berisi data")
        parser.add_argument("--check", action="store_true", help="periksa arsip saja, tidak memulihkan apa pun")

    def handle(self, *args, path, force, check, **options):
        try:
            result = restore(path, force=force, check_only=check, say=lambda text: self.stderr.write(text))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        what = (
            f"basis data {VENDOR_NAMES[result.vendor]} dan {result.files} berkas media "
            f"dari cadangan {result.created_at}"
        )
        if check:
            self.stdout.write(f"Arsip utuh dan bisa dipulihkan di sini: {what}.")
            return
        self.stdout.write(f"Dipulihkan: {what}.")
        if result.migrated:
            self.stdout.write("Migrasi yang lebih baru dari arsip sudah diterapkan.")
