from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "sentra.catalog"
    label = "catalog"
    verbose_name = "Katalog produk"
