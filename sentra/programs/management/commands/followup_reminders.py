"""E-mail owners whose follow-up is due and not yet recorded (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from sentra.programs.services import followups_remind_due


class Command(BaseCommand):
    help = "Kirim pengingat e-mail tindak lanjut yang sudah jatuh tempo dan belum diisi."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="", help="Alamat situs untuk tautan, mis. https://sentra.example.id")

    def handle(self, *args, **options):
        sent = followups_remind_due(base_url=options["base_url"].rstrip("/"))
        self.stdout.write(f"{sent} pengingat tindak lanjut terkirim.")
