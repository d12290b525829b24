"""Matching in the background (django-tasks): jobs take ids, and running one twice is harmless.

A MatchJob row says what to match and records progress, so the page that started a job can
show it whatever the task backend; the task itself carries only the job's id.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterator, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from homeward.tracing.models import MatchJob

log = logging.getLogger(__name__)

_deferred: contextvars.ContextVar[bool] = contextvars.ContextVar("tracing_matching_deferred", default=False)


@contextlib.contextmanager
def matching_deferred() -> Iterator[None]:
    """Schedule no job inside this block: for bulk loads that run one full match at the end."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def schedule_match(*, kind: str, side: str = "", ids: Sequence[int] = (), actor: Any = None) -> MatchJob | None:
    """Record a matching job and enqueue it once the current transaction commits.

    Returns None (and schedules nothing) inside ``matching_deferred()``.
    """
    if _deferred.get():
        return None
    job = MatchJob.objects.create(
        kind=kind, side=side, ids=sorted({int(i) for i in ids}),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    job_id = job.pk
    transaction.on_commit(lambda: run_match_job.enqueue(job_id))
    return job


def _progress(job_id: int) -> Any:
    def report(step: str, done: int, total: int) -> None:
        MatchJob.objects.filter(pk=job_id).update(step=step, done=done, total=total)

    return report


def execute(job_id: int) -> dict[str, Any]:
    """Run the job ``job_id`` now (the task body; also usable from a shell)."""
    from homeward.tracing import matching

    job = MatchJob.objects.filter(pk=job_id).first()
    if job is None:
        return {"job": job_id, "status": "missing"}
    MatchJob.objects.filter(pk=job_id).update(status=MatchJob.Status.RUNNING, started_at=timezone.now(),
                                              finished_at=None, message="", done=0)
    try:
        if job.kind == MatchJob.Kind.FULL:
            result = matching.rematch_all(progress=_progress(job_id))
        else:
            result = matching.rematch_records(side=job.side, ids=job.ids, progress=_progress(job_id))
    except Exception as exc:
        log.exception("matching job %s failed", job_id)
        MatchJob.objects.filter(pk=job_id).update(status=MatchJob.Status.FAILED, finished_at=timezone.now(),
                                                  message=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    MatchJob.objects.filter(pk=job_id).update(
        status=MatchJob.Status.DONE, finished_at=timezone.now(), pairs=result.pairs,
        message=f"{result.pairs} pairs, {result.created} new, {result.removed} withdrawn, model {result.model_version}",
    )
    return {"job": job_id, "pairs": result.pairs, "created": result.created, "removed": result.removed}


@task()
def run_match_job(job_id: int) -> dict[str, Any]:
    """The background task: match what the MatchJob ``job_id`` names."""
    return execute(job_id)
