"""The append-only record of who saw and did what, hash-chained.

Rows are only ever inserted: the model refuses updates and deletes, database triggers refuse
them too (and TRUNCATE on PostgreSQL), and each row carries the hash of its own content and of
the row before it, so ``homeward audit verify`` names the first row that was altered, removed
or inserted by anyone who went around all of that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit entries are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are append-only")


def canonical_json(value: Any) -> str:
    """JSON as hashed: sorted keys, no spaces, UTF-8 kept (the same text every time it is read)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


class AuditEntry(models.Model):
    """One thing that happened: a dotted action name (``cases.case.viewed``), who, when, on what."""

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    case_id_ref = models.BigIntegerField(_("case"), null=True, blank=True, db_index=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(_("hash of the row before"), max_length=64)
    row_hash = models.CharField(_("hash of this row"), max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are append-only")

    def content(self) -> str:
        """The row as hashed: every field but the row's own hash, in a fixed form."""
        at = self.at.astimezone(dt.UTC) if self.at else None
        return canonical_json({
            "seq": self.seq, "at": at.isoformat() if at else None, "actor": self.actor_id,
            "actor_name": self.actor_name, "action": self.action, "object_type": self.object_type,
            "object_id": self.object_id, "case": self.case_id_ref, "data": self.data, "ip": self.ip or None,
            "prev": self.prev_hash,
        })

    def compute_hash(self) -> str:
        return hashlib.sha256(self.content().encode("utf-8")).hexdigest()
