from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = "Sharing with a coach"

    def ready(self):
        from accounts.signals import data_export

        from .export import records_for

        # The shares go into the user's data export (exports does not import this app).
        data_export.connect(records_for, dispatch_uid="sharing.export")
