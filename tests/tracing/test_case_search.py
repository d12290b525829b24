"""The case list finds a child by a name in another script or spelling: Magomed, Магомед, محمد."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(make_case: Callable[..., Any]) -> dict[str, Any]:
    return {
        "cyrillic": make_case(names=[("Магомед Хасанов", "Cyrl")]),
        "arabic": make_case(names=[("محمد حسن", "Arab")]),
        "latin": make_case(names=[("Magomed Aliev", "Latn")]),
        "other": make_case(names=[("Ибрагим Умаров", "Cyrl"), ("Ibragim Umarov", "Latn")]),
    }


@pytest.mark.parametrize("query", ["Magomed", "Магомед", "محمد"])
def test_each_spelling_finds_the_child_in_every_script(
    client: Any, national_user: Any, cases: dict[str, Any], query: str,
) -> None:
    client.force_login(national_user)
    body = client.get("/cases/", {"q": query}).content.decode()
    for key in ("cyrillic", "arabic", "latin"):
        assert cases[key].reference in body, (query, key)
    assert cases["other"].reference not in body


def test_a_misspelt_latin_name_still_finds_the_cyrillic_one(
    client: Any, national_user: Any, cases: dict[str, Any],
) -> None:
    client.force_login(national_user)
    body = client.get("/cases/", {"q": "Mahomed Khasanov"}).content.decode()
    assert cases["cyrillic"].reference in body
    assert cases["other"].reference not in body
