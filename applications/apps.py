from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications and interviews"

    def ready(self):
        from accounts.signals import profile_changed

        from .services import plans_refresh_for_user

        def replan(sender, user, changed, **kwargs):
            plans_refresh_for_user(user=user)

        profile_changed.connect(replan, weak=False, dispatch_uid="applications.replan")
