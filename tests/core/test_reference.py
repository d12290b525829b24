"""The reference tables a server process keeps: read once, read again as soon as one changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from homeward.cases.models import Requirement, Stage
from homeward.cases.workflow import stages
from homeward.core import reference as kept_tables

WORKFLOW_TABLES = ("cases_stage", "cases_requirement", "cases_transition", "cases_hostrule", "casework_formkind")


def _reads(queries: CaptureQueriesContext, table: str) -> int:
    return sum(f'FROM "{table}"' in q["sql"] for q in queries.captured_queries)


@pytest.fixture
def case_page(national_user: Any, make_case: Callable[..., Any]) -> tuple[Client, str]:
    client = Client()
    client.force_login(national_user)
    case = make_case()
    url = f"/cases/{case.pk}/"
    assert client.get(url).status_code == 200
    return client, url


@pytest.mark.django_db
def test_a_second_case_page_reads_no_workflow_table_and_the_token_once(case_page: tuple[Client, str]) -> None:
    client, url = case_page
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert {t: _reads(second, t) for t in WORKFLOW_TABLES} == dict.fromkeys(WORKFLOW_TABLES, 0)
    assert _reads(second, "homeward_core_referencegeneration") == 1
    # the user's agency, for the permission checks, is kept too
    assert _reads(second, "accounts_agency") <= 1


@pytest.mark.django_db
def test_a_renamed_stage_and_a_new_check_show_on_the_next_page(case_page: tuple[Client, str]) -> None:
    client, url = case_page
    stage = Stage.objects.get(code="kinship_verified")
    stage.name = "Kinship confirmed by the laboratory"
    stage.save()
    Requirement.objects.create(stage=stage, code="lab-letter", label="Laboratory's covering letter", order=99)
    html = client.get(url).content.decode()
    assert "Kinship confirmed by the laboratory" in html
    assert "Laboratory&#x27;s covering letter" in html or "Laboratory's covering letter" in html


@pytest.mark.django_db
def test_a_deleted_check_is_gone_from_the_next_page(case_page: tuple[Client, str]) -> None:
    client, url = case_page
    requirement = Requirement.objects.filter(stage__code="identity_verified").first()
    assert requirement is not None and str(requirement.label) in client.get(url).content.decode()
    Requirement.objects.filter(pk=requirement.pk).delete()
    assert str(requirement.label) not in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_what_a_rolled_back_change_showed_is_not_kept(reference: None) -> None:
    before = kept_tables.token()
    original = stages()[0].name
    with pytest.raises(RuntimeError), transaction.atomic():
        first = Stage.objects.get(pk=stages()[0].pk)
        first.name = "A name that never commits"
        first.save()
        assert stages()[0].name == "A name that never commits"  # the change's own transaction sees it
        raise RuntimeError("rolled back")
    assert kept_tables.token() == before
    assert stages()[0].name == original


@pytest.mark.django_db
def test_migrate_gives_a_new_token(reference: None) -> None:
    kept_tables.changed()
    before = kept_tables.token()
    call_command("migrate", verbosity=0)
    assert kept_tables.token() != before


@pytest.mark.django_db
def test_outside_a_request_every_use_reads_the_token(reference: None) -> None:
    stages()
    with CaptureQueriesContext(connection) as again:
        stages()
        stages()
    assert _reads(again, "homeward_core_referencegeneration") == 2
    assert _reads(again, "cases_stage") == 0
