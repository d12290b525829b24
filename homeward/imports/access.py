"""Which imports a user may see: their own uploads; an administrator sees every one."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from homeward.accounts.models import Role
from homeward.core.access import one_or_404
from homeward.imports.models import ImportBatch


def batches_visible_to(user: Any) -> QuerySet[ImportBatch]:
    batches = ImportBatch.objects.all()
    if getattr(user, "is_superuser", False) or getattr(user, "role", "") == Role.ADMIN:
        return batches
    return batches.filter(created_by=user)


def get_batch_for_user(user: Any, batch_id: int) -> ImportBatch:
    batch: ImportBatch = one_or_404(batches_visible_to(user), batch_id, "import")
    return batch
