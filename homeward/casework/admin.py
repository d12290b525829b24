from __future__ import annotations

from django.contrib import admin

from homeward.audit.admin import AuditedAdmin
from homeward.casework.models import DecisionForm, FormKind


@admin.register(FormKind)
class FormKindAdmin(AuditedAdmin):
    """The forms of the programme: their fields are data (a JSON list), edited here."""

    list_display = ("code", "label", "signatures", "order")


@admin.register(DecisionForm)
class DecisionFormAdmin(AuditedAdmin):
    list_display = ("case", "kind", "version", "status", "signed_by", "second_signed_by")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in DecisionForm._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
