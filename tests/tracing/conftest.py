"""Fixtures for tracing: matching jobs run at once, and a factory of relatives' requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def make_request(agencies: dict[str, Any]) -> Callable[..., Any]:
    """make_request(children=[{"names": ["Магомед Хасанов"], "birth": "2012"}], region="CE")."""
    from homeward.places.models import Region
    from homeward.tracing.actions import SoughtChildInput, SoughtNameInput, create_request
    from homeward.tracing.birth import parse_birth

    def make(
        children: list[dict[str, Any]] | None = None, requester: str = "Хасанова Зарема Ахмедовна",
        relation: str = "grandmother", region: str = "CE", actor: Any = None,
        received_on: dt.date = dt.date(2018, 10, 1),
    ) -> Any:
        children = children or [{"names": ["Хасанов Магомед Русланович"], "sex": "M", "birth": "2012"}]
        inputs = [
            SoughtChildInput(
                names=[SoughtNameInput(n) for n in c["names"]], sex=c.get("sex", ""),
                birth=parse_birth(c.get("birth", "")), mother_names=c.get("mother", []),
                father_names=c.get("father", []),
            )
            for c in children
        ]
        return create_request(actor=actor, requester_name=requester, relation=relation,
                              region=Region.objects.get(code=region), received_on=received_on,
                              children=inputs, received_by=agencies["chechnya"])

    return make
