from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class MetricsConfig(AppConfig):
    name = "sentra.metrics"

    def ready(self):
        from sentra.metrics.named import autodiscover
        from sentra.metrics.services import drop_triggers_before_migrate, ensure_triggers

        autodiscover()  # every app's metrics.py registers its named figures (metrics/named.py)

        # The tally triggers live outside Django's migration state. On SQLite a migration that alters
        # registry_business remakes the table, which fails while other triggers name it; so they are
        # dropped before migrations run and put back (with a recount) after every migrate.
        pre_migrate.connect(drop_triggers_before_migrate, sender=self, dispatch_uid="metrics_drop_triggers")
        post_migrate.connect(ensure_triggers, sender=self, dispatch_uid="metrics_ensure_triggers")
