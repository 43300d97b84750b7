import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from sentra.metrics.figures import regency_statistics
from sentra.metrics.services import snapshot_take


class Command(BaseCommand):
    help = "Simpan potret angka IKM (jalankan tiap akhir bulan, mis. lewat cron)."

    def add_arguments(self, parser):
        parser.add_argument("--tanggal", help="Tanggal potret YYYY-MM-DD (bawaan: hari ini)")
        parser.add_argument("--wilayah", help="Kode kabupaten/kota (bawaan: SENTRA_REGENCY_CODE)")

    def handle(self, *args, tanggal=None, wilayah=None, **options):
        try:
            day = dt.date.fromisoformat(tanggal) if tanggal else None
        except ValueError as exc:
            raise CommandError(f"Tanggal “{tanggal}” tidak valid; gunakan format YYYY-MM-DD.") from exc
        snap = snapshot_take(regency_code=wilayah, taken_on=day)
        stats = regency_statistics(snap.regency_code, cells=snap.cells)
        self.stdout.write(f"Potret {snap.regency_code} per {snap.taken_on:%Y-%m-%d}: {stats['total']} IKM.")
