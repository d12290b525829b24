"""Read-mostly admin views of the kinship records (changes go through the actions and pages)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from homeward.audit.admin import AuditedAdmin
from homeward.kinship.models import CustodyTransfer, DnaSample, KinshipTest


class ReadOnly(AuditedAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CustodyInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CustodyTransfer
    extra = 0
    can_delete = False
    fields = ("occurred_at", "step", "from_party", "to_party", "place", "seal_number", "seal_intact", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DnaSample)
class DnaSampleAdmin(ReadOnly):
    list_display = ("code", "case", "kind", "status", "requested_at", "lab", "flagged")
    list_filter = ("status", "kind", "flagged")
    search_fields = ("code", "seal_number", "case__reference")
    inlines = [CustodyInline]


# Profiles are genetic data: they are shown on the kinship pages, which audit every view.
@admin.register(KinshipTest)
class KinshipTestAdmin(ReadOnly):
    list_display = ("pk", "case", "status", "log10_lr", "conclusion", "computed_at")
    list_filter = ("status", "conclusion")
    search_fields = ("case__reference",)
    exclude = ("per_marker", "pedigree")
