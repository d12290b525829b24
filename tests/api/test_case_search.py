"""The API's name search: the case list's ranked matches, paged, filtered, within the token's reach."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework.test import APIClient

from homeward.cases.models import Case
from homeward.cases.queries import search_cases
from homeward.cases.ranking import rank_search


def _ids(client: APIClient, **params: Any) -> tuple[list[int], dict[str, Any]]:
    body = client.get("/api/cases/", params).json()
    return [c["id"] for c in body["results"]], body


def test_a_search_lists_the_ranked_matches_in_the_pages_order(api: APIClient, make_case: Callable[..., Any]) -> None:
    written = [make_case(names=[(f"Хасанов Магомед {i}", "Cyrl")]) for i in range(3)]
    other = make_case(names=[("Khasanov Ahmed", "Latn")])
    make_case(names=[("Алиев Ахмед", "Cyrl")])
    ids, body = _ids(api, q="Хасанов")
    assert ids == rank_search(Case.objects.all(), "Хасанов", 1001).ids
    assert set(ids) == set(search_cases(Case.objects.all(), "Хасанов").values_list("pk", flat=True))
    assert ids[:3] == sorted(c.pk for c in written) and other.pk in ids
    assert body["count"] == len(ids)


def test_filters_apply_before_the_ranking_and_pages_follow(api: APIClient, make_case: Callable[..., Any]) -> None:
    for i in range(55):
        make_case(names=[(f"Умаров Ислам {i}", "Cyrl")], region="CE")
    elsewhere = make_case(names=[("Умаров Ислам", "Cyrl")], region="DA")
    first, body = _ids(api, q="Умаров", home_region="CE")
    assert len(first) == 50 and body["count"] == 55 and body["next"]
    second, _body = _ids(api, q="Умаров", home_region="CE", page=2)
    assert len(second) == 5 and not set(first) & set(second)
    assert elsewhere.pk not in first + second
    assert _ids(api, q="Zzyzx")[0] == []


def test_a_search_stays_within_the_tokens_reach(make_user: Any, make_case: Callable[..., Any],
                                               api_for: Callable[..., APIClient]) -> None:
    mine = make_case(names=[("Идрисов Адам", "Cyrl")], region="CE")
    make_case(names=[("Идрисов Адам", "Cyrl")], region="DA")
    zarema = api_for(make_user("zarema", "chechnya", "social_worker"))
    assert _ids(zarema, q="Идрисов")[0] == [mine.pk]
