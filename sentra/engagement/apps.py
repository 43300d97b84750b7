from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "sentra.engagement"
    verbose_name = "Survei, jajak pendapat dan aspirasi"
