from django.core.management.base import BaseCommand

from sentra.federation.models import Rejection
from sentra.federation.services import pull_all


class Command(BaseCommand):
    help = "Hub: ambil dataset terbaru dari URL sumber setiap wilayah anggota dan periksa (jadwalkan lewat cron)."

    def handle(self, *args, **options):
        accepted = refused = 0
        for result in pull_all():
            if isinstance(result, Rejection):
                refused += 1
                self.stdout.write(f"Ditolak {result.regency_code}: {result.reason}")
            else:
                accepted += 1
        self.stdout.write(self.style.SUCCESS(f"{accepted} dataset diterima, {refused} ditolak."))
