from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from sentra.registry.models import Business


class Command(BaseCommand):
    help = "Jalankan seed_demo hanya bila registri masih kosong (dipakai oleh `make run`)."

    def handle(self, *args, **options):
        if settings.SENTRA_ENV == "production":
            self.stdout.write("Produksi: data demo tidak dibuat.")
        elif Business.objects.exists():
            self.stdout.write("Registri sudah berisi data; seed_demo dilewati.")
        else:
            call_command("seed_demo", stdout=self.stdout)
