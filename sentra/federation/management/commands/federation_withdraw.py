from django.core.management.base import BaseCommand, CommandError

from sentra.federation import services
from sentra.federation.dataset import FIGURE_CODES


class Command(BaseCommand):
    help = (
        "Tarik sebuah angka dari dataset federasi berikutnya (hub menampilkannya sebagai ditarik), atau "
        "kembalikan dengan --kembalikan. Jalankan federation_publish sesudahnya."
    )

    def add_arguments(self, parser):
        parser.add_argument("figure", help=f"kode angka: {', '.join(FIGURE_CODES)}")
        parser.add_argument("--alasan", default="", help="alasan penarikan")
        parser.add_argument("--kembalikan", action="store_true", help="terbitkan lagi angka ini")

    def handle(self, *args, figure, alasan="", kembalikan=False, **options):
        if kembalikan:
            done = services.figure_restore(figure)
            self.stdout.write(f"Angka {figure} diterbitkan lagi." if done else f"Angka {figure} tidak sedang ditarik.")
            return
        try:
            services.figure_withdraw(figure, alasan)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Angka {figure} ditarik. Jalankan federation_publish agar hub menerimanya.")
