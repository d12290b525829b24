"""Case search reads one key table for any number of words, ranks names as written first, caps long
queries with a message, and a nonsense word matches nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(make_case: Callable[..., Any]) -> dict[str, Any]:
    return {
        # Only a spelling- and script-tolerant match for "Хасанов"
        "latin": make_case(names=[("Magomed Khasanov", "Latn")]),
        # A match as written
        "cyrillic": make_case(names=[("Хасанов Магомед", "Cyrl")]),
        "arabic": make_case(names=[("محمد حسن", "Arab")]),
        "other": make_case(names=[("Ибрагим Умаров", "Cyrl"), ("Ibragim Umarov", "Latn")]),
        "short": make_case(names=[("Isa Sasaev", "Latn"), ("Иса Сасаев", "Cyrl")]),
    }


def references(body: str, found: dict[str, Any]) -> list[str]:
    """The keys of ``found`` in the order their references appear in ``body``."""
    at = {key: body.find(case.reference) for key, case in found.items()}
    return [key for key, pos in sorted(at.items(), key=lambda kv: kv[1]) if pos >= 0]


def test_names_as_written_come_before_other_spellings(client: Any, national_user: Any, cases: dict[str, Any]) -> None:
    client.force_login(national_user)
    body = client.get("/cases/", {"q": "Хасанов"}).content.decode()
    # Хасанов is built on Hasan, so حسن matches too: after the name as written, by reference
    assert references(body, cases) == ["cyrillic", "latin", "arabic"]
    body = client.get("/cases/", {"q": "Khasanov"}).content.decode()
    assert references(body, cases) == ["latin", "cyrillic", "arabic"]


def test_every_word_must_match_a_name(client: Any, national_user: Any, cases: dict[str, Any]) -> None:
    client.force_login(national_user)
    body = client.get("/cases/", {"q": "Magomed Umarov"}).content.decode()
    assert references(body, cases) == []
    body = client.get("/cases/", {"q": "Ибрагим Umarov"}).content.decode()
    assert references(body, cases) == ["other"]


def test_a_prefix_of_three_letters_finds_the_name_it_begins(client: Any, national_user: Any, cases: dict[str, Any]) -> None:
    client.force_login(national_user)
    body = client.get("/cases/", {"q": "Ибраг"}).content.decode()
    assert references(body, cases) == ["other"]


@pytest.mark.parametrize("nonsense", ["Zzyzx", "Qwxz", "zzz"])
def test_a_nonsense_word_matches_nothing(client: Any, national_user: Any, cases: dict[str, Any], nonsense: str) -> None:
    client.force_login(national_user)
    body = client.get("/cases/", {"q": nonsense}).content.decode()
    assert references(body, cases) == []
    assert "0 cases" in body


def test_a_search_of_200_words_answers_with_a_message_and_one_key_scan(
    client: Any, national_user: Any, cases: dict[str, Any],
) -> None:
    client.force_login(national_user)
    query = " ".join(f"Хасанов{i}" for i in range(200))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/cases/", {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "only its first 200 characters were searched" in body or "Only the first 6 words" in body
    key_reads = [q["sql"] for q in ctx.captured_queries if "people_searchkey" in q["sql"]]
    # the ranked matches: as written by every word, then every match; each statement reads one
    # range of the children's keys per condition of a word (at most two: as written, tolerant), and
    # nothing else (no case, no person: the keys carry the case and its reference)
    assert 1 <= len(key_reads) <= 2, key_reads
    for sql in key_reads:
        assert sql.count('FROM "people_searchkey"') <= 2 * 6 and "JOIN" not in sql, sql
        assert '"cases_case"' not in sql and '"people_person"' not in sql, sql
        assert '"people_searchkey"."case_id" IS NOT NULL' in sql, sql  # the partial index's condition


def test_many_words_within_the_cap_use_one_scan_of_the_keys(
    client: Any, national_user: Any, cases: dict[str, Any],
) -> None:
    from homeward.cases.models import Case
    from homeward.cases.queries import search_cases

    sql = str(search_cases(Case.objects.all(), "Хасанов Магомед Русланович Али Умар Иса").query)
    # one join of the key table, whose rows mark both the matches and the matches as written
    assert sql.count('JOIN "people_searchkey"') == 1 and 'FROM "people_searchkey"' not in sql
    assert "EXISTS" not in sql.upper() and sql.upper().count("SELECT") == 1


def test_a_50000_character_query_is_cut_not_an_error(client: Any, national_user: Any, cases: dict[str, Any]) -> None:
    client.force_login(national_user)
    response = client.get("/cases/", {"q": "Хасанов " + "ж" * 50_000})
    assert response.status_code == 200
    assert "only its first 200 characters were searched" in response.content.decode()


def test_the_count_is_exact_up_to_the_cap_and_an_estimate_past_it(
    client: Any, national_user: Any, cases: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from homeward.core.paging import CappedPaginator

    client.force_login(national_user)
    assert "5 cases" in client.get("/cases/").content.decode()
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    body = client.get("/cases/").content.decode()
    assert "about" in body and "an estimate: more than 3" in body
