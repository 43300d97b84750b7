from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "sentra.planning"
    verbose_name = "Rencana program kegiatan"
