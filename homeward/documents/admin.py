from __future__ import annotations

from django.contrib import admin

from homeward.audit.admin import AuditedAdmin
from homeward.documents.models import Document


@admin.register(Document)
class DocumentAdmin(AuditedAdmin):
    """What is recorded of each document; the file itself opens only through the case's pages."""

    list_display = ["id", "case", "kind", "reference_number", "issued_on", "content_type", "size", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
