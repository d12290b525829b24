from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "homeward.core"
    label = "homeward_core"
    verbose_name = "Homeward core"

    def ready(self) -> None:
        from homeward.core import deploy  # noqa: F401  (registers the deployment check)
        from homeward.core.text import install

        install()  # no invisible or direction-control characters in any text field

        from django.db.models.signals import post_migrate

        from homeward.core.reference import after_migrate

        # A data migration changes the workflow without the models' signals.
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="reference-after-migrate")
