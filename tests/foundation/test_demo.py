"""The demo data set states the programme's figures, and the same seed gives the same data."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command

from homeward.cases.models import Case, CaseEvent
from homeward.demo.plan import build_plan
from homeward.people.models import age_between

pytestmark = pytest.mark.django_db(transaction=True)


def _repatriated_on(day):
    ids = CaseEvent.objects.filter(target_stage_id="repatriated", occurred_at__date=day).values("case_id")
    return Case.objects.filter(pk__in=ids).select_related("child")


def test_demo_states_the_scenario_figures():
    call_command("demo", no_input=True, core_only=True, verbosity=0)
    assert _repatriated_on(dt.date(2018, 12, 30)).count() == 30
    feb = list(_repatriated_on(dt.date(2019, 2, 10)))
    assert len(feb) == 27
    ages = [age_between(c.child.birth_date, dt.date(2019, 2, 10)) for c in feb]
    assert (min(ages), max(ages)) == (4, 13)
    assert len({c.home_region_id for c in feb}) == 10
    # Still in Iraq on 5 January 2019: opened by then, not yet repatriated.
    january = dt.date(2019, 1, 5)
    opened = CaseEvent.objects.filter(kind="opened", occurred_at__date__lte=january).values("case_id")
    home = CaseEvent.objects.filter(target_stage_id="repatriated", occurred_at__date__lte=january).values("case_id")
    still = Case.objects.filter(host_country_id="IQ", pk__in=opened).exclude(pk__in=home).select_related("child")
    bands = Counter(age_between(c.child.birth_date, january) for c in still)
    assert sum(n for age, n in bands.items() if age < 10) == 115
    assert sum(n for age, n in bands.items() if 11 <= age <= 17) == 8
    assert bands[10] == 0
    assert CaseEvent.objects.filter(target_stage_id="repatriated", case__host_country_id="IQ").count() == 122
    assert CaseEvent.objects.filter(target_stage_id="repatriated", occurred_at__date__lte=dt.date(2024, 7, 31)).count() == 566


def test_same_seed_gives_the_same_plan():
    a, b = build_plan(7), build_plan(7)
    assert [(c.birth_date, c.sex, c.events) for f in a for c in f.children] == \
        [(c.birth_date, c.sex, c.events) for f in b for c in f.children]
    assert build_plan(7) != build_plan(8)


def test_demo_creates_a_login_that_works(client):
    call_command("demo", no_input=True, core_only=True, verbosity=0)
    assert client.login(username="admin", password="homeward-demo")
    assert client.get("/cases/", {"q": "Хасанов Магомед"}).status_code == 200
