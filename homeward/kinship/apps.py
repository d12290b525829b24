from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KinshipConfig(AppConfig):
    name = "homeward.kinship"
    label = "kinship"
    verbose_name = _("Kinship")
