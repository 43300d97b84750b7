from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "sentra.federation"
    verbose_name = _("Federasi")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sentra.federation import checks  # noqa: F401  (registers the check)
