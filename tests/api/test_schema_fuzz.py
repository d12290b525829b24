"""Schemathesis runs every phase and every check on every API operation, with a token, against
the app served by the test server: the engine of ``schemathesis run``, configured by
schemathesis.toml. (Schemathesis' in-process WSGI transport does not run its engine's phases,
so the app is served on loopback, as in a deployment.)

The examples are bounded (a handful per operation) so that the run takes well under a minute or
two; ``schemathesis run`` against the served API (README, "API") runs the same checks at length.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis.engine import Status, events, from_schema

CONFIG = Path(__file__).resolve().parents[2] / "schemathesis.toml"
EXAMPLES = 6


def world(make_user: Any, make_case: Any, make_request: Any) -> str:
    """Records of every kind the API serves, and a national caseworker's token (the secret)."""
    from homeward.api.tokens import issue_token
    from homeward.movements.actions import create_flight
    from homeward.tracing.models import CandidateMatch

    user = make_user("fuzz", "national", "caseworker")
    case = make_case()
    make_case(names=[("Алиев Ахмед", "Cyrl")], region="DA")
    request = make_request()
    CandidateMatch.objects.get_or_create(case=case, sought_child=request.sought_children.get(), defaults={
        "match_probability": 0.9, "match_weight": 5.0, "computed_at": dt.datetime(2019, 1, 5, tzinfo=dt.UTC)})
    create_flight(actor=None, origin_city="Erbil", origin_country="IQ", destination_city="Moscow",
                  destination_country="RU", date=dt.date(2030, 1, 1), seat_capacity=5)
    return issue_token(actor=None, user=user, name="fuzz", rate_per_minute=100_000).secret


def failures_of(event: Any) -> list[str]:
    out = []
    for checks in event.recorder.checks.values():
        for check in checks:
            if check.status == Status.FAILURE and check.failure_info is not None:
                failure = check.failure_info.failure
                summary = f"{event.label} [{check.name}] {failure.title}"
                if os.environ.get("HOMEWARD_FUZZ_SUMMARY"):
                    out.append(summary + " :: " + failure.message.splitlines()[0][:150])
                else:
                    out.append(f"{summary}: {failure.message}\n{check.failure_info.code_sample}")
    return out


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_nothing_with_every_check(live_server: Any, make_user: Any, make_case: Any,
                                                     make_request: Any) -> None:
    secret = world(make_user, make_case, make_request)
    os.environ["HOMEWARD_API_TOKEN"] = secret
    try:
        # bounded here; the file's own settings (every check, what counts as accepted) as they are
        config = schemathesis.Config.from_str(f"seed = 1\ngeneration.max-examples = {EXAMPLES}\n"
                                              + CONFIG.read_text())
    finally:
        del os.environ["HOMEWARD_API_TOKEN"]
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/", config=config,
                                           headers={"Authorization": f"Bearer {secret}"})
    found: list[str] = []
    errors: list[str] = []
    scenarios = 0
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            scenarios += 1
            found += failures_of(event)
        elif isinstance(event, (events.NonFatalError, events.FatalError)):
            errors.append(repr(getattr(event, "value", getattr(event, "exception", event))))
    assert scenarios > 0
    assert errors == []
    assert found == [], "\n\n".join(sorted(set(found))[:40])
