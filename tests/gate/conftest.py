"""The flight fixtures (ready cases, flights, siblings, relatives) serve the gate's findings too."""

from __future__ import annotations

from tests.movements.conftest import *  # noqa: F403
