from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "sentra.programs"
    verbose_name = "Program pembinaan"
