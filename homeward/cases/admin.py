"""The workflow is data: stages, requirements, transitions and host rules are edited here."""

from __future__ import annotations

from django.contrib import admin

from homeward.cases.models import HostRule, Requirement, Stage, Transition

admin.site.register(Stage, list_display=("code", "name", "order", "system_only", "is_terminal"))
admin.site.register(Requirement, list_display=("code", "stage", "host_country", "applies", "needs_reference", "automatic"))
admin.site.register(Transition, list_display=("source", "target", "host_country", "needs_reason"))
admin.site.register(HostRule, list_display=("country", "code", "value"))
