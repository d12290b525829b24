"""Places are reference data that an administrator edits here (every page audited)."""

from __future__ import annotations

from django.contrib import admin

from homeward.audit.admin import AuditedAdmin
from homeward.places.models import Country, Facility, Region


@admin.register(Country)
class CountryAdmin(AuditedAdmin):
    list_display = ("code", "name", "is_host")


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("name", "code", "parent")


@admin.register(Facility)
class FacilityAdmin(AuditedAdmin):
    list_display = ("name", "kind", "city", "country")
