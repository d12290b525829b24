"""Helpers shared by the movement tests."""

from __future__ import annotations

import datetime as dt
from typing import Any


def arrive(case_rows: list[Any], flight: Any, when: dt.datetime | None = None) -> Any:
    """Board every row, fly, land."""
    from homeward.movements import actions

    for row in case_rows:
        actions.board_child(actor=None, passenger=row, identity_document="travel doc")
    when = when or dt.datetime(2019, 2, 10, 14, 0, tzinfo=dt.UTC)
    actions.record_departure(actor=None, flight=flight, departed_at=when - dt.timedelta(hours=4))
    return actions.record_arrival(actor=None, flight=flight, arrived_at=when)
