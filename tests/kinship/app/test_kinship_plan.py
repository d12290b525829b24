"""Sampling plan per case: the living relatives on record, every set of them simulated and ranked,
as a background job with progress, with the same figures as ``homeward kinship_power``."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from homeward.errors import ActionError
from homeward.kinship.actions import planning
from homeward.kinship.models import SamplingPlan


@pytest.fixture(autouse=True)
def quick_model(settings: Any) -> None:
    """Theta 0 and no mutation keep the simulation quick (the figures' agreement does not depend on it)."""
    settings.HOMEWARD = {**settings.HOMEWARD, "KINSHIP_THETA": 0.0, "KINSHIP_MUTATION_MODEL": "",
                         "KINSHIP_MUTATION_RATE": 0.0}


SETS = ["paternal grandmother+paternal uncle+paternal aunt", "paternal grandmother", "paternal uncle+paternal aunt"]


def test_the_living_grandmother_uncle_and_aunt_are_the_candidates(family: dict[str, Any]) -> None:
    names = [name for _link, name in planning.living_relatives(family["case"])]
    assert names == ["paternal grandmother", "paternal uncle", "paternal aunt"]  # the father is dead


def test_every_set_is_ranked_and_agrees_with_kinship_power(family: dict[str, Any]) -> None:
    plan = planning.request_sampling_plan(actor=None, case=family["case"], panel="globalfiler", families=6,
                                          seed=3, background=False)
    assert plan.status == "done", plan.error
    assert len(plan.results) == 7  # every non-empty set of three relatives
    powers = [r["power"] for r in plan.results]
    assert powers == sorted(powers, reverse=True)
    out = io.StringIO()
    call_command("kinship_power", "--families", "6", "--seed", "3", "--panel", "globalfiler",
                 *[a for s in SETS for a in ("--set", s)], stdout=out)
    printed = {}
    for line in out.getvalue().splitlines()[2:]:
        for s in SETS:
            if f" {s} " in line:
                cells = line.split()
                printed[s] = (float(cells[-5]), cells[-4])
    by_set = {" + ".join(r["relatives"]): r for r in plan.results}
    for s in SETS:
        row = by_set[s.replace("+", " + ")]
        median, confirm = printed[s]
        assert row["median_log10_lr"] == pytest.approx(median, abs=0.005)
        assert f"{row['power']:.0%}" == confirm


def test_a_caseworker_asks_for_a_plan_over_http_and_follows_its_progress(
    client: Client, caseworker: Any, family: dict[str, Any], django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(caseworker)
    case = family["case"]
    page = client.get(reverse("kinship:case", args=[case.pk])).content.decode()
    assert 'id="plan"' in page and "paternal uncle" in page
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("kinship:plan-new", args=[case.pk]), {"panel": "globalfiler", "families": "5"})
    assert response.status_code == 302
    plan = SamplingPlan.objects.get()
    assert plan.status == "pending"  # more than a few sets: a background job
    status = client.get(reverse("kinship:plan", args=[plan.pk]) + "?polling=1").content.decode()
    assert "<progress" in status
    planning.compute_sampling_plan(plan_id=plan.pk)
    page = client.get(reverse("kinship:plan", args=[plan.pk])).content.decode()
    assert 'id="plan-results"' in page and page.count("<tr>") == 1 + 7


def test_a_plan_needs_a_known_panel(family: dict[str, Any]) -> None:
    with pytest.raises(ActionError, match="Unknown marker panel"):
        planning.request_sampling_plan(actor=None, case=family["case"], panel="made-up")
