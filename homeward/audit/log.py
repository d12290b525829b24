"""Writing audit entries. Called inside the caller's transaction so the entry and the change
commit together or not at all.

Each entry is chained to the one before it (its ``prev_hash``). Appending takes the chain's
lock for the rest of the transaction (PostgreSQL: an advisory lock; SQLite: writers are already
serialised), so two transactions never link to the same row. Views therefore write their
"viewed" entries last, after the page is built, to hold the lock as briefly as possible.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from homeward.audit.models import GENESIS, AuditEntry, canonical_json

# Any fixed number: the key of the advisory lock that serialises appends to the chain.
CHAIN_LOCK = 7_340_112_019


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


def _entry(seq: int, prev_hash: str, *, actor: Any, action: str, obj: models.Model | None = None,
           case_id: int | None = None, data: Mapping[str, Any] | None = None, ip: str | None = None) -> AuditEntry:
    """The entry that follows ``prev_hash`` at ``seq``, hashed."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        seq=seq,
        prev_hash=prev_hash,
        at=timezone.now(),
        actor=user,
        actor_name=getattr(user, "username", "") or (str(actor) if actor else "system"),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        case_id_ref=case_id,
        # What is stored is what is hashed: JSON in, JSON out, so a re-read hashes the same.
        data=json.loads(canonical_json(dict(data or {}))),
        ip=AuditEntry._meta.get_field("ip").to_python(ip) if ip else None,
    )
    entry.row_hash = entry.compute_hash()
    return entry


def _chain_head() -> tuple[int, str]:
    """The last entry's number and hash (0 and the genesis hash for an empty chain), the chain
    locked for the rest of the transaction."""
    _lock_chain()
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "row_hash").first()
    return (last[0], last[1]) if last else (0, GENESIS)


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    case_id: int | None = None,
    data: Mapping[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEntry:
    """Append one audit entry. ``action`` is dotted: ``app.model.verb`` (``cases.case.viewed``)."""
    # No savepoint of its own: an entry that cannot be written fails the caller's whole
    # transaction (what it records must not commit without it), and every page saves two
    # round trips.
    with transaction.atomic(savepoint=False):
        seq, prev = _chain_head()
        entry = _entry(seq + 1, prev, actor=actor, action=action, obj=obj, case_id=case_id, data=data, ip=ip)
        entry.save()
    return entry


def record_many(entries: Iterable[Mapping[str, Any]]) -> list[AuditEntry]:
    """Append several entries at once, each exactly as ``record`` would (same chain, same hashes):
    for bulk writes, whose rows each get the entry their action writes. ``entries`` hold
    ``record``'s keyword arguments."""
    with transaction.atomic(savepoint=False):
        seq, prev = _chain_head()
        out = []
        for kwargs in entries:
            seq += 1
            entry = _entry(seq, prev, **kwargs)
            prev = entry.row_hash
            out.append(entry)
        AuditEntry.objects.bulk_create(out, batch_size=500)
    return out


def record_list(
    *, actor: Any, action: str, query: Mapping[str, Any], shown: Iterable[Any], ip: str | None = None,
    total: int | None = None,
) -> AuditEntry:
    """Audit a list or search page: the query as asked and the records shown (ids, how many)."""
    ids = [getattr(x, "pk", x) for x in shown]
    asked = {k: v for k, v in query.items() if v not in ("", None)}
    payload: dict[str, Any] = {"query": asked, "rows": len(ids), "ids": ids}
    if total is not None:
        payload["total"] = total
    return record(actor=actor, action=action, data=payload, ip=ip)
