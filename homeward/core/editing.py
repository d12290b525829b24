"""Running an action from a view: one savepoint, refusals back to the user, conflicts told apart.

Every view that changes state calls its action through :func:`run` (or :func:`attempt` for a
form, :func:`run_with_messages` for a button). The action runs in a savepoint: a refusal rolls
back the action alone, so the page's own audit entry stays. A refusal of the role
(:class:`~homeward.errors.Forbidden`) becomes a 403 page; someone else's save first
(:class:`~homeward.errors.ConflictError`, or a unique constraint hit by a concurrent double
submit) is a conflict, never a 500.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from homeward.errors import ActionError, ConflictError, Forbidden

T = TypeVar("T")


class Outcome(enum.Enum):
    DONE = "done"
    REFUSED = "refused"  # bad input: the page shows why (422)
    CONFLICT = "conflict"  # someone else saved first: their save is kept (409)


@dataclass
class Result(Generic[T]):
    outcome: Outcome
    value: T | None = None
    error: ActionError | None = None

    @property
    def done(self) -> bool:
        return self.outcome is Outcome.DONE

    @property
    def status(self) -> int:
        return {Outcome.DONE: 200, Outcome.REFUSED: 422, Outcome.CONFLICT: 409}[self.outcome]


def run(action: Callable[[], T]) -> Result[T]:
    """Run ``action`` in a savepoint and sort its ending: done, refused or a conflict."""
    sid = transaction.savepoint()
    try:
        value = action()
    except Forbidden as exc:
        transaction.savepoint_rollback(sid)
        raise PermissionDenied(exc.message) from exc
    except ConflictError as exc:
        transaction.savepoint_rollback(sid)
        return Result(Outcome.CONFLICT, error=exc)
    except ActionError as exc:
        transaction.savepoint_rollback(sid)
        return Result(Outcome.REFUSED, error=exc)
    except IntegrityError:
        # Two submits raced past the action's own checks and the database kept one of them.
        transaction.savepoint_rollback(sid)
        return Result(Outcome.CONFLICT, error=ConflictError(
            _("Someone else made the same change at the same moment; theirs is kept. Reload the page.")))
    transaction.savepoint_commit(sid)
    return Result(Outcome.DONE, value)


def add_action_errors(form: forms.BaseForm, exc: ActionError) -> None:
    """Put an action's refusal on the form: on each named field it knows, else above the form."""
    placed = False
    for field, errors in exc.field_errors.items():
        for err in errors:
            if field in form.fields:
                form.add_error(field, err)
                placed = True
    if not placed:
        form.add_error(None, exc.message)


def attempt(form: forms.BaseForm, action: Callable[[], T]) -> tuple[Outcome, T | None]:
    """Run ``action`` (see :func:`run`); a refusal or conflict goes onto ``form``."""
    result = run(action)
    if result.error is not None:
        add_action_errors(form, result.error)
    return result.outcome, result.value


def reasons_of(exc: ActionError) -> list[str]:
    """Every reason an action gave (a movement refusal lists several)."""
    reasons = getattr(exc, "reasons", None)
    listed = list(reasons) if reasons else [exc.message]
    for field, errs in exc.field_errors.items():
        listed += [f"{field}: {err}" for err in errs if f"{field}: {err}" not in listed]
    return listed


def run_with_messages(request: HttpRequest, action: Callable[[], T], success: str = "") -> Result[T]:
    """Run ``action`` (see :func:`run`); show its refusal, or ``success``, as page messages."""
    result = run(action)
    if result.error is not None:
        for reason in reasons_of(result.error):
            messages.error(request, reason)
    elif success:
        messages.success(request, success)
    return result


def form_errors_to_messages(request: HttpRequest, form: forms.BaseForm) -> None:
    """A small form's errors as page messages, each naming its field."""
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for err in errs:
            messages.error(request, f"{label}: {err}" if label else str(err))


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


__all__ = ["Outcome", "Result", "run", "attempt", "run_with_messages", "add_action_errors",
           "form_errors_to_messages", "reasons_of", "client_ip"]
