"""Errors as RFC 9457 problem details (``application/problem+json``), naming the field at fault.

Every refusal has ``title``, ``status`` and ``detail``; refusals of input carry ``errors``
(field -> messages, nested fields dotted: ``children[0].names[0].text``); a stage change refused
for open checks carries ``unmet``. How action errors map:

* :class:`~homeward.errors.Forbidden` -> 403; a record out of reach or missing -> 404;
* :class:`~homeward.errors.ConflictError`, a refused transition, a unique row raced -> 409;
* any other :class:`~homeward.errors.ActionError`, a model validation error -> 422.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoDenied
from django.core.exceptions import ValidationError as DjangoInvalid
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

from homeward.errors import ActionError, ConflictError, Forbidden, TransitionRefused

PROBLEM = "application/problem+json"
TITLES = {
    400: "Bad request", 401: "Not signed in", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
    406: "Not acceptable", 409: "Conflict", 415: "Unsupported media type", 422: "Invalid request",
    429: "Too many requests",
}


def problem(status_code: int, detail: str, *, errors: dict[str, list[str]] | None = None,
            headers: dict[str, str] | None = None, **extra: Any) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": TITLES.get(status_code, "Error"),
                            "status": status_code, "detail": str(detail)}
    if errors:
        body["errors"] = errors
    body.update(extra)
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM)


def flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"a.b[0].c": ["message"]}``."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = str(key) if not prefix else f"{prefix}.{key}"
            if key == "non_field_errors" and not prefix:
                name = "body"
            out.update(flatten(value, name))
    elif isinstance(detail, list) and any(isinstance(v, (dict, list)) for v in detail):
        for i, value in enumerate(detail):
            if value:
                out.update(flatten(value, f"{prefix}[{i}]"))
    elif isinstance(detail, list):
        out[prefix or "body"] = [str(v) for v in detail]
    else:
        out[prefix or "body"] = [str(detail)]
    return out


def first_message(errors: dict[str, list[str]]) -> str:
    for field, messages in errors.items():
        if messages:
            return f"{field}: {messages[0]}"
    return "The request is not valid."


def handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The exception handler of every API view."""
    if isinstance(exc, Forbidden):
        return problem(403, exc.message)
    if isinstance(exc, TransitionRefused):
        return problem(409, exc.message, unmet=list(exc.unmet), errors=exc.field_errors or None)
    if isinstance(exc, ConflictError):
        return problem(409, exc.message, errors=exc.field_errors or None)
    if isinstance(exc, ActionError):
        reasons = getattr(exc, "reasons", None)
        errors = dict(exc.field_errors) or ({"body": [str(r) for r in reasons]} if reasons else None)
        return problem(422, exc.message, errors=errors)
    if isinstance(exc, DjangoInvalid):
        errors = ({k: [str(m) for m in v] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict")
                  else {"body": [str(m) for m in exc.messages]})
        return problem(422, first_message(errors), errors=errors)
    if isinstance(exc, IntegrityError):
        return problem(409, "Someone else made the same change at the same moment; theirs is kept.")
    if isinstance(exc, Http404):
        return problem(404, str(exc) or "Not found.")
    if isinstance(exc, DjangoDenied):
        return problem(403, str(exc) or "Forbidden.")
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten(exc.detail)
        return problem(422, first_message(errors), errors=errors)
    if isinstance(exc, exceptions.APIException):
        headers: dict[str, str] = {}
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            headers["WWW-Authenticate"] = auth_header
        wait = getattr(exc, "wait", None)
        if wait is not None:
            headers["Retry-After"] = str(int(wait))
        detail = exc.detail if isinstance(exc.detail, str) else first_message(flatten(exc.detail))
        code = exc.status_code
        if code == status.HTTP_400_BAD_REQUEST and not isinstance(exc, exceptions.ParseError):
            code = 422
        return problem(code, str(detail), headers=headers)
    return None
