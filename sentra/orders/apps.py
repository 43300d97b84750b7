from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "sentra.orders"
    verbose_name = "Pesanan seragam"
