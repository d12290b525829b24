from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from homeward.accounts.models import Agency, User


@admin.register(User)
class HomewardUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Homeward", {"fields": ("agency", "role", "language")}))
    list_display = ("username", "agency", "role", "is_active")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "host_country")
