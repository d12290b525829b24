"""Every admin page audited: lists and records viewed, records added, changed and deleted.

Each model's admin in Homeward derives from :class:`AuditedAdmin`, so an administrator's work in
``/admin/`` leaves the same trail as a caseworker's in the pages: one entry per list shown (with
its filters and the rows on it), per record opened, per change, in the page's own transaction.
The audit trail itself is read at /audit/ (and is not editable in the admin).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest, HttpResponse

from homeward.audit.log import record, record_list


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A ModelAdmin whose every list, view and change writes an audit entry."""

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        changelist = context.get("cl")
        shown = list(changelist.result_list) if changelist is not None else []
        record_list(actor=request.user, action=f"admin.{_label(self.model)}.listed", query=request.GET.dict(),
                    shown=shown, ip=request.META.get("REMOTE_ADDR"))
        return response

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET":
            record(actor=request.user, action=f"admin.{_label(self.model)}.viewed", ip=request.META.get("REMOTE_ADDR"),
                   data={"object_type": _label(self.model), "object_id": str(object_id)[:64]})
        return response

    def log_addition(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        record(actor=request.user, action=f"admin.{_label(type(obj))}.added", obj=obj, ip=request.META.get("REMOTE_ADDR"),
               data={"message": str(message)[:2000]})
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        record(actor=request.user, action=f"admin.{_label(type(obj))}.changed", obj=obj,
               ip=request.META.get("REMOTE_ADDR"), data={"message": str(message)[:2000]})
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            record(actor=request.user, action=f"admin.{_label(type(obj))}.deleted", obj=obj,
                   ip=request.META.get("REMOTE_ADDR"), data={"repr": str(obj)[:300]})
        return super().log_deletions(request, queryset)
