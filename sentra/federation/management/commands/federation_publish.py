import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from sentra.federation import services


class Command(BaseCommand):
    help = (
        "Terbitkan angka terbuka wilayah ini sebagai dataset federasi bertanda tangan (versi baru), di "
        "/data/federasi/terbaru.json dan .csv; dengan --kirim URL --kunci KUNCI juga dikirim ke hub."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tanggal", help="tanggal data YYYY-MM-DD (bawaan: hari ini)")
        parser.add_argument("--kirim", help="URL API hub, mis. https://hub.example/api/v1/federation/datasets")
        parser.add_argument("--kunci", help="kunci kirim wilayah ini dari admin hub")

    def handle(self, *args, tanggal=None, kirim=None, kunci=None, **options):
        try:
            day = dt.date.fromisoformat(tanggal) if tanggal else None
        except ValueError as exc:
            raise CommandError("Tanggal tidak sah; tulis YYYY-MM-DD.") from exc
        if kirim and not kunci:
            raise CommandError("Untuk --kirim, berikan juga --kunci (kunci kirim dari admin hub).")
        publication = services.publication_create(as_of=day)
        self.stdout.write(
            self.style.SUCCESS(
                f"Dataset federasi versi {publication.version} per {publication.as_of:%Y-%m-%d} diterbitkan."
            )
        )
        if kirim:
            status, answer = services.publication_push(publication, kirim, kunci)
            if status == 201:
                self.stdout.write(f"Diterima hub (versi {answer.get('version')}).")
            else:
                raise CommandError(f"Ditolak hub (HTTP {status}): {answer.get('reason') or answer}")
