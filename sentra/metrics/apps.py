from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MetricsConfig(AppConfig):
    name = "sentra.metrics"

    def ready(self):
        from sentra.metrics.services import ensure_triggers

        # On SQLite, a later migration that alters registry_business rebuilds the table and drops its
        # triggers; reinstall them (and recount) after every migrate.
        post_migrate.connect(ensure_triggers, sender=self, dispatch_uid="metrics_ensure_triggers")
