from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "sentra.backups"
    verbose_name = "Cadangan"
