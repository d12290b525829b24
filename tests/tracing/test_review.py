"""The review queue over HTTP: pairs by probability, side by side, confirmed or rejected."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from homeward.audit.models import AuditEntry
from homeward.people.models import FamilyLink, Person
from homeward.places.models import Region
from homeward.tracing import matching
from homeward.tracing.models import CandidateMatch, TracingRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(make_case: Callable[..., Any], make_request: Callable[..., Any]) -> CandidateMatch:
    case = make_case()
    make_request()
    matching.rematch_all()
    return CandidateMatch.objects.get(case=case)


def test_the_queue_lists_potential_pairs_most_probable_first(
    client: Any, national_user: Any, make_case: Callable[..., Any], make_request: Callable[..., Any],
) -> None:
    from django.utils import timezone

    strong = make_case()
    weak = make_case(names=[("Хасанов Магомед", "Cyrl")], region="DA", born=dt.date(2008, 1, 1))
    decided = make_case(names=[("Хасанов Ислам", "Cyrl")])
    sought = make_request().sought_children.get()
    for case, p, status in ((weak, 0.3, "potential"), (strong, 0.99, "potential"), (decided, 0.95, "rejected")):
        CandidateMatch.objects.create(case=case, sought_child=sought, match_probability=p, match_weight=1.0,
                                      status=status, computed_at=timezone.now())
    client.force_login(national_user)
    body = client.get("/tracing/review/").content.decode()
    assert strong.reference in body and weak.reference in body
    assert body.index(strong.reference) < body.index(weak.reference)
    assert decided.reference not in body
    body = client.get("/tracing/review/", {"min": "0.5"}).content.decode()
    assert strong.reference in body and weak.reference not in body
    dagestan = Region.objects.get(code="DA").pk
    body = client.get("/tracing/review/", {"region": dagestan}).content.decode()
    assert weak.reference in body and strong.reference not in body


def test_a_pair_opens_side_by_side_with_a_waterfall_and_is_audited(
    client: Any, national_user: Any, pair: CandidateMatch,
) -> None:
    client.force_login(national_user)
    response = client.get(f"/tracing/review/{pair.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and 'class="wf-pos"' in body
    assert "Хасанов Магомед Русланович" in body
    assert " style=" not in body and "<script>" not in body
    assert AuditEntry.objects.filter(action="tracing.match.viewed", object_id=str(pair.pk)).exists()


def test_confirming_links_the_request_and_records_the_requester_as_a_claimed_relative(
    client: Any, national_user: Any, pair: CandidateMatch,
) -> None:
    client.force_login(national_user)
    response = client.post(f"/tracing/review/{pair.pk}/confirm/", {"note": "same father's name"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == CandidateMatch.Status.CONFIRMED
    assert pair.decided_by == national_user and pair.note == "same father's name"
    link = FamilyLink.objects.get(person=pair.case.child)
    assert link.status == FamilyLink.Status.CLAIMED and link.relation == "grandmother"
    assert link.relative.kind == Person.Kind.RELATIVE and link.relative.sex == "F"
    assert pair.family_link == link
    req = pair.sought_child.request
    req.refresh_from_db()
    assert req.status == TracingRequest.Status.PARTLY_FOUND and req.requester_person == link.relative
    assert AuditEntry.objects.filter(action="tracing.match.confirmed", object_id=str(pair.pk),
                                     case_id_ref=pair.case_id).exists()
    assert pair.case.reference in client.get(f"/tracing/requests/{req.pk}/").content.decode()


def test_a_second_child_of_the_same_request_reuses_the_requester(
    national_user: Any, make_case: Callable[..., Any], make_request: Callable[..., Any],
) -> None:
    from homeward.tracing.actions import confirm_match

    brother = make_case()
    sister = make_case(names=[("Хасанова Амина Руслановна", "Cyrl")], sex="F", born=None)
    make_request(children=[
        {"names": ["Хасанов Магомед Русланович"], "sex": "M", "birth": "2012"},
        {"names": ["Хасанова Амина Руслановна"], "sex": "F"},
    ])
    matching.rematch_all()
    for case in (brother, sister):
        best = CandidateMatch.objects.filter(case=case).order_by("-match_probability").first()
        confirm_match(actor=national_user, candidate=best)
    links = FamilyLink.objects.filter(person__in=[brother.child, sister.child])
    assert links.count() == 2
    assert len({link.relative_id for link in links}) == 1


def test_rejecting_needs_a_reason_then_is_audited_and_the_pair_never_comes_back(
    client: Any, national_user: Any, pair: CandidateMatch,
) -> None:
    client.force_login(national_user)
    client.post(f"/tracing/review/{pair.pk}/reject/", {"note": ""})
    pair.refresh_from_db()
    assert pair.status == CandidateMatch.Status.POTENTIAL
    client.post(f"/tracing/review/{pair.pk}/reject/", {"note": "the child's mother is someone else"})
    pair.refresh_from_db()
    assert pair.status == CandidateMatch.Status.REJECTED
    assert AuditEntry.objects.filter(action="tracing.match.rejected", object_id=str(pair.pk)).exists()
    matching.rematch_all()
    matching.rematch_records(side="children", ids=[pair.case_id])
    matching.rematch_records(side="requests", ids=[pair.sought_child_id])
    assert CandidateMatch.objects.filter(case=pair.case_id, sought_child=pair.sought_child_id).count() == 1
    pair.refresh_from_db()
    assert pair.status == CandidateMatch.Status.REJECTED
    assert str(pair.case.reference) not in client.get("/tracing/review/").content.decode()


def test_a_decision_is_not_taken_twice(client: Any, national_user: Any, pair: CandidateMatch) -> None:
    client.force_login(national_user)
    client.post(f"/tracing/review/{pair.pk}/reject/", {"note": "no"})
    client.post(f"/tracing/review/{pair.pk}/confirm/", {"note": "yes"})
    pair.refresh_from_db()
    assert pair.status == CandidateMatch.Status.REJECTED
    assert not FamilyLink.objects.exists()


def test_an_analyst_cannot_decide(client: Any, make_user: Callable[..., Any], pair: CandidateMatch) -> None:
    client.force_login(make_user("ana", "national", "analyst"))
    assert client.post(f"/tracing/review/{pair.pk}/confirm/", {"note": ""}).status_code in {403, 404}
    pair.refresh_from_db()
    assert pair.status == CandidateMatch.Status.POTENTIAL


def test_the_case_page_snippet_shows_the_confirmed_request(
    rf: Any, national_user: Any, pair: CandidateMatch,
) -> None:
    from django.template import Context, Template

    from homeward.tracing.actions import confirm_match

    confirm_match(actor=national_user, candidate=pair)
    request = rf.get("/")
    request.user = national_user
    html = Template("{% load tracing_tags %}{% case_tracing case %}").render(
        Context({"request": request, "case": pair.case}))
    assert pair.sought_child.request.reference in html and "match confirmed" in html


def test_a_full_rematch_started_from_the_queue_shows_its_progress(
    client: Any, national_user: Any, make_case: Callable[..., Any], make_request: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_case()
    make_request()
    client.force_login(national_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/tracing/rematch/")
    assert response.status_code == 302
    status = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "done" in status and "hx-trigger" not in status
    assert CandidateMatch.objects.exists()
