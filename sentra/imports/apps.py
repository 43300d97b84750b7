from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "sentra.imports"
    verbose_name = "Impor dan ekspor"
