from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftercareConfig(AppConfig):
    name = "homeward.aftercare"
    label = "aftercare"
    verbose_name = _("Handover and follow-up")
