"""`homeward synth N` adds N people in families, with cases at every stage, histories, requests
and candidate pairs, and the same names, name keys and search keys the actions would write."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def synthetic(agencies: dict[str, Any], make_user: Any) -> dict[str, Any]:
    admin = make_user("admin", "national", "admin", is_superuser=True)
    call_command("synth", "600", "--seed", "7", verbosity=0)
    return {"admin": admin}


def test_synth_adds_the_people_asked_for_in_families(synthetic: dict[str, Any]) -> None:
    from homeward.people.models import FamilyLink, Person

    kinds = Counter(Person.objects.values_list("kind", flat=True))
    assert 600 <= sum(kinds.values()) < 620
    assert kinds["child"] > 100 and kinds["mother"] == kinds["father"] > 80
    child = Person.objects.filter(kind="child").first()
    relations = set(FamilyLink.objects.filter(person=child).values_list("relation", flat=True))
    assert {"mother", "father", "grandmother"} <= relations


def test_every_child_has_a_case_with_a_history_and_every_stage_is_reached(synthetic: dict[str, Any]) -> None:
    from homeward.cases.models import Case, CaseEvent
    from homeward.people.models import Person

    assert Case.objects.count() == Person.objects.filter(kind="child").count()
    assert set(Case.objects.values_list("stage_id", flat=True).distinct()) >= {"identified", "follow_up", "closed"}
    case = Case.objects.filter(stage_id="ready_to_travel").first()
    kinds = list(case.events.order_by("occurred_at", "id").values_list("kind", flat=True))
    assert kinds[0] == "opened" and "transition" in kinds and "check" in kinds
    assert CaseEvent.objects.filter(case=case, kind="transition").count() == 6
    assert case.checks.filter(done=True).exists()


def test_names_and_keys_are_what_the_actions_would_write(synthetic: dict[str, Any]) -> None:
    from homeward.names import name_keys, normalize
    from homeward.people.models import NameKey, PersonName, SearchKey
    from homeward.people.searchkeys import rows_for

    names = list(PersonName.objects.all())
    scripts = Counter(n.script for n in names)
    assert scripts["Cyrl"] and scripts["Latn"] and scripts["Arab"]
    for name in names:
        assert name.folded == normalize(name.text)[:300], name.text
    stored = Counter(NameKey.objects.values_list("name_id", "key"))
    expected = Counter((n.pk, k[:64]) for n in names for k in set(name_keys(n.text)))
    assert stored == expected
    search = set(SearchKey.objects.values_list("person_id", "key"))
    assert search == rows_for((n.person_id, n.text, n.folded) for n in names)
    # and a child's keys carry its case and reference, as searchkeys.attach_cases leaves them
    from homeward.people.searchkeys import cases_of

    carried = set(SearchKey.objects.values_list("person_id", "case_id", "reference"))
    owners = cases_of(p for p, _c, _r in carried)
    assert carried == {(p, *owners.get(p, (None, ""))) for p, _c, _r in carried}
    assert any(c is not None for _p, c, _r in carried) and any(c is None for _p, c, _r in carried)


def test_requests_seek_the_children_with_candidate_pairs_confirmed_after_kinship(synthetic: dict[str, Any]) -> None:
    from homeward.tracing.models import CandidateMatch, RequestNameKey, TracingRequest

    assert TracingRequest.objects.count() > 50
    assert RequestNameKey.objects.exists()
    confirmed = CandidateMatch.objects.filter(status="confirmed").select_related("case")
    assert confirmed.exists() and CandidateMatch.objects.filter(status="potential").exists()
    for pair in confirmed[:20]:
        assert pair.case.stage_id not in {"identified", "identity_verified"}
        assert pair.family_link is not None and pair.family_link.person_id == pair.case.child_id


def test_a_synthetic_child_is_found_by_search_and_its_creation_audited(
    client: Any, synthetic: dict[str, Any],
) -> None:
    from homeward.audit.models import AuditEntry
    from homeward.cases.models import Case

    case = Case.objects.select_related("child").first()
    cyrillic = case.child.names.filter(script="Cyrl").first() or case.child.names.first()
    client.force_login(synthetic["admin"])
    body = client.get("/cases/", {"q": cyrillic.text}).content.decode()
    assert case.reference in body
    entry = AuditEntry.objects.filter(action="demo.synth.created").get()
    assert entry.data["people"] >= 600


def test_synth_without_an_administrator_says_to_build_the_demo_first(db: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="homeward demo"):
        call_command("synth", "10", verbosity=0)


def test_sealed_fields_are_sealed_and_open_with_their_row_keys(synthetic: dict[str, Any]) -> None:
    from django.db import connection

    from homeward.core import crypto
    from homeward.people.models import Person
    from homeward.tracing.models import TracingRequest

    mother = Person.objects.filter(kind="mother").first()
    assert mother.detention_status in {"sentenced", "detained", "released"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT detention_status FROM people_person WHERE id = %s", [mother.pk])
        assert crypto.is_sealed(cursor.fetchone()[0])
    assert TracingRequest.objects.first().phone.startswith("+7 9")
    assert Person.objects.values("row_key").distinct().count() == Person.objects.count()
