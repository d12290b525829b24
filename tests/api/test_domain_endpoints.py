"""People, requests, matches, flights, samples and aftercare over the API: the pages' actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from rest_framework.test import APIClient

from homeward.audit.models import AuditEntry
from homeward.cases.models import Case
from tests.movements.conftest import make_flight, relative  # noqa: F401  (fixtures)

REQUEST = {"requester_name": "Хасанова Зарема", "relation": "grandmother", "region": "CE",
           "received_on": "2019-01-02", "children": [{"names": ["Хасанов Магомед"], "sex": "M", "birth": "2012"}]}


def test_a_name_in_any_script_is_added_and_a_stale_person_edit_is_409(api: APIClient, make_case: Any) -> None:
    case = make_case()
    person = api.get(f"/api/people/{case.child_id}/").json()
    added = api.post(f"/api/people/{case.child_id}/names/", {"text": "خاسانوف ماغوميد"}, format="json")
    assert added.status_code == 201 and added.json()["script"] == "Arab"
    stale = api.patch(f"/api/people/{case.child_id}/", {"version": person["version"], "notes": "x"}, format="json")
    assert stale.status_code == 409  # adding the name moved the version on
    fresh = api.get(f"/api/people/{case.child_id}/").json()
    ok = api.patch(f"/api/people/{case.child_id}/", {"version": fresh["version"], "notes": "x"}, format="json")
    assert ok.status_code == 200
    assert AuditEntry.objects.filter(action="people.person.viewed").count() == 2


def test_a_family_link_names_a_relative_in_reach(api: APIClient, make_case: Any) -> None:
    case = make_case()
    other = make_case(names=[("Алиев Ахмед", "Cyrl")])
    link = api.post(f"/api/people/{case.child_id}/links/", {"relative": other.child_id, "relation": "brother"},
                    format="json", HTTP_IDEMPOTENCY_KEY="l1")
    assert link.status_code == 201
    again = api.post(f"/api/people/{case.child_id}/links/", {"relative": other.child_id, "relation": "brother"},
                     format="json", HTTP_IDEMPOTENCY_KEY="l1")
    assert again.status_code == 201 and again.json() == link.json()
    missing = api.post(f"/api/people/{case.child_id}/links/", {"relative": 10**9, "relation": "aunt"}, format="json")
    assert missing.status_code == 422 and "relative" in missing.json()["errors"]


def test_a_request_is_filed_once_per_key_and_closed_at_its_version(make_user: Any, api_for: Callable[..., APIClient]
                                                                   ) -> None:
    from homeward.tracing.models import TracingRequest

    zarema = api_for(make_user("zarema", "chechnya", "social_worker"))
    first = zarema.post("/api/requests/", REQUEST, format="json", HTTP_IDEMPOTENCY_KEY="r1")
    assert first.status_code == 201, first.content
    assert zarema.post("/api/requests/", REQUEST, format="json", HTTP_IDEMPOTENCY_KEY="r1").json() == first.json()
    assert TracingRequest.objects.count() == 1
    bad = zarema.post("/api/requests/", {**REQUEST, "children": [{"names": ["Али"], "birth": "soon"}]}, format="json")
    assert bad.status_code == 422 and "children[0].birth" in bad.json()["errors"]
    elsewhere = zarema.post("/api/requests/", {**REQUEST, "region": "DA"}, format="json")
    assert elsewhere.status_code == 403
    row = first.json()
    closed = zarema.post(f"/api/requests/{row['id']}/close/", {"version": row["version"], "note": "found"},
                         format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    stale = zarema.patch(f"/api/requests/{row['id']}/", {"version": row["version"], "phone": "1"}, format="json")
    assert stale.status_code == 409


def test_a_match_is_decided_once(api: APIClient, make_case: Any, make_request: Any) -> None:
    from homeward.tracing.models import CandidateMatch

    case = make_case()
    request = make_request()
    pair, _ = CandidateMatch.objects.get_or_create(case=case, sought_child=request.sought_children.get(), defaults={
        "match_probability": 0.9, "match_weight": 5.0, "computed_at": dt.datetime(2019, 1, 5, tzinfo=dt.UTC)})
    listed = api.get("/api/matches/", {"status": "potential"}).json()["results"]
    assert pair.pk in [m["id"] for m in listed]
    no_reason = api.post(f"/api/matches/{pair.pk}/decision/", {"decision": "reject"}, format="json")
    assert no_reason.status_code == 422 and "note" in no_reason.json()["errors"]
    done = api.post(f"/api/matches/{pair.pk}/decision/", {"decision": "confirm"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "confirmed"
    twice = api.post(f"/api/matches/{pair.pk}/decision/", {"decision": "reject", "note": "no"}, format="json")
    assert twice.status_code == 409


def test_a_child_is_booked_once_per_key_and_a_full_flight_refuses_naming_why(
        api: APIClient, make_case: Any, make_flight: Any) -> None:  # noqa: F811
    flight = make_flight(seats=1)
    ready = []
    for name in ("Хасанов Ахмед", "Алиев Ислам"):
        case = make_case(names=[(name, "Cyrl")])
        Case.objects.filter(pk=case.pk).update(stage_id="ready_to_travel")
        ready.append(case)
    booked = api.post(f"/api/flights/{flight.pk}/bookings/", {"case": ready[0].pk}, format="json",
                      HTTP_IDEMPOTENCY_KEY="b1")
    assert booked.status_code == 201, booked.content
    again = api.post(f"/api/flights/{flight.pk}/bookings/", {"case": ready[0].pk}, format="json",
                     HTTP_IDEMPOTENCY_KEY="b1")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    full = api.post(f"/api/flights/{flight.pk}/bookings/", {"case": ready[1].pk}, format="json")
    assert full.status_code == 422 and full.json()["errors"]["body"]
    shown = api.get(f"/api/flights/{flight.pk}/").json()
    assert [p["case"] for p in shown["passengers"]] == [ready[0].pk] and shown["seats_taken"] == 1


def test_a_sample_goes_through_its_chain_of_custody(make_user: Any, make_case: Any,
                                                   api_for: Callable[..., APIClient]) -> None:
    case = make_case()
    elena = make_user("elena", "lab", "geneticist")
    lab = api_for(elena)
    made = lab.post("/api/samples/", {"case": case.pk, "donor": case.child_id}, format="json")
    assert made.status_code == 201, made.content
    sample = made.json()["id"]
    steps = [("collection", {"collected_by": "Dr Saidova", "office": elena.agency_id}), ("seal", {"seal_number": "S-1"}),
             ("transfers", {"from_party": "Dr Saidova", "to_party": "Courier"}),
             ("receipt", {"seal_number_seen": "S-1"})]
    for step, body in steps:
        response = lab.post(f"/api/samples/{sample}/{step}/", body, format="json")
        assert response.status_code == 200, (step, response.content)
    got = lab.get(f"/api/samples/{sample}/").json()
    assert got["status"] == "received" and [c["step"] for c in got["custody"]][-1] == "received"
    wrong = lab.post(f"/api/samples/{sample}/seal/", {"seal_number": "S-2"}, format="json")
    assert wrong.status_code == 422
    bad_file = lab.post("/api/profiles/imports/", {"content": "sample_id,marker\nX,Y\n"}, format="json")
    assert bad_file.status_code == 422 and "content" in bad_file.json()["errors"]


def test_a_visit_is_scheduled_and_recorded(api_for: Callable[..., APIClient], make_user: Any,
                                           make_case: Any) -> None:
    case = make_case(region="CE")
    Case.objects.filter(pk=case.pk).update(stage_id="follow_up")
    zarema = api_for(make_user("zarema", "chechnya", "social_worker"))
    visit = zarema.post(f"/api/cases/{case.pk}/visits/", {"scheduled_for": "2030-01-05"}, format="json")
    assert visit.status_code == 201, visit.content
    future = zarema.post(f"/api/visits/{visit.json()['id']}/record/", {"done_on": "2099-01-01"}, format="json")
    assert future.status_code == 422 and "done_on" in future.json()["errors"]
    done = zarema.post(f"/api/visits/{visit.json()['id']}/record/", {"done_on": "2020-01-01", "school": "yes"},
                       format="json")
    assert done.status_code == 200 and done.json()["school"] == "yes"
    assert [v["id"] for v in zarema.get("/api/visits/").json()["results"]] == [visit.json()["id"]]


def test_a_child_is_handed_over_once_and_a_claimed_relative_is_refused(
        api_for: Callable[..., APIClient], make_user: Any, make_case: Any, relative: Any) -> None:  # noqa: F811
    case = make_case(region="CE")
    Case.objects.filter(pk=case.pk).update(stage_id="repatriated")
    zarema = api_for(make_user("zarema", "chechnya", "social_worker"))
    body = {"identity_document": "passport 96 04 123456", "signed_at": "2019-02-12T11:00:00Z", "place": "Grozny"}
    claimed = relative(case, status="claimed", name="Хасанова Роза")
    refused = zarema.post(f"/api/cases/{case.pk}/handover/", {**body, "guardian": claimed.pk}, format="json")
    assert refused.status_code == 422 and refused.json()["errors"]["body"]
    guardian = relative(case)
    done = zarema.post(f"/api/cases/{case.pk}/handover/", {**body, "guardian": guardian.pk}, format="json",
                       HTTP_IDEMPOTENCY_KEY="h1")
    assert done.status_code == 201, done.content
    again = zarema.post(f"/api/cases/{case.pk}/handover/", {**body, "guardian": guardian.pk}, format="json",
                        HTTP_IDEMPOTENCY_KEY="h1")
    assert again.json() == done.json()
    assert Case.objects.get(pk=case.pk).stage_id == "handed_over"
    assert [h["case"] for h in zarema.get("/api/handovers/").json()["results"]] == [case.pk]
