"""Users and agencies, edited by the programme's administrators (every page audited)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from homeward.accounts.models import Agency, User
from homeward.audit.admin import AuditedAdmin


@admin.register(User)
class HomewardUserAdmin(AuditedAdmin, UserAdmin):  # type: ignore[type-arg]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Homeward", {"fields": ("agency", "role", "language")}))
    list_display = ("username", "agency", "role", "is_active")


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ("name", "kind", "region", "host_country")
