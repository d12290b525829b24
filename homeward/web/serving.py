"""What serving Homeward for real needs: a request id in every log line (JSON logs), a time limit
on each request's database work, and the health routes for a load balancer or systemd.

- :class:`RequestIdMiddleware` takes ``X-Request-ID`` from the proxy (or makes one), returns it,
  and puts it in every log record of the request; :class:`JsonFormatter` writes one JSON object a
  line (homeward/core/logs.py, ``HOMEWARD_LOG_FORMAT=json``).
- :class:`DeadlineMiddleware` gives each request ``HOMEWARD_REQUEST_TIMEOUT_MS`` of database
  time. PostgreSQL stops a statement itself (``statement_timeout``, set on the connection in
  the settings); on SQLite a progress handler interrupts the statement past the deadline. Either
  way the user gets a 503 page saying so, and the transaction is rolled back.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from homeward.accounts.gate import open_route
from homeward.core.logs import request_id

deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("homeward_deadline", default=None)
log = logging.getLogger("homeward.request")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Carries a request id through the request, its log lines and the response header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if _SAFE_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            log.info("%s %s %s", request.method, request.path, response.status_code, extra={
                "request_id": rid, "method": request.method, "path": request.path, "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "user": getattr(getattr(request, "user", None), "pk", None),
            })
            return response
        finally:
            request_id.reset(token)


class DeadlineMiddleware:
    """Bounds the database time of each request; a request past it gets a 503 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(getattr(settings, "HOMEWARD_REQUEST_TIMEOUT_MS", 0) or 0)
        token = deadline.set(time.monotonic() + limit / 1000 if limit > 0 else None)
        try:
            return self.get_response(request)
        finally:
            deadline.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DatabaseError) or not _timed_out(exception):
            return None
        deadline.set(None)  # the page saying so may read the database again
        log.warning("request stopped at its time limit", extra={"method": request.method, "path": request.path})
        from django.utils.translation import gettext as _

        message = _("This took too long and was stopped. Try a narrower search or filter.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=503)
        return render(request, "web/timeout.html", {"message": message}, status=503)


def _timed_out(exc: BaseException) -> bool:
    text = f"{exc} {exc.__cause__ or ''}".lower()
    return "interrupted" in text or "statement timeout" in text or "canceling statement" in text


def _sqlite_progress() -> int:
    """SQLite calls this every few thousand steps: non-zero stops the running statement."""
    limit = deadline.get()
    return 1 if limit is not None and time.monotonic() > limit else 0


def guard_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On every new SQLite connection: install the progress handler that enforces deadlines."""
    if connection.vendor == "sqlite":
        connection.connection.set_progress_handler(_sqlite_progress, 20_000)


@open_route
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers (no database touched)."""
    return JsonResponse({"status": "ok"})


_migrated: set[str] = set()


def _pending_migrations() -> int:
    """Migrations not yet applied to this database (checked until none are, then remembered)."""
    from django.db.migrations.executor import MigrationExecutor

    if connection.alias in _migrated:
        return 0
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    if not pending:
        _migrated.add(connection.alias)
    return pending


@open_route
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: the database answers and every migration is applied."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = _pending_migrations()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    if pending:
        return JsonResponse({"status": "unavailable", "migrations_pending": pending}, status=503)
    return JsonResponse({"status": "ok"})
