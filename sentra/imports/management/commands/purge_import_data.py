"""python manage.py purge_import_data: forget undo data and uploaded files that are no longer needed
(schedule daily). Undo snapshots (owners' NIK, phone) of batches older than IMPORT_UNDO_DAYS or no longer
undoable; uploaded files older than IMPORT_FILE_RETENTION_DAYS."""

from django.core.management.base import BaseCommand

from sentra.imports.undo_data import FILE_RETENTION_DAYS, UNDO_DAYS, purge_expired


class Command(BaseCommand):
    help = "Menghapus data pembatalan impor dan berkas unggahan yang sudah lewat masa simpannya."

    def handle(self, *args, **options):
        done = purge_expired()
        self.stdout.write(
            f"{done['records']} data pembatalan dihapus (batas {UNDO_DAYS} hari); "
            f"{done['files']} berkas unggahan dihapus (batas {FILE_RETENTION_DAYS} hari)."
        )
