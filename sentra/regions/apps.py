from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "sentra.regions"
    verbose_name = "Wilayah"
