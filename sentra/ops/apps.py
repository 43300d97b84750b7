from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "sentra.ops"
    verbose_name = "Operasi"
