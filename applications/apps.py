from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications and interviews"

    def ready(self):
        from accounts.signals import profile_changed

        from .services import plans_refresh_after_profile_change

        def replan(sender, user, changed, **kwargs):
            return plans_refresh_after_profile_change(user=user, changed=changed)

        profile_changed.connect(replan, weak=False, dispatch_uid="applications.replan")
