from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementsConfig(AppConfig):
    name = "homeward.movements"
    label = "movements"
    verbose_name = _("Movements")
