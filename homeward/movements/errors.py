"""The refusal raised by movement actions."""

from __future__ import annotations

from homeward.errors import ActionError


class Refused(ActionError):
    """An action refused; ``reasons`` lists every reason, in words a caseworker can act on.

    Nothing was changed. ``warnings`` are things worth knowing that did not block the action.
    """

    def __init__(self, reasons: list[str], *, warnings: list[str] | None = None) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons
        self.warnings = warnings or []
