from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "homeward.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from homeward.cases.models import HostRule, Requirement, Stage, Transition
        from homeward.core import reference

        # The workflow is data an administrator edits; pages keep it per process until it changes.
        reference.track(Stage, Requirement, Transition, HostRule)
