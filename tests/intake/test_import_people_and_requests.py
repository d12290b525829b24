"""Importing lists of relatives' requests and of mothers linked to imported children."""

from __future__ import annotations

from typing import Any

from homeward.imports import actions
from homeward.people.models import FamilyLink, Person
from homeward.tracing.models import TracingRequest
from tests.intake import sheets


def _run(actor: Any, kind: str, data: bytes, name: str = "list.csv") -> Any:
    batch = actions.run_preview(actions.upload(actor=actor, kind=kind, filename=name, data=data).pk)
    return batch, actions.commit(actor=actor, batch=batch)


def test_requests_are_filed_once_and_a_bad_relation_is_refused(admin_user: Any) -> None:
    header = ["external_id", "requester_name", "relation", "region", "received_on", "child_name", "child_sex",
              "child_birth", "mother_name"]
    rows = [["Q1", "Хасанова Зарема", "grandmother", "Чечня", "2019-01-15", "Хасанова Амина", "F", "2014",
             "Хасанова Мадина"],
            ["Q2", "Алиева Роза", "neighbour", "Дагестан", "2019-01-16", "Алиев Адам", "M", "2013-2015", ""]]
    batch, result = _run(admin_user, "requests", sheets.csv_bytes(rows, header))
    assert [v["verdict"] for v in batch.verdicts] == ["create", "refused"]
    assert batch.verdicts[1]["errors"][0]["column"] == "relation"
    assert TracingRequest.objects.count() == 1
    _batch, again = _run(admin_user, "requests", sheets.csv_bytes(rows, header))
    assert again.created == [] and TracingRequest.objects.count() == 1


def test_a_mother_is_linked_to_the_imported_child_by_its_source_id(admin_user: Any) -> None:
    _run(admin_user, "cases", sheets.xlsx(sheets.children_rows(2, broken={})), "children.xlsx")
    header = ["external_id", "name", "kind", "child_external_id", "relation"]
    rows = [["M-1", "Umarova Kheda", "mother", "C-1", "mother"], ["M-2", "Umarova Liza", "aunt?", "C-9", ""]]
    batch, _result = _run(admin_user, "people", sheets.csv_bytes(rows, header))
    assert [v["verdict"] for v in batch.verdicts] == ["create", "refused"]
    kheda = Person.objects.get(names__text="Umarova Kheda")
    assert FamilyLink.objects.get(relative=kheda).relation == "mother"
