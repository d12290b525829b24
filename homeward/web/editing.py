"""Running an action from a form view: one savepoint, errors back on the form, conflicts told apart."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.db import transaction

from homeward.errors import ActionError, ConflictError

T = TypeVar("T")


class Outcome(enum.Enum):
    DONE = "done"
    REFUSED = "refused"  # bad input: the form shows why (422)
    CONFLICT = "conflict"  # someone else saved first: their save is kept (409)


def add_action_errors(form: forms.BaseForm, exc: ActionError) -> None:
    """Put an action's refusal on the form: on each named field it knows, else above the form."""
    for field, errors in exc.field_errors.items():
        for err in errors:
            form.add_error(field if field in form.fields else None, err)
    if not exc.field_errors:
        form.add_error(None, exc.message)


def attempt(form: forms.BaseForm, action: Callable[[], T]) -> tuple[Outcome, T | None]:
    """Run ``action`` in a savepoint; on refusal roll it back (the page's audit of the view stays)."""
    sid = transaction.savepoint()
    try:
        result = action()
    except ConflictError as exc:
        transaction.savepoint_rollback(sid)
        form.add_error(None, exc.message)
        return Outcome.CONFLICT, None
    except ActionError as exc:
        transaction.savepoint_rollback(sid)
        add_action_errors(form, exc)
        return Outcome.REFUSED, None
    transaction.savepoint_commit(sid)
    return Outcome.DONE, result
