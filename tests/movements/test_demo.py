"""The demo's flights match the histories of the cases they carried."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import pytest

from homeward.aftercare.demo import populate_demo as populate_aftercare_demo
from homeward.aftercare.models import FollowUpVisit, Handover
from homeward.cases.models import Case, CaseEvent
from homeward.movements.demo import populate_demo
from homeward.movements.models import Flight, FlightPassenger

pytestmark = pytest.mark.django_db

Maker = Callable[..., Any]


def came_home(case: Any, when: dt.datetime, stage: str = "repatriated") -> None:
    """Write a history as the demo command does: the child arrived at ``when``."""
    CaseEvent.objects.create(case=case, kind="transition", occurred_at=when, source_stage_id="ready_to_travel",
                             target_stage_id="repatriated")
    if stage != "repatriated":
        CaseEvent.objects.create(case=case, kind="transition", occurred_at=when + dt.timedelta(days=2),
                                 source_stage_id="repatriated", target_stage_id="handed_over")
    Case.objects.filter(pk=case.pk).update(stage_id=stage)


def test_populate_demo_creates_one_arrived_flight_per_date_with_its_children(
    make_case: Maker, make_ready: Maker, relative: Maker, agencies: dict[str, Any]
) -> None:
    dec = dt.datetime(2018, 12, 30, 15, tzinfo=dt.UTC)
    feb = dt.datetime(2019, 2, 10, 13, tzinfo=dt.UTC)
    december = [make_case() for _ in range(3)]
    february = [make_case() for _ in range(2)]
    for c in december:
        came_home(c, dec)
    came_home(february[0], feb)
    came_home(february[1], feb, stage="follow_up")
    relative(february[1], status="dna_verified")
    waiting = make_ready()
    stages_before = dict(Case.objects.values_list("pk", "stage_id"))

    summary = populate_demo(random.Random(7), today=dt.date(2019, 4, 1))
    summary |= populate_aftercare_demo(random.Random(7), today=dt.date(2019, 4, 1))

    arrived = Flight.objects.filter(status="arrived").order_by("date")
    assert [(f.date, f.arrived_at) for f in arrived] == [(dt.date(2018, 12, 30), dec), (dt.date(2019, 2, 10), feb)]
    assert [f.origin_city for f in arrived] == ["Baghdad", "Baghdad"]
    assert {p.case_id for p in FlightPassenger.objects.filter(flight=arrived[0])} == {c.pk for c in december}
    assert FlightPassenger.objects.filter(flight=arrived[1], status="boarded").count() == 2
    assert all(f.escorts.filter(role="doctor").exists() for f in arrived)
    assert Handover.objects.get().case_id == february[1].pk
    assert FollowUpVisit.objects.filter(case=february[1]).exists()
    planned = Flight.objects.get(status="planned")
    assert planned.date > dt.date(2019, 4, 1)
    assert FlightPassenger.objects.get(flight=planned).case_id == waiting.pk
    assert dict(Case.objects.values_list("pk", "stage_id")) == stages_before
    assert summary["flights"] == 2 and summary["passengers"] == 5

    again = populate_demo(random.Random(8), today=dt.date(2019, 4, 1))
    assert again["passengers"] == 0 and Flight.objects.count() == 3
    assert FlightPassenger.objects.count() == 6 and Handover.objects.count() == 1
