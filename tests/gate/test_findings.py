"""What was seen with every demo role against every route, each now refused or recorded.

One test per finding: each would pass a request or an action that the policy now refuses, or
miss an audit entry that is now written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from homeward.audit.models import AuditEntry
from homeward.cases import access as case_access
from homeward.cases import actions as case_actions
from homeward.cases.models import Case
from homeward.errors import ActionError, Forbidden, TransitionRefused
from homeward.movements import actions as flight_actions
from homeward.movements.models import FlightEscort

pytestmark = pytest.mark.django_db
Maker = Callable[..., Any]


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


# -- who may do what -------------------------------------------------------------------------

def test_a_dna_analyst_may_not_tick_the_host_court_decision_nor_close_a_case(make_user: Maker,
                                                                              make_case: Maker) -> None:
    case = make_case(host_country="IQ")
    analyst = make_user("elena", "lab", "geneticist")
    with pytest.raises(Forbidden, match="Host-court decision"):
        case_actions.set_check(actor=analyst, case=case, code="host_court_decision", reference="IQ-1")
    with pytest.raises(Forbidden):
        case_actions.transition(actor=analyst, case=case, target="closed", reason="done")
    page = logged_in(analyst).post(reverse("case-check", args=[case.pk, "host_court_decision"]), {"reference": "1"})
    assert page.status_code == 403
    assert logged_in(analyst).post(reverse("case-transition", args=[case.pk]),
                                   {"target": "closed", "reason": "x"}).status_code == 403
    assert not case.checks.filter(done=True).exists()
    assert Case.objects.get(pk=case.pk).stage_id == "identified"


def test_only_consular_officers_tick_the_host_court_decision(make_user: Maker, make_case: Maker,
                                                             national_user: Any, consular_user: Any) -> None:
    case = make_case(host_country="IQ")
    with pytest.raises(Forbidden):
        case_actions.set_check(actor=national_user, case=case, code="host_court_decision", reference="IQ-1")
    from homeward.documents.actions import add_document
    from tests.casework.conftest import pdf_bytes

    add_document(actor=consular_user, case=case, upload=pdf_bytes(), kind="court_decision")
    check = case_actions.set_check(actor=consular_user, case=case, code="host_court_decision", reference="IQ-1")
    assert check.done and check.done_by == consular_user


def test_the_flight_team_may_not_change_a_cases_home_region(make_user: Maker, make_case: Maker) -> None:
    from homeward.places.models import Region

    case = make_case(region="CE")
    Case.objects.filter(pk=case.pk).update(stage_id="ready_to_travel")
    crew = make_user("farid", "flight", "flight")
    dagestan = Region.objects.get(code="DA")
    response = logged_in(crew).post(reverse("case-edit", args=[case.pk]),
                                    {"host_country": "IQ", "home_region": dagestan.pk, "version": 1})
    assert response.status_code == 403
    with pytest.raises(Forbidden):
        case_actions.update_case(actor=crew, case_id=case.pk, expected_version=1, changes={"home_region": dagestan})
    assert Case.objects.get(pk=case.pk).home_region.code == "CE"


def test_moving_a_case_to_another_region_is_the_national_offices_decision(make_case: Maker, consular_user: Any,
                                                                          national_user: Any) -> None:
    from homeward.places.models import Region

    case = make_case(region="CE")
    dagestan = Region.objects.get(code="DA")
    with pytest.raises(Forbidden, match="home region"):
        case_actions.update_case(actor=consular_user, case_id=case.pk, expected_version=case.version,
                                 changes={"home_region": dagestan})
    # the consular officer may still correct the summary
    case_actions.update_case(actor=consular_user, case_id=case.pk, expected_version=case.version,
                             changes={"summary": "met at the orphanage"})
    moved = case_actions.update_case(actor=national_user, case_id=case.pk,
                                     expected_version=Case.objects.get(pk=case.pk).version,
                                     changes={"home_region": dagestan})
    assert moved.home_region_id == dagestan.pk


def test_a_consular_officer_of_iraq_neither_sees_nor_runs_a_flight_from_syria(consular_user: Any) -> None:
    syria = flight_actions.create_flight(actor=None, origin_city="Qamishli", origin_country="SY",
                                         destination_city="Moscow", destination_country="RU",
                                         date=dt.date(2019, 2, 10), seat_capacity=10)
    escort = FlightEscort.objects.create(flight=syria, name="Dr Saidova", role="doctor")
    client = logged_in(consular_user)
    assert client.get(reverse("movements:flight-detail", args=[syria.pk])).status_code == 404
    assert client.post(reverse("movements:flight-status", args=[syria.pk, "cancel"]),
                       {"reason": "not ours"}).status_code == 404
    assert client.post(reverse("movements:flight-escort", args=[syria.pk]),
                       {"name": "Someone", "role": "official"}).status_code == 404
    assert client.post(reverse("movements:flight-escort-remove", args=[syria.pk, escort.pk])).status_code == 404
    assert "FL-" not in client.get(reverse("movements:flight-list")).content.decode()
    with pytest.raises(Forbidden):
        flight_actions.cancel_flight(actor=consular_user, flight=syria, reason="not ours")
    syria.refresh_from_db()
    assert syria.status == "planned" and syria.escorts.count() == 1


def test_a_consular_section_without_a_host_country_sees_no_case(agencies: dict[str, Any], make_case: Maker) -> None:
    from homeward.accounts.models import Agency, User

    make_case(host_country="IQ")
    unset = Agency.objects.create(name="Consular section, not yet posted", kind=Agency.Kind.CONSULAR)
    officer = User.objects.create_user(username="new", password="pw-for-tests-1", agency=unset, role="consular")
    assert case_access.cases_visible_to(officer).count() == 0
    assert logged_in(officer).get(reverse("case-list")).status_code == 403


def test_a_regional_social_worker_may_not_reject_a_profiled_sample(make_user: Maker, make_case: Maker) -> None:
    from homeward.kinship import actions as kinship_actions
    from homeward.kinship.models import DnaSample

    case = make_case(region="CE")
    sample = kinship_actions.request_sample(actor=None, case=case, donor=case.child)
    DnaSample.objects.filter(pk=sample.pk).update(status=DnaSample.Status.PROFILED)
    social = make_user("zarema", "chechnya", "social_worker")
    assert logged_in(social).post(reverse("kinship:sample-step", args=[sample.pk, "reject"]),
                                  {"reason": "spoilt"}).status_code == 403
    with pytest.raises(Forbidden):
        kinship_actions.reject(actor=social, sample=DnaSample.objects.get(pk=sample.pk), reason="spoilt")
    lab = make_user("elena", "lab", "geneticist")
    kinship_actions.reject(actor=lab, sample=DnaSample.objects.get(pk=sample.pk), reason="contaminated")
    assert DnaSample.objects.get(pk=sample.pk).status == DnaSample.Status.REJECTED


def test_a_family_link_does_not_open_a_person_whose_own_case_is_out_of_scope(make_user: Maker,
                                                                             make_case: Maker) -> None:
    from homeward.people.access import people_visible_to
    from homeward.people.actions import link_family

    here = make_case(names=[("Хасанов Ахмед", "Cyrl")], region="CE")
    brother = make_case(names=[("Хасанов Ислам", "Cyrl")], region="DA")
    link_family(actor=None, person=here.child, relative=brother.child, relation="brother")
    social = make_user("zarema", "chechnya", "social_worker")
    assert not people_visible_to(social).filter(pk=brother.child_id).exists()
    client = logged_in(social)
    assert client.get(reverse("person-edit", args=[brother.child_id])).status_code == 404
    assert client.post(reverse("person-add-name", args=[brother.child_id]), {"text": "Islam", "kind": "official"}
                       ).status_code == 404
    assert client.get(reverse("person-edit", args=[here.child_id])).status_code == 200


def test_booking_warnings_do_not_name_siblings_the_user_may_not_see(make_user: Maker, make_ready: Maker,
                                                                    make_flight: Maker, siblings: Maker) -> None:
    from homeward.movements.queries import assess_adding

    here = make_ready(names=[("Хасанов Ахмед", "Cyrl")], region="CE")
    hidden = make_ready(names=[("Хасанов Ислам", "Cyrl")], region="DA")
    siblings(here, hidden)
    flight = make_flight()
    social_view = set(case_access.cases_visible_to(make_user("zarema", "chechnya", "social_worker"))
                      .values_list("pk", flat=True))
    text = " ".join(assess_adding(flight, [Case.objects.get(pk=here.pk)], visible=social_view).reasons)
    assert "Хасанов Ислам" not in text and hidden.reference not in text
    assert "outside your office's cases" in text
    consular = make_user("omar2", "consular", "consular")
    with pytest.raises(ActionError) as refused:
        flight_actions.add_child_to_flight(actor=consular, flight=flight, case=here)
    assert "Хасанов Ислам" in refused.value.message  # the consular section sees both children in Iraq


def test_a_matching_job_of_one_region_does_not_open_to_another(make_user: Maker, agencies: dict[str, Any]) -> None:
    from homeward.tracing.models import MatchJob

    chechen = make_user("zarema", "chechnya", "social_worker")
    job = MatchJob.objects.create(kind="incremental", created_by=chechen)
    assert logged_in(chechen).get(reverse("tracing:job", args=[job.pk])).status_code == 200
    other = make_user("patimat", "dagestan", "caseworker")
    assert logged_in(other).get(reverse("tracing:job", args=[job.pk])).status_code == 404


# -- flights keep their own rules ---------------------------------------------------------

def _arrived_flight(make_ready: Maker, make_flight: Maker) -> tuple[Any, Any]:
    from tests.movements.helpers import arrive

    case, flight = make_ready(), make_flight()
    rows = flight_actions.add_child_to_flight(actor=None, flight=flight, case=case)
    arrive(rows, flight)
    flight.refresh_from_db()
    return case, flight


def test_escorts_are_final_once_the_flight_has_left(make_ready: Maker, make_flight: Maker,
                                                    national_user: Any) -> None:
    _case, flight = _arrived_flight(make_ready, make_flight)
    with pytest.raises(ActionError, match="roster is final"):
        flight_actions.add_escort(actor=national_user, flight=flight, name="Late doctor", role="doctor")
    escort = FlightEscort.objects.create(flight=flight, name="Dr Saidova", role="doctor")
    with pytest.raises(ActionError, match="roster is final"):
        flight_actions.remove_escort(actor=national_user, escort=escort)
    assert flight.escorts.count() == 1


def test_departure_and_arrival_times_are_checked_against_the_flight_and_each_other(
        make_ready: Maker, make_flight: Maker) -> None:
    case, flight = make_ready(), make_flight(date=dt.date(2019, 2, 10))
    rows = flight_actions.add_child_to_flight(actor=None, flight=flight, case=case)
    flight_actions.board_child(actor=None, passenger=rows[0])
    with pytest.raises(ActionError, match="before the flight's date"):
        flight_actions.record_departure(actor=None, flight=flight,
                                        departed_at=dt.datetime(2019, 1, 2, 9, tzinfo=dt.UTC))
    with pytest.raises(ActionError, match="future"):
        flight_actions.record_departure(actor=None, flight=flight,
                                        departed_at=dt.datetime(2099, 1, 1, 9, tzinfo=dt.UTC))
    flight_actions.record_departure(actor=None, flight=flight, departed_at=dt.datetime(2019, 2, 10, 9, tzinfo=dt.UTC))
    with pytest.raises(ActionError, match="before the departure"):
        flight_actions.record_arrival(actor=None, flight=flight, arrived_at=dt.datetime(2019, 2, 10, 8, tzinfo=dt.UTC))
    with pytest.raises(ActionError, match="two days"):
        flight_actions.record_arrival(actor=None, flight=flight, arrived_at=dt.datetime(2019, 2, 20, 8, tzinfo=dt.UTC))
    flight_actions.record_arrival(actor=None, flight=flight, arrived_at=dt.datetime(2019, 2, 10, 14, tzinfo=dt.UTC))


def test_a_case_cannot_be_moved_back_while_its_child_holds_a_seat_or_is_in_the_air(
        make_ready: Maker, make_flight: Maker, national_user: Any) -> None:
    case, flight = make_ready(), make_flight()
    rows = flight_actions.add_child_to_flight(actor=None, flight=flight, case=case)
    with pytest.raises(TransitionRefused, match="holds a seat"):
        case_actions.transition(actor=national_user, case=case, target="documents_issued", reason="papers wrong")
    flight_actions.board_child(actor=None, passenger=rows[0])
    flight_actions.record_departure(actor=None, flight=flight, departed_at=dt.datetime(2019, 2, 10, 9, tzinfo=dt.UTC))
    with pytest.raises(TransitionRefused, match="in the air"):
        case_actions.transition(actor=national_user, case=case, target="documents_issued", reason="papers wrong")
    landed = flight_actions.record_arrival(actor=None, flight=flight,
                                           arrived_at=dt.datetime(2019, 2, 10, 14, tzinfo=dt.UTC))
    assert landed.status == "arrived"
    assert Case.objects.get(pk=case.pk).stage_id == "repatriated"


# -- a second submit is refused cleanly ------------------------------------------------------

def test_booking_a_child_already_booked_elsewhere_is_a_clean_refusal(make_ready: Maker, make_flight: Maker,
                                                                     national_user: Any) -> None:
    case = make_ready()
    first, second = make_flight(), make_flight()
    client = logged_in(national_user)
    assert client.post(reverse("movements:flight-add-child", args=[first.pk]), {"case": case.pk}).status_code == 302
    again = client.post(reverse("movements:flight-add-child", args=[second.pk]), {"case": case.pk})
    assert again.status_code == 422
    assert "already has a seat" in again.content.decode()


def test_the_same_transition_submitted_twice_is_a_clean_refusal(make_case: Maker, national_user: Any,
                                                                consular_user: Any) -> None:
    case = make_case()
    for code in ("consular_interview", "identity_statement", "child_dna_sample"):
        case_actions.set_check(actor=consular_user, case=case, code=code)
    client = logged_in(national_user)
    url = reverse("case-transition", args=[case.pk])
    assert client.post(url, {"target": "identity_verified"}).status_code == 302
    again = client.post(url, {"target": "identity_verified"})
    assert again.status_code == 422
    assert Case.objects.get(pk=case.pk).events.filter(kind="transition").count() == 1


# -- every view of personal data is audited ----------------------------------------------------

def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def test_edit_forms_that_show_personal_data_are_audited(client: Client, national_user: Any,
                                                        make_case: Maker) -> None:
    from homeward.places.models import Region
    from homeward.tracing.actions import SoughtChildInput, SoughtNameInput, create_request

    case = make_case()
    request = create_request(actor=None, requester_name="Хасанова Айна", relation="grandmother",
                             region=Region.objects.get(code="CE"), received_on=dt.date(2019, 1, 2), phone="+7 900",
                             children=[SoughtChildInput(names=[SoughtNameInput("Хасанов Магомед")])])
    client.force_login(national_user)
    client.get(reverse("case-edit", args=[case.pk]))
    client.get(reverse("person-edit", args=[case.child_id]))
    client.get(reverse("tracing:request-edit", args=[request.pk]))
    client.get(reverse("tracing:child-edit", args=[request.sought_children.get().pk]))
    assert entries("cases.case_edit.viewed")[0].case_id_ref == case.pk
    person = entries("people.person.viewed")[0]
    assert person.case_id_ref == case.pk and person.data["cases"] == [case.pk]
    assert entries("tracing.request.viewed")[0].object_id == str(request.pk)
    assert entries("tracing.soughtchild.viewed")


def test_every_list_and_search_is_audited_with_its_query_and_the_rows_shown(client: Client, national_user: Any,
                                                                            make_case: Maker) -> None:
    case = make_case()
    client.force_login(national_user)
    client.get(reverse("case-list"), {"q": "Хасанов"})
    client.get(reverse("api-case-list"), {"q": "Khasanov"})
    client.get(reverse("tracing:review"))
    client.get(reverse("aftercare:handover-list"))
    client.get(reverse("kinship:overdue"))
    client.get(reverse("age-limit-alerts"))
    listed = entries("cases.case.listed")[0]
    assert listed.data["query"]["q"] == "Хасанов" and listed.data["rows"] == 1 and listed.data["ids"] == [case.pk]
    api = entries("cases.case_api.listed")[0]
    assert api.data["query"]["q"] == "Khasanov" and api.data["ids"] == [case.pk]
    for action in ("tracing.match.listed", "aftercare.handover.listed", "kinship.sample.overdue_listed",
                   "cases.age_limit.listed"):
        assert entries(action), action


def test_a_manifests_audit_entry_names_the_children_it_printed(make_ready: Maker, make_flight: Maker,
                                                               national_user: Any) -> None:
    case, flight = make_ready(), make_flight()
    flight_actions.add_child_to_flight(actor=None, flight=flight, case=case)
    response = logged_in(national_user).get(reverse("movements:flight-manifest", args=[flight.pk]))
    assert response.status_code == 200
    assert entries("movements.flight.manifest_printed")[0].data["cases"] == [case.pk]


def test_admin_pages_are_audited(make_user: Maker, make_case: Maker) -> None:
    from homeward.cases.models import Requirement

    admin = make_user("root", "national", "admin", is_superuser=True, is_staff=True)
    client = logged_in(admin)
    requirement = Requirement.objects.get(code="host_court_decision")
    client.get(reverse("admin:cases_requirement_changelist"))
    client.get(reverse("admin:cases_requirement_change", args=[requirement.pk]))
    assert entries("admin.cases.requirement.listed")
    assert entries("admin.cases.requirement.viewed")[0].data["object_id"] == str(requirement.pk)
