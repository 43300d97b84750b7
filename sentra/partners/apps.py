from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "sentra.partners"
    verbose_name = "Kemitraan empat sektor"
