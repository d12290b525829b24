"""Small case histories built in each test: a child, the day the case was opened, and the days
the child was flown home or the case closed, written as the case's events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


@pytest.fixture
def history(agencies: dict[str, Any]) -> Callable[..., Any]:
    """history(born=..., opened=..., repatriated=None, closed=None, region="CE", sex="M", host="IQ")."""
    from homeward.cases.actions import open_case
    from homeward.cases.models import Case, CaseEvent, Stage
    from homeward.people.actions import NameInput, create_person
    from homeward.places.models import Facility, Region

    counter = {"n": 0}

    def make(
        *, born: dt.date | None, opened: dt.date, repatriated: dt.date | None = None, closed: dt.date | None = None,
        region: str | None = "CE", sex: str = "M", host: str = "IQ", born_min: dt.date | None = None,
        born_max: dt.date | None = None, handed_over: dt.date | None = None,
    ) -> Any:
        counter["n"] += 1
        fields: dict[str, Any] = {"birth_date": born, "birth_precision": "exact" if born else "unknown"}
        if born_min and born_max:
            fields.update(birth_precision="range", birth_date_min=born_min, birth_date_max=born_max)
        child = create_person(
            actor=None, kind="child", names=[NameInput(f"Child Number {counter['n']}", script="Latn")], sex=sex,
            home_region=Region.objects.get(code=region) if region else None, **fields,
        )
        facility = Facility.objects.filter(country_id=host).first()
        case = open_case(actor=None, child=child, host_country_id=host, owner=agencies["national"],
                         facility_id=facility.pk if facility else None, occurred_at=at(opened))
        stage = case.stage
        for target, when in (("repatriated", repatriated), ("handed_over", handed_over), ("closed", closed)):
            if when is None:
                continue
            new = Stage.objects.get(code=target)
            CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.TRANSITION, occurred_at=at(when),
                                     source_stage=stage, target_stage=new, reason="test history")
            stage = new
        Case.objects.filter(pk=case.pk).update(stage=stage)
        case.refresh_from_db()
        return case

    return make
