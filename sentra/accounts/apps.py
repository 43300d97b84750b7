from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sentra.accounts"
    verbose_name = "Akun"

    def ready(self):
        from sentra.accounts import checks, signals  # noqa: F401  (registers the system checks and receivers)
