from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Connect their sign-in receivers: the known-device cookie, "confirm it's you".
        from . import identity, limits  # noqa: F401
