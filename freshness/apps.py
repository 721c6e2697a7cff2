from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FreshnessConfig(AppConfig):
    name = "freshness"
    verbose_name = "Fresh pages from a cache"

    def ready(self):
        from .triggers import install_after_migrate

        # After every `migrate` (and the test database's creation): a model added
        # later is covered without anyone remembering to write its trigger.
        post_migrate.connect(install_after_migrate, sender=self)
