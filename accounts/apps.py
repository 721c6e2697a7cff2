from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from . import limits  # noqa: F401  (connects the known-device cookie to sign-ins)
