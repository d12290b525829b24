"""The daily check of the audit chain, as a background job that books its own next run."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)


def anchor_path() -> Path:
    return Path(getattr(settings, "HOMEWARD", {}).get("AUDIT_ANCHORS", Path(settings.VAR_DIR) / "audit-anchors.log"))


def check_chain(*, anchor: Path | None = None, write: bool = True, progress: Any = None) -> dict[str, Any]:
    """Verify the chain and the anchors; write the result as an audit entry and a new anchor."""
    from homeward.audit.chain import check_anchors, verify, write_anchor
    from homeward.audit.log import record

    anchor = anchor or anchor_path()
    verdict = verify(progress=progress)
    problem = verdict.problem or check_anchors(anchor)
    result = {"rows": verdict.rows, "head": verdict.head_seq, "ok": not problem, "problem": problem}
    if problem:
        log.error("audit chain broken: %s", problem)
    elif write:
        write_anchor(anchor, verdict)
    if write:
        with transaction.atomic():
            record(actor=None, action="audit.chain.verified" if not problem else "audit.chain.broken", data=result)
    return result


@task()
def verify_audit_chain(reschedule: bool = True) -> dict[str, Any]:
    """Check the chain now and, unless told not to, again in a day."""
    result = check_chain()
    if reschedule:
        schedule_daily()
    return result


def schedule_daily(at: dt.datetime | None = None) -> None:
    """Enqueue the next daily check (the worker runs it when it is due)."""
    when = at or (timezone.now() + dt.timedelta(days=1))
    verify_audit_chain.using(run_after=when).enqueue(True)
