"""Writing audit entries. Called inside the caller's transaction so the entry and the change
commit together or not at all."""

from __future__ import annotations

from typing import Any

from django.db import models

from homeward.audit.models import AuditEntry


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    case_id: int | None = None,
    data: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEntry:
    """Append one audit entry. ``action`` is dotted: ``app.model.verb`` (``cases.case.viewed``)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_name=getattr(user, "username", "") or (str(actor) if actor else "system"),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        case_id_ref=case_id,
        data=data or {},
        ip=ip,
    )
