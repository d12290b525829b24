"""The flight, handover and follow-up pages over HTTP, as each kind of user sees them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from homeward.aftercare import actions as aftercare_actions
from homeward.aftercare.models import FollowUpVisit
from homeward.audit.models import AuditEntry
from homeward.cases.models import Case
from homeward.movements import actions
from homeward.movements.models import Flight, FlightPassenger
from tests.movements.helpers import arrive

pytestmark = pytest.mark.django_db

Maker = Callable[..., Any]


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_flight_list_shows_seats_and_links_to_each_flight(national_user: Any, make_flight: Maker,
                                                          make_ready: Maker) -> None:
    flight = make_flight(seats=30)
    actions.add_child_to_flight(actor=None, flight=flight, case=make_ready())
    html = logged_in(national_user).get(reverse("movements:flight-list")).content.decode()
    assert flight.reference in html and "1 / 30" in html
    assert reverse("movements:flight-detail", args=[flight.pk]) in html


def test_analysts_read_figures_not_flights(make_user: Maker, make_flight: Maker) -> None:
    analyst = make_user("ana", "analysis", "analyst")
    assert logged_in(analyst).get(reverse("movements:flight-list")).status_code == 403
    assert logged_in(analyst).get(reverse("movements:flight-detail", args=[make_flight().pk])).status_code == 403


def test_flight_page_shows_names_in_every_script_siblings_and_the_manifest_link(
    national_user: Any, make_flight: Maker, make_ready: Maker, siblings: Maker
) -> None:
    flight = make_flight()
    a = make_ready(names=[("Хасанов Магомед", "Cyrl"), ("محمد حسن", "Arab")])
    b = make_ready(names=[("Хасанова Амина", "Cyrl")], sex="F")
    siblings(a, b, label="Khasanov children")
    actions.add_child_to_flight(actor=None, flight=flight, case=a, with_siblings=True)
    response = logged_in(national_user).get(reverse("movements:flight-detail", args=[flight.pk]))
    html = response.content.decode()
    assert "<bdi>محمد حسن</bdi>" in html and "<bdi>Хасанова Амина</bdi>" in html
    assert "Khasanov children" in html
    assert reverse("movements:flight-manifest", args=[flight.pk]) in html
    assert AuditEntry.objects.filter(action="movements.flight.viewed", object_id=str(flight.pk)).exists()


def test_regional_user_cannot_see_another_regions_flight_passengers(
    make_user: Maker, make_flight: Maker, make_ready: Maker
) -> None:
    flight = make_flight()
    chechen = make_ready(names=[("Ибрагим Чеченский", "Cyrl")], region="CE")
    dagestani = make_ready(names=[("Муса Дагестанский", "Cyrl")], region="DA")
    for c in (chechen, dagestani):
        actions.add_child_to_flight(actor=None, flight=flight, case=c)
    client = logged_in(make_user("dina", "dagestan", "social_worker"))
    html = client.get(reverse("movements:flight-detail", args=[flight.pk])).content.decode()
    assert "Муса Дагестанский" in html
    assert "Ибрагим Чеченский" not in html and chechen.reference not in html
    assert "1 further child" in html
    row = FlightPassenger.objects.get(case=chechen)
    # Nor may a regional user act on a flight, least of all on a child outside the region.
    url = reverse("movements:passenger-action", args=[flight.pk, row.pk, "remove"])
    assert client.post(url, {"reason": "x"}).status_code == 403
    assert FlightPassenger.objects.get(pk=row.pk).status == "booked"


def test_adding_a_child_without_the_ready_brother_shows_every_reason(
    national_user: Any, make_flight: Maker, make_ready: Maker, siblings: Maker
) -> None:
    flight = make_flight()
    sister = make_ready(names=[("Хасанова Амина", "Cyrl")], sex="F")
    brother = make_ready(names=[("Хасанов Ибрагим", "Cyrl")])
    siblings(sister, brother)
    client = logged_in(national_user)
    url = reverse("movements:flight-add-child", args=[flight.pk])
    response = client.post(url, {"case": sister.pk})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Refused." in html and "Хасанов Ибрагим" in html and "record why they travel apart" in html
    assert not FlightPassenger.objects.exists()
    partial = client.post(url, {"case": sister.pk}, headers={"HX-Request": "true"}).content.decode()
    assert 'id="add-child"' in partial and "<html" not in partial
    assert client.post(url, {"case": sister.pk, "with_siblings": "on"}).status_code == 302
    assert FlightPassenger.objects.filter(flight=flight, status="booked").count() == 2


def test_recording_a_separation_over_http_lets_the_child_board_alone(
    national_user: Any, make_flight: Maker, make_ready: Maker, siblings: Maker
) -> None:
    flight = make_flight()
    sister, brother = make_ready(sex="F"), make_ready()
    siblings(sister, brother)
    client = logged_in(national_user)
    client.post(reverse("movements:flight-separation", args=[flight.pk]),
                {"case": sister.pk, "sibling": brother.child_id, "reason": "brother in hospital"})
    assert client.post(reverse("movements:flight-add-child", args=[flight.pk]), {"case": sister.pk}).status_code == 302
    assert FlightPassenger.objects.filter(case=sister, status="booked").exists()
    assert not FlightPassenger.objects.filter(case=brother).exists()


def test_boarding_departure_and_arrival_buttons_bring_the_children_home(
    make_user: Maker, make_flight: Maker, make_ready: Maker
) -> None:
    crew = make_user("fedor", "flight", "flight")
    flight = make_flight()
    a, b = make_ready(), make_ready()
    ra = actions.add_child_to_flight(actor=None, flight=flight, case=a)[0]
    rb = actions.add_child_to_flight(actor=None, flight=flight, case=b)[0]
    client = logged_in(crew)
    client.post(reverse("movements:passenger-action", args=[flight.pk, ra.pk, "board"]),
                {"identity_document": "travel document 0001"})
    client.post(reverse("movements:passenger-action", args=[flight.pk, rb.pk, "not-boarded"]), {"reason": "fever"})
    client.post(reverse("movements:flight-status", args=[flight.pk, "depart"]), {"at": "2019-02-10T09:00"})
    client.post(reverse("movements:flight-status", args=[flight.pk, "arrive"]), {"at": "2019-02-10T14:30"})
    flight.refresh_from_db()
    assert flight.status == "arrived" and flight.arrived_at == dt.datetime(2019, 2, 10, 14, 30, tzinfo=dt.UTC)
    assert Case.objects.get(pk=a.pk).stage_id == "repatriated"
    assert Case.objects.get(pk=b.pk).stage_id == "ready_to_travel"
    checked = FlightPassenger.objects.get(pk=ra.pk)
    assert checked.identity_checked_by == crew and checked.identity_document == "travel document 0001"


def test_cancelling_over_http_keeps_the_rows(national_user: Any, make_flight: Maker, make_ready: Maker) -> None:
    flight = make_flight()
    case = make_ready()
    actions.add_child_to_flight(actor=None, flight=flight, case=case)
    logged_in(national_user).post(reverse("movements:flight-status", args=[flight.pk, "cancel"]),
                                  {"reason": "no landing permission"})
    assert Flight.objects.get(pk=flight.pk).status == "cancelled"
    assert FlightPassenger.objects.get(case=case).status == "removed"
    assert Case.objects.get(pk=case.pk).stage_id == "ready_to_travel"


def test_manifest_pdf_is_served_and_audited(national_user: Any, make_flight: Maker, make_ready: Maker) -> None:
    flight = make_flight()
    actions.add_child_to_flight(actor=None, flight=flight, case=make_ready())
    response = logged_in(national_user).get(reverse("movements:flight-manifest", args=[flight.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="movements.flight.manifest_printed").exists()


@pytest.fixture
def repatriated(make_ready: Maker, make_flight: Maker) -> Any:
    case, flight = make_ready(), make_flight()
    arrive(actions.add_child_to_flight(actor=None, flight=flight, case=case), flight)
    return Case.objects.get(pk=case.pk)


def test_handover_form_refuses_a_claimed_link_and_accepts_a_verified_one(
    make_user: Maker, repatriated: Any, relative: Maker, agencies: dict[str, Any]
) -> None:
    claimed = relative(repatriated, relation="aunt", status="claimed", name="Aunt Claimed")
    verified = relative(repatriated, name="Хасанова Зарема")
    client = logged_in(make_user("ruslan", "chechnya", "social_worker"))
    url = reverse("aftercare:handover-form", args=[repatriated.pk])
    page = client.get(url).content.decode()
    assert "only claimed" in page and "may receive the child" in page
    form = {"identity_document": "passport 96 04 123456", "signed_at": "2019-02-12T11:00", "relation": ""}
    refused = client.post(url, form | {"guardian": claimed.pk})
    assert refused.status_code == 422 and "only claimed" in refused.content.decode()
    assert Case.objects.get(pk=repatriated.pk).stage_id == "repatriated"
    done = client.post(url, form | {"guardian": verified.pk})
    assert done.status_code == 302
    case = Case.objects.get(pk=repatriated.pk)
    assert case.stage_id == "handed_over" and case.owner == agencies["chechnya"]
    act = client.get(reverse("aftercare:handover-act", args=[case.pk]))
    assert act.status_code == 200 and act.content.startswith(b"%PDF")


def test_overdue_visits_listed(make_user: Maker, repatriated: Any, relative: Maker) -> None:
    aftercare_actions.hand_over(actor=None, case=repatriated, guardian=relative(repatriated), identity_document="passport",
                      signed_at=dt.datetime(2019, 2, 12, tzinfo=dt.UTC))
    aftercare_actions.start_follow_up(actor=None, case=repatriated, first_visit_on=dt.date(2019, 3, 1))
    future = aftercare_actions.schedule_visit(actor=None, case=repatriated, scheduled_for=dt.date(2099, 1, 1))
    chechen = logged_in(make_user("ruslan", "chechnya", "social_worker"))
    html = chechen.get(reverse("aftercare:visits")).content.decode()
    overdue_part = html.split('id="overdue"')[1].split('id="upcoming"')[0]
    assert "2019-03-01" in overdue_part and repatriated.reference in overdue_part
    assert "2099-01-01" not in overdue_part and "2099-01-01" in html
    dagestan = logged_in(make_user("dina", "dagestan", "social_worker")).get(reverse("aftercare:visits"))
    assert repatriated.reference not in dagestan.content.decode()
    visit = FollowUpVisit.objects.get(scheduled_for=dt.date(2019, 3, 1))
    chechen.post(reverse("aftercare:visit-record", args=[visit.pk]),
                 {"done_on": "2019-03-02", "school": "enrolled", "health": "good", "benefits": "", "notes": ""})
    assert "No visit is overdue." in chechen.get(reverse("aftercare:visits") + "?overdue=1").content.decode()
    assert future.done_on is None


def test_closing_a_case_from_the_follow_up_page(make_user: Maker, repatriated: Any, relative: Maker) -> None:
    aftercare_actions.hand_over(actor=None, case=repatriated, guardian=relative(repatriated), identity_document="passport",
                      signed_at=dt.datetime(2019, 2, 12, tzinfo=dt.UTC))
    client = logged_in(make_user("ruslan", "chechnya", "social_worker"))
    page = client.get(reverse("aftercare:case-follow-up", args=[repatriated.pk]))
    assert page.status_code == 200 and "Start follow-up" in page.content.decode()
    client.post(reverse("aftercare:case-follow-up-action", args=[repatriated.pk, "start"]), {"scheduled_for": ""})
    client.post(reverse("aftercare:case-follow-up-action", args=[repatriated.pk, "close"]),
                {"reason": "settled with the family"})
    assert Case.objects.get(pk=repatriated.pk).stage_id == "closed"


def test_planning_a_flight_is_for_the_flight_teams_not_the_regions(national_user: Any, make_user: Maker) -> None:
    form = {"origin_city": "Baghdad", "origin_country": "IQ", "destination_city": "Grozny",
            "destination_country": "RU", "date": "2019-07-19", "seat_capacity": "33"}
    regional = logged_in(make_user("ruslan", "chechnya", "social_worker"))
    assert regional.post(reverse("movements:flight-create"), form).status_code == 403
    bad = logged_in(national_user).post(reverse("movements:flight-create"), form | {"seat_capacity": "0"})
    assert bad.status_code == 200 and "seat_capacity" in bad.content.decode() and not Flight.objects.exists()
    response = logged_in(national_user).post(reverse("movements:flight-create"), form)
    flight = Flight.objects.get()
    assert response.status_code == 302 and flight.destination_city == "Grozny" and flight.seat_capacity == 33


def test_moving_a_child_to_a_later_flight_over_http(national_user: Any, make_flight: Maker, make_ready: Maker) -> None:
    first, later = make_flight(), make_flight(date=dt.date(2019, 7, 19))
    [row] = actions.add_child_to_flight(actor=None, flight=first, case=make_ready())
    client = logged_in(national_user)
    page = client.get(reverse("movements:flight-detail", args=[first.pk])).content.decode()
    assert later.reference in page  # offered as a later flight
    client.post(reverse("movements:passenger-action", args=[first.pk, row.pk, "move"]),
                {"to_flight": later.pk, "reason": "court decision pending"})
    assert FlightPassenger.objects.get(pk=row.pk).status == "moved"
    assert FlightPassenger.objects.get(flight=later).status == "booked"


def test_booking_a_child_warns_about_a_sibling_not_yet_ready(
    national_user: Any, make_flight: Maker, make_ready: Maker, make_case: Maker, siblings: Maker
) -> None:
    flight = make_flight()
    sister, brother = make_ready(sex="F"), make_case(names=[("Хасанов Ибрагим", "Cyrl")])
    siblings(sister, brother)
    response = logged_in(national_user).post(reverse("movements:flight-add-child", args=[flight.pk]),
                                             {"case": sister.pk}, follow=True)
    html = response.content.decode()
    assert f"Booked on this flight: {sister.reference}." in html
    assert "Хасанов Ибрагим" in html and "not ready to travel yet" in html


def test_guardians_details_are_for_the_national_office_and_the_regions(
    make_user: Maker, repatriated: Any, relative: Maker
) -> None:
    aftercare_actions.hand_over(actor=None, case=repatriated, guardian=relative(repatriated), identity_document="passport",
                      signed_at=dt.datetime(2019, 2, 12, tzinfo=dt.UTC))
    crew = logged_in(make_user("fedor", "flight", "flight"))
    assert crew.get(reverse("aftercare:handover-act", args=[repatriated.pk])).status_code == 403
    assert crew.get(reverse("aftercare:visits")).status_code == 403
    assert "Handovers" not in crew.get(reverse("movements:flight-list")).content.decode()
