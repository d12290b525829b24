"""The reference tables, read once per server process until one of them changes.

Stages, checks, transitions, host rules, places and form kinds are read on almost every page
(a case page read them nine times) and change only when an administrator edits the workflow.
Each process keeps what it read under the token of ``ReferenceGeneration`` it saw; every save or
deletion of a tracked model gives the row a new random token in the same transaction, so the
change and the new token commit together. A page reads the token once, at its first use of a
kept table, and everything it keeps or finds is for that token: what it reads is never older
than the token (a change committed after the token was read may be kept under the old token,
which the next page no longer asks for). A random token, not a counter, so that a rolled-back
change or a restored database never meets what was kept under a token it reuses.

What is kept is shared by the threads of a process: callers read it and never change it.
"""

from __future__ import annotations

import contextvars
import secrets
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_UNSET = object()
# The token this request saw (None: read it at the first use); unset outside a request, where
# every use reads it again.
_request_token: contextvars.ContextVar[object] = contextvars.ContextVar("homeward_reference_token", default=_UNSET)
_lock = threading.Lock()
_kept: dict[str, tuple[int, Any]] = {}
_tracked: set[type[models.Model]] = set()


def _read_token() -> int:
    from homeward.core.models import ReferenceGeneration

    return ReferenceGeneration.objects.filter(pk=1).values_list("token", flat=True).first() or 0


def token() -> int:
    seen = _request_token.get()
    if isinstance(seen, int):
        return seen
    current = _read_token()
    if seen is not _UNSET:
        _request_token.set(current)
    return current


def kept(name: str, load: Callable[[], T]) -> T:
    """``load()``, or what it gave under the current token in this process."""
    current = token()
    with _lock:
        hit = _kept.get(name)
    if hit is not None and hit[0] == current:
        return hit[1]  # type: ignore[no-any-return]
    value = load()
    with _lock:
        _kept[name] = (current, value)
    return value


def _new_token(using: str = "default") -> None:
    from homeward.core.models import ReferenceGeneration

    new = secrets.randbits(62)
    if not ReferenceGeneration.objects.using(using).filter(pk=1).update(token=new):
        ReferenceGeneration.objects.using(using).update_or_create(pk=1, defaults={"token": new})


def changed(**_signal: Any) -> None:
    """Give the reference tables a new token, in the caller's transaction."""
    _new_token()
    if _request_token.get() is not _UNSET:
        _request_token.set(None)  # this request reads its own change from now on


def track(*tracked: type[models.Model]) -> None:
    """Every save or deletion of these models changes the token (called from the apps' ready())."""
    for model in tracked:
        if model in _tracked:
            continue
        _tracked.add(model)
        post_save.connect(changed, sender=model, dispatch_uid=f"reference-{model._meta.label_lower}-save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"reference-{model._meta.label_lower}-delete")


def forget() -> None:
    """Drop everything kept (tests, whose databases are emptied and filled again)."""
    with _lock:
        _kept.clear()


class ReferenceTokenMiddleware:
    """Each request reads the token at most once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        marker = _request_token.set(None)
        try:
            return self.get_response(request)
        finally:
            _request_token.reset(marker)


def after_migrate(using: str = "default", **_signal: Any) -> None:
    """After ``migrate``: a new token (data migrations change tables without the models' signals)."""
    from django.db import connections

    from homeward.core.models import ReferenceGeneration

    if ReferenceGeneration._meta.db_table in connections[using].introspection.table_names():
        _new_token(using)
