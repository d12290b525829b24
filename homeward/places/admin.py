"""Places are reference data that an administrator edits here."""

from __future__ import annotations

from django.contrib import admin

from homeward.places.models import Country, Facility, Region

admin.site.register(Country)
admin.site.register(Region, list_display=("name", "code", "parent"))
admin.site.register(Facility, list_display=("name", "kind", "city", "country"))
