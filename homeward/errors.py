"""Errors raised by actions: each says what is wrong in words a caseworker can act on."""

from __future__ import annotations


class ActionError(Exception):
    """An action refused its input. ``field_errors`` maps a field name to its messages."""

    def __init__(self, message: str, *, field_errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}


class ConflictError(ActionError):
    """Someone else saved the record since this user loaded it; their save is kept."""


class TransitionRefused(ActionError):
    """A stage change was refused; ``unmet`` lists the checks still open (labels)."""

    def __init__(self, message: str, *, unmet: list[str] | None = None) -> None:
        super().__init__(message)
        self.unmet = unmet or []


class Forbidden(ActionError):
    """The user's role may not do this (answered as 403, saying what the user may not do)."""
