"""The new-case form on the awkward days: 29 February, and 29 August with an apparent age of 5."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from homeward.cases.models import Case
from homeward.cases.queries import estimated_birth


@pytest.mark.parametrize("today", [dt.date(2025, 8, 29), dt.date(2024, 2, 29), dt.date(2028, 2, 29),
                                   dt.date(2025, 3, 1), dt.date(2025, 12, 31)])
def test_every_apparent_age_gives_an_ordered_range_on_awkward_days(today: dt.date) -> None:
    for age in range(18):
        mid, lo, hi = estimated_birth(age, today)
        assert lo <= mid <= hi <= today


@pytest.mark.parametrize("today", [dt.date(2025, 8, 29), dt.date(2024, 2, 29)])
def test_new_case_form_with_an_apparent_age_opens_the_case_on_awkward_days(
    client: Any, national_user: Any, reference: None, monkeypatch: Any, today: dt.date,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from homeward.cases import views

    monkeypatch.setattr(views.timezone, "localdate", lambda *a, **k: today)
    client.force_login(national_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/cases/new/", {"name": "Maryam Yusuf", "name_kind": "heard", "sex": "F",
                                               "apparent_age": "5", "host_country": "IQ"})
    assert response.status_code == 302
    child = Case.objects.get().child
    assert child.birth_precision == "range"
    assert child.birth_date_min <= child.birth_date <= child.birth_date_max <= today
    assert child.age_on(today) in {4, 5}
