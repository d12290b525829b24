"""A small world with one record of every kind in two places, and a user of every demo role.

Family A lives in Iraq (host) and the Chechen Republic (home); family B in Syria and Dagestan.
``REACH`` says, by hand and independently of the code under test, which of these records each
demo role reaches: the national office, the administrator and the laboratory every case; the
consular section in Baghdad the cases in Iraq and the flights from there; the Chechen social
worker the cases, requests and flights of her region; the Dagestan caseworker those of hers;
the flight team the cases ready to travel and every flight; the press officer nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

EVERYTHING = {"case_a", "case_b", "case_c", "request_ce", "request_da", "candidate_a", "candidate_b", "flight_iq",
              "flight_sy", "job_z", "job_p"}
REACH: dict[str, set[str]] = {
    # an import is its uploader's (and the administrators')
    "admin": EVERYTHING | {"referral_a", "batch_z", "batch_p"},
    "natalia": EVERYTHING,
    "elena": EVERYTHING,
    "omar": {"case_a", "case_c", "flight_iq"},
    "zarema": {"case_a", "case_c", "request_ce", "candidate_a", "flight_iq", "job_z", "referral_a", "batch_z"},
    "patimat": {"case_b", "request_da", "candidate_b", "flight_sy", "job_p", "batch_p"},
    "farid": {"case_a", "case_b", "flight_iq", "flight_sy"},
    "igor": set(),
}
# Least privileged first: a privileged user's successful POST comes after the others' attempts.
ORDER = ["igor", "farid", "elena", "patimat", "zarema", "omar", "natalia", "admin"]


@dataclass
class World:
    users: dict[str, Any]
    # URL argument name -> (family A value, its reach tags), (family B value, its tags)
    args: dict[str, list[tuple[Any, set[str]]]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the module inside a transaction that is rolled back at its end; each test's
    requests are undone too, so every test meets the same world."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def build_world() -> World:
    from django.core.management import call_command

    from homeward.accounts.models import Agency, User
    from homeward.aftercare.models import FollowUpVisit, Handover
    from homeward.cases.actions import open_case
    from homeward.cases.models import Case
    from homeward.kinship import actions as kinship_actions
    from homeward.kinship.models import KinshipTest, StrProfile
    from homeward.movements.actions import create_flight
    from homeward.movements.models import FlightEscort, FlightPassenger
    from homeward.people.actions import NameInput, create_person, link_family
    from homeward.people.models import FamilyLink
    from homeward.places.models import Facility, Region
    from homeward.tracing.actions import SoughtChildInput, SoughtNameInput, create_request
    from homeward.tracing.models import CandidateMatch, MatchJob

    call_command("load_reference", verbosity=0)
    agencies = {
        "national": Agency.objects.create(name="Commissioner's office", kind=Agency.Kind.NATIONAL),
        "consular": Agency.objects.create(name="Consular section, Baghdad", kind=Agency.Kind.CONSULAR,
                                          host_country_id="IQ"),
        "chechnya": Agency.objects.create(name="Ombudsman, Chechen Republic", kind=Agency.Kind.REGIONAL,
                                          region=Region.objects.get(code="CE")),
        "dagestan": Agency.objects.create(name="Ombudsman, Republic of Dagestan", kind=Agency.Kind.REGIONAL,
                                          region=Region.objects.get(code="DA")),
        "flight": Agency.objects.create(name="Flight team", kind=Agency.Kind.FLIGHT),
        "lab": Agency.objects.create(name="DNA laboratory", kind=Agency.Kind.LAB),
        "analysis": Agency.objects.create(name="Analysts", kind=Agency.Kind.ANALYSIS),
    }

    def make_user(username: str, agency: str, role: str, **extra: Any) -> Any:
        return User.objects.create_user(username=username, password="pw-for-tests-1", agency=agencies[agency],
                                        role=role, **extra)

    def make_case(names: list[tuple[str, str]], host_country: str, region: str) -> Any:
        child = create_person(actor=None, kind="child", names=[NameInput(t, script=sc) for t, sc in names], sex="M",
                              birth_date=dt.date(2012, 5, 1), birth_precision="exact", birth_place="abroad",
                              home_region=Region.objects.get(code=region))
        facility = Facility.objects.filter(country_id=host_country).first()
        return open_case(actor=None, child=child, host_country_id=host_country, owner=agencies["national"],
                         facility_id=facility.pk if facility else None)

    users = {
        "admin": make_user("admin", "national", "admin", is_superuser=True, is_staff=True),
        "natalia": make_user("natalia", "national", "caseworker"),
        "omar": make_user("omar", "consular", "consular"),
        "zarema": make_user("zarema", "chechnya", "social_worker"),
        "patimat": make_user("patimat", "dagestan", "caseworker"),
        "farid": make_user("farid", "flight", "flight"),
        "elena": make_user("elena", "lab", "geneticist"),
        "igor": make_user("igor", "analysis", "analyst"),
    }

    def family(tag: str, host: str, region: str, stage: str, flight_origin: str) -> dict[str, Any]:
        case = make_case(names=[(f"Хасанов {tag}", "Cyrl")], host_country=host, region=region)
        Case.objects.filter(pk=case.pk).update(stage_id=stage)
        case.refresh_from_db()
        mother = create_person(actor=None, kind="mother", names=[NameInput(f"Хасанова {tag}", script="Cyrl")],
                               sex="F", birth_date=dt.date(1990, 1, 1), birth_precision="exact")
        link = link_family(actor=None, person=case.child, relative=mother, relation="mother")
        FamilyLink.objects.filter(pk=link.pk).update(status=FamilyLink.Status.DNA_VERIFIED)
        sample = kinship_actions.request_sample(actor=None, case=case, donor=case.child)
        profile = StrProfile.objects.create(sample=sample, person=case.child, genotypes={"D3S1358": "15/16"},
                                            imported_at=dt.datetime(2019, 1, 5, tzinfo=dt.UTC), source_hash="x" * 64)
        test = KinshipTest.objects.create(case=case, child=case.child, child_profile=profile, status="done",
                                          freq_db="west-asia", lr=2e6, log10_lr=6.3, requested_at=profile.imported_at)
        from homeward.core import crypto
        from homeward.kinship.models import KinshipReport

        report = KinshipReport(test=test, sha256="0" * 64)
        report.pdf = crypto.seal_bytes(b"%PDF-1.4\n%%EOF\n", report.aad)
        report.save()
        from homeward.kinship.models import SamplingPlan

        plan = SamplingPlan.objects.create(case=case, panel="globalfiler", threshold=10_000, freq_db="west-asia",
                                           requested_at=profile.imported_at)
        request = create_request(
            actor=None, requester_name=f"Хасанова Айна {tag}", relation="grandmother",
            region=Region.objects.get(code=region), received_on=dt.date(2019, 1, 2),
            children=[SoughtChildInput(names=[SoughtNameInput(f"Хасанов {tag}")])])
        sought = request.sought_children.get()
        candidate = CandidateMatch.objects.create(case=case, sought_child=sought, match_probability=0.9,
                                                  match_weight=5.0, computed_at=profile.imported_at)
        flight = create_flight(actor=None, origin_city="City", origin_country=flight_origin, destination_city="Moscow",
                               destination_country="RU", date=dt.date(2030, 1, 1), seat_capacity=5)
        passenger = FlightPassenger.objects.create(flight=flight, case=case)
        escort = FlightEscort.objects.create(flight=flight, name="Dr Saidova", role="doctor")
        return {"case": case, "mother": mother, "sample": sample, "test": test, "report": report, "plan": plan, "request": request, "sought": sought,
                "candidate": candidate, "flight": flight, "passenger": passenger, "escort": escort}

    a = family("A", "IQ", "CE", "ready_to_travel", "IQ")
    b = family("B", "SY", "DA", "ready_to_travel", "SY")
    home = make_case(names=[("Хасанов Омар", "Cyrl")], host_country="IQ", region="CE")
    Case.objects.filter(pk=home.pk).update(stage_id="follow_up")
    grandmother = create_person(actor=None, kind="relative", names=[NameInput("Хасанова Роза", script="Cyrl")],
                                sex="F", birth_date=dt.date(1960, 1, 1), birth_precision="exact")
    link_family(actor=None, person=home.child, relative=grandmother, relation="grandmother", status="dna_verified")
    Handover.objects.create(case=home, guardian=grandmother, relation="grandmother", identity_document="passport",
                            signed_at=dt.datetime(2019, 2, 12, tzinfo=dt.UTC), receiving_agency=agencies["chechnya"])
    visit = FollowUpVisit.objects.create(case=home, scheduled_for=dt.date(2019, 3, 1))
    job_z = MatchJob.objects.create(kind="incremental", created_by=users["zarema"])
    job_p = MatchJob.objects.create(kind="incremental", created_by=users["patimat"])
    from homeward.imports.actions import upload

    sheet = "name,kind,home_region\nХасанова Зарема,mother,Chechen Republic\n".encode()
    batch_z = upload(actor=users["zarema"], kind="people", filename="z.csv", data=sheet)
    batch_p = upload(actor=users["patimat"], kind="people", filename="p.csv", data=sheet)
    from homeward.imports.models import DuplicatePair, Merge

    def pair_of(fam: dict[str, Any]) -> Any:
        low, high = sorted([fam["case"].child_id, fam["mother"].pk])
        return DuplicatePair.objects.create(person_a_id=low, person_b_id=high, score=0.9, reasons=["test"])

    merges = [Merge.objects.create(survivor=fam["case"].child, merged_id=10**9 + i, removed="[]")
              for i, fam in enumerate((a, b))]

    # Case work: a document and a decision form of each family, and a referral of A's case to
    # the Chechen office (answered by that office only: see REACH).
    from homeward.cases.responsibility import refer_case
    from homeward.casework.decisions import save_form
    from homeward.casework.models import FormKind
    from homeward.documents.actions import add_document

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    kind = FormKind.objects.get(pk="child_views")
    for fam in (a, b):
        fam["document"] = add_document(actor=None, case=fam["case"], upload=pdf, kind="court_decision")
        fam["form"] = save_form(actor=None, case=fam["case"], kind=kind,
                                answers={"heard_on": "2019-01-05", "views": "wants to go to grandmother"})
    referral = refer_case(actor=None, case=a["case"], to_agency=agencies["chechnya"], reason="the family is there")

    def pair(key: str, tag_a: set[str], tag_b: set[str]) -> list[tuple[Any, set[str]]]:
        return [(a[key].pk, tag_a), (b[key].pk, tag_b)]

    args = {
        "case_id": [(a["case"].pk, {"case_a"}), (b["case"].pk, {"case_b"})],
        "person_id": [(a["mother"].pk, {"case_a"}), (b["case"].child_id, {"case_b"})],
        "sample_id": pair("sample", {"case_a"}, {"case_b"}),
        "test_id": pair("test", {"case_a"}, {"case_b"}),
        "report_id": pair("report", {"case_a"}, {"case_b"}),
        "plan_id": pair("plan", {"case_a"}, {"case_b"}),
        "request_id": pair("request", {"request_ce"}, {"request_da"}),
        "sought_child_id": pair("sought", {"request_ce"}, {"request_da"}),
        "candidate_id": pair("candidate", {"candidate_a"}, {"candidate_b"}),
        "flight_id": pair("flight", {"flight_iq"}, {"flight_sy"}),
        "escort_id": pair("escort", {"flight_iq"}, {"flight_sy"}),
        "passenger_id": pair("passenger", {"flight_iq", "case_a"}, {"flight_sy", "case_b"}),
        "visit_id": [(visit.pk, {"case_c"})],
        "job_id": [(job_z.pk, {"job_z"}), (job_p.pk, {"job_p"})],
        "batch_id": [(batch_z.pk, {"batch_z"}), (batch_p.pk, {"batch_p"})],
        "pair_id": [(pair_of(a).pk, {"case_a"}), (pair_of(b).pk, {"case_b"})],
        "survivor_id": [(a["case"].child_id, {"case_a"}), (b["mother"].pk, {"case_b"})],
        "merge_id": [(merges[0].pk, {"case_a"}), (merges[1].pk, {"case_b"})],
        "document_id": pair("document", {"case_a"}, {"case_b"}),
        "form_id": pair("form", {"case_a"}, {"case_b"}),
        "referral_id": [(referral.pk, {"case_a", "referral_a"})],
    }
    from homeward.api.tokens import issue_token

    args["prefix"] = [(issue_token(actor=None, user=users["natalia"], name="route matrix").row.prefix, set())]
    # Routes about a handed-over child take the child at home (family A's region).
    args["home_case_id"] = [(home.pk, {"case_c"})]
    from homeward.kinship.models import DviSearch

    dvi_search = DviSearch.objects.create(freq_db="west-asia", requested_at=dt.datetime(2019, 1, 6, tzinfo=dt.UTC))
    args["search_id"] = [(dvi_search.pk, set())]
    return World(users=users, args=args)
