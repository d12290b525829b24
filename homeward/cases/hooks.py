"""How domains above cases hear of case changes, and veto moves, without cases importing them.

Cases sit low in the layering (tracing, kinship and flights are built on them), so the case
actions cannot call those domains. Instead those domains register here when Django starts
(their ``AppConfig.ready``): tracing asks to hear of new and edited cases so it can match them
again; flights add a guard that keeps a child holding a seat from being moved back by hand.
Listeners run inside the action's transaction, in the order registered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CaseListener = Callable[[int, Any], object]
# (case, target stage, system) -> reasons the move may not happen
TransitionGuard = Callable[[Any, Any, bool], list[str]]

_case_listeners: list[CaseListener] = []
_transition_guards: list[TransitionGuard] = []


def on_case_changed(listener: CaseListener) -> CaseListener:
    """Register ``listener(case_id, actor)``, called when a case is opened or its region changes."""
    if listener not in _case_listeners:
        _case_listeners.append(listener)
    return listener


def case_changed(case_id: int, actor: Any) -> None:
    for listener in list(_case_listeners):
        listener(case_id, actor)


def guard_transitions(guard: TransitionGuard) -> TransitionGuard:
    """Register ``guard(case, target_stage, system) -> [reasons]`` consulted before every move."""
    if guard not in _transition_guards:
        _transition_guards.append(guard)
    return guard


def transition_obstacles(case: Any, target: Any, system: bool) -> list[str]:
    reasons: list[str] = []
    for guard in list(_transition_guards):
        reasons += guard(case, target, system)
    return reasons


# (case, requirement, done) -> reasons the check may not be ticked (a document or a form missing)
CheckGuard = Callable[[Any, Any, bool], list[str]]
_check_guards: list[CheckGuard] = []


def guard_checks(guard: CheckGuard) -> CheckGuard:
    """Register ``guard(case, requirement, done) -> [reasons]`` consulted before a check is set.

    Documents register the rule "this check needs a document of kind X on the case"; decision
    forms the rule "this check needs the signed form of kind Y".
    """
    if guard not in _check_guards:
        _check_guards.append(guard)
    return guard


def check_obstacles(case: Any, requirement: Any, done: bool) -> list[str]:
    reasons: list[str] = []
    for guard in list(_check_guards):
        reasons += guard(case, requirement, done)
    return reasons
