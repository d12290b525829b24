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
