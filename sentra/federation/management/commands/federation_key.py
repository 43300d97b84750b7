from django.core.management.base import BaseCommand

from sentra.federation.services import signing_key_get_or_create


class Command(BaseCommand):
    help = "Tampilkan kunci publik Ed25519 wilayah ini (dibuat bila belum ada) untuk didaftarkan di hub."

    def handle(self, *args, **options):
        self.stdout.write(signing_key_get_or_create().public_key)
