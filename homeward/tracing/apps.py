from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracingConfig(AppConfig):
    name = "homeward.tracing"
    label = "tracing"
    verbose_name = _("Tracing")

    def ready(self) -> None:
        from homeward.cases.hooks import on_case_changed
        from homeward.people.hooks import on_person_changed
        from homeward.tracing import hooks

        # New and edited cases and people are matched again (see cases/hooks.py for why).
        on_case_changed(hooks.case_changed)
        on_person_changed(hooks.names_changed)
