from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sentra.core"
    verbose_name = "Inti"

    def ready(self):
        from sentra.core import checks  # noqa: F401  (registers system checks)
