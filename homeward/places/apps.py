from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "homeward.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from homeward.core import reference
        from homeward.places.models import Country, Facility, Region

        reference.track(Country, Facility, Region)
