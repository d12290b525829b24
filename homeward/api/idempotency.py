"""Writes that are safe to retry: the ``Idempotency-Key`` header.

A client that sends a write with ``Idempotency-Key: <any unique string>`` and retries it with the
same key (after a time-out, a dropped connection) gets the first answer again, marked
``Idempotent-Replayed: true``, and nothing is written twice. The key is the client's own, scoped
to its user; the stored request is its method, path, query and JSON body (keys sorted), so the
same key with a different request is refused (422, naming ``Idempotency-Key``). Keys are kept
:data:`KEEP` long.

The key is claimed (a row inserted) before the action runs, in the request's transaction: a
concurrent retry waits on the unique index until the first commits, then replays its answer.
Refusals (409, 422) are stored and replayed like successes; a server error stores nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.api.models import IdempotentRequest
from homeward.api.problems import PROBLEM, handler, problem
from homeward.audit.log import record

HEADER = "Idempotency-Key"
KEEP = dt.timedelta(hours=24)
MAX_KEY = 255


def request_digest(request: Request) -> str:
    try:
        body: Any = json.loads(request.body or b"null")
        canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    except (ValueError, UnicodeDecodeError):
        canonical = bytes(request.body)
    seed = f"{request.method} {request.path}?{request.META.get('QUERY_STRING', '')}\n".encode()
    return hashlib.sha256(seed + canonical).hexdigest()


def _replay(request: Request, row: IdempotentRequest, digest: str) -> Response:
    if row.request_digest != digest:
        return problem(422, "This Idempotency-Key was used with a different request.",
                       errors={HEADER: ["Already used with a different request; use a new key."]})
    record(actor=request.user, action="api.request.replayed",
           data={"key": row.key, "method": row.method, "path": row.path, "status": row.status})
    return Response(json.loads(row.body), status=row.status, headers={"Idempotent-Replayed": "true"},
                    content_type=PROBLEM if row.status >= 400 else None)


def perform(request: Request, action: Callable[[], Response]) -> Response:
    """Run ``action`` (which calls the domain's action) once per idempotency key."""
    key = request.headers.get(HEADER)
    user: Any = request.user
    row: IdempotentRequest | None = None
    if key is not None:
        if not key.strip() or len(key) > MAX_KEY:
            return problem(422, "The Idempotency-Key must be 1 to 255 characters.",
                           errors={HEADER: [f"Give 1 to {MAX_KEY} characters."]})
        digest = request_digest(request)
        now = timezone.now()
        IdempotentRequest.objects.filter(created_at__lt=now - KEEP).delete()
        found = IdempotentRequest.objects.filter(user=user, key=key).first()
        if found is not None:
            return _replay(request, found, digest)
        try:
            with transaction.atomic():
                row = IdempotentRequest.objects.create(
                    user=user, key=key, method=str(request.method), path=request.path[:500],
                    request_digest=digest, status=0, created_at=now)
        except IntegrityError:
            return _replay(request, IdempotentRequest.objects.get(user=user, key=key), digest)
    try:
        with transaction.atomic():
            response = action()
    except Exception as exc:  # an action's refusal becomes its problem answer, stored like a success
        answered = handler(exc, {})
        if answered is None:
            raise
        response = answered
    if row is not None:
        row.status = response.status_code
        row.body = json.dumps(response.data, cls=DjangoJSONEncoder, ensure_ascii=False)
        row.save(update_fields=["status", "body"])
    return response
