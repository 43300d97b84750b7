from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from sentra.planning.services import last_ended_quarter, snapshot_plan


class Command(BaseCommand):
    help = "Simpan nilai indikator rencana kerja pada akhir triwulan (jadwalkan harian atau di akhir triwulan)."

    def add_arguments(self, parser):
        parser.add_argument("--tanggal", help="YYYY-MM-DD: hari ini menurut perintah ini (untuk uji/susulan)")

    def handle(self, *args, **options):
        today = None
        if options["tanggal"]:
            today = parse_date(options["tanggal"])
            if today is None:
                raise CommandError("Tanggal harus YYYY-MM-DD.")
        created = snapshot_plan(today=today)
        if today is not None:
            year, quarter = last_ended_quarter(today)
            self.stdout.write(f"Triwulan {quarter} {year}: {created} indikator disimpan.")
        else:
            self.stdout.write(f"{created} indikator disimpan.")
