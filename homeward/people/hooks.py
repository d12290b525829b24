"""How domains above people hear that a person's matched facts changed (see cases/hooks.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PersonListener = Callable[[int, Any], object]
_person_listeners: list[PersonListener] = []


def on_person_changed(listener: PersonListener) -> PersonListener:
    """Register ``listener(person_id, actor)``, called when names, birth, sex, region or parents change."""
    if listener not in _person_listeners:
        _person_listeners.append(listener)
    return listener


def person_changed(person_id: int, actor: Any) -> None:
    for listener in list(_person_listeners):
        listener(person_id, actor)
