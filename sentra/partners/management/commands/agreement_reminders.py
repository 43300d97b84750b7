from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from sentra.partners.services import agreement_reminders


class Command(BaseCommand):
    help = "Ingatkan staf (surel + dasbor) 60 dan 30 hari sebelum perjanjian kerja sama berakhir (jadwalkan harian)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="", help="alamat Sentra untuk tautan dalam surel")
        parser.add_argument("--tanggal", help="YYYY-MM-DD: hari ini menurut perintah ini")

    def handle(self, *args, **options):
        today = None
        if options["tanggal"]:
            today = parse_date(options["tanggal"])
            if today is None:
                raise CommandError("Tanggal harus YYYY-MM-DD.")
        sent = agreement_reminders(today=today, base_url=options["base_url"].rstrip("/"))
        for agreement, days in sent:
            self.stdout.write(f"{agreement.number}: pengingat {days} hari")
        self.stdout.write(f"{len(sent)} pengingat dikirim.")
