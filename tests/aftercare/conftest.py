"""The flight fixtures: a child is handed over after coming home on a flight."""

from __future__ import annotations

from tests.movements.conftest import *  # noqa: F403  (the same fixtures: ready cases, flights, relatives)
