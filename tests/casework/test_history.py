"""The case history: every change to the case, its child and family, from the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
Maker = Callable[..., Any]


def test_adding_a_name_confirming_a_match_and_booking_a_flight_each_appear_in_the_case_history(
        make_case: Maker, national_user: Any, consular_user: Any, make_user: Maker, logged_in: Maker) -> None:
    from homeward.cases.models import Case
    from homeward.movements.actions import add_child_to_flight, create_flight
    from homeward.people.actions import NameInput, add_name
    from homeward.places.models import Region
    from homeward.tracing.actions import (
        SoughtChildInput,
        SoughtNameInput,
        confirm_match,
        create_request,
    )
    from homeward.tracing.models import CandidateMatch

    case = make_case()
    add_name(actor=national_user, person=case.child, name=NameInput("Магомед-Эми Хасанов", script="Cyrl"))
    request = create_request(actor=None, requester_name="Хасанова Айна", relation="grandmother",
                             region=Region.objects.get(code="CE"), received_on=dt.date(2019, 1, 2),
                             children=[SoughtChildInput(names=[SoughtNameInput("Хасанов Магомед")])])
    candidate = CandidateMatch.objects.create(case=case, sought_child=request.sought_children.get(),
                                              match_probability=0.9, match_weight=5.0,
                                              computed_at=dt.datetime(2019, 1, 3, tzinfo=dt.UTC))
    confirm_match(actor=national_user, candidate=candidate)
    Case.objects.filter(pk=case.pk).update(stage_id="ready_to_travel")
    flight = create_flight(actor=None, origin_city="Baghdad", origin_country="IQ", destination_city="Moscow",
                           destination_country="RU", date=dt.date(2030, 1, 1), seat_capacity=5)
    add_child_to_flight(actor=consular_user, flight=flight, case=Case.objects.get(pk=case.pk))

    client = logged_in(national_user)
    page = client.get(reverse("case-history", args=[case.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    named, matched, booked = body.find("name added"), body.find("match confirmed"), body.find("flight booked")
    assert 0 < body.find("case opened") < named < matched < booked, "in the order they happened"
    assert "natalia" in body and "omar" in body
    assert flight.reference in body
    # The case page shows the latest of it too, newest first.
    case_page = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "flight booked" in case_page and "name added" in case_page
    # Filterable: only the flights, or only what one person did.
    flights_only = client.get(reverse("case-history", args=[case.pk]), {"domain": "movements"}).content.decode()
    assert "flight booked" in flights_only and "name added" not in flights_only
    by_omar = client.get(reverse("case-history", args=[case.pk]), {"actor": "omar"}).content.decode()
    assert "flight booked" in by_omar and "match confirmed" not in by_omar
    # Views are left out unless asked for.
    assert "case viewed" not in body and "cases.case.viewed" not in body
    with_reads = client.get(reverse("case-history", args=[case.pk]), {"reads": "1"}).content.decode()
    assert "cases.case.viewed" in with_reads
    # A reader sees only the domains their role may read: the consular section reviews no matches.
    consular = logged_in(consular_user).get(reverse("case-history", args=[case.pk])).content.decode()
    assert "flight booked" in consular and "name added" in consular and "match confirmed" not in consular


def test_notes_for_the_agency_only_are_not_read_by_other_agencies(make_case: Maker, national_user: Any,
                                                                  consular_user: Any, logged_in: Maker) -> None:
    case = make_case()
    natalia, omar = logged_in(national_user), logged_in(consular_user)
    natalia.post(reverse("case-note-add", args=[case.pk]), {"text": "Grandmother called: she will travel.",
                                                            "visibility": "case"})
    natalia.post(reverse("case-note-add", args=[case.pk]), {"text": "Internal: ministry wants a briefing.",
                                                            "visibility": "agency"})
    own = natalia.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "Grandmother called" in own and "ministry wants a briefing" in own
    other = omar.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "Grandmother called" in other and "ministry wants a briefing" not in other
    summary_history = omar.get(reverse("case-history", args=[case.pk])).content.decode()
    assert "note added" in summary_history and "ministry wants a briefing" not in summary_history
    empty = natalia.post(reverse("case-note-add", args=[case.pk]), {"text": " ", "visibility": "case"}, follow=True)
    assert "This field is required" in empty.content.decode() or "cannot be empty" in empty.content.decode()


def test_the_case_page_shows_the_latest_fifteen_entries_newest_first_and_counts_them_all(
        make_case: Maker, national_user: Any, logged_in: Maker) -> None:
    import re

    from homeward.cases.actions import add_note
    from homeward.cases.timeline import case_timeline

    case = make_case()
    for i in range(20):
        add_note(actor=national_user, case=case, text=f"note {i}")
    every = case_timeline(case)
    page = logged_in(national_user).get(reverse("case-detail", args=[case.pk])).content.decode()
    timeline = page.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert timeline.count("<li") == 15
    assert f"The whole history ({len(every)} entries)" in page
    shown = re.findall(r"<time[^>]*datetime=\"([^\"]+)\"", timeline)
    assert shown == sorted(shown, reverse=True)
