"""Every route of the project, for every demo role, answers as the policy table says.

The routes come from the URL resolver, not a hand list: a route whose view declares no gate
fails. For each route and role the expected answer is computed from accounts/policy.py (403
when the role does not hold the permission) and from the hand-written reach of each role in
conftest.py (404 for a record out of reach, exactly like a missing one); otherwise the page
works (any answer but 403, 404 or a server error). Each route is tried with a record of family
A and of family B, so every role meets records both in and out of its reach.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from homeward.accounts import policy
from homeward.accounts.gate import ByArg, Gate
from tests.architecture.conftest import ORDER, REACH, World

# Values for URL arguments that are not record ids.
SLUGS = {"code": "consular_interview", "key": "stage", "fmt": "csv", "kind": "child_views", "sheet_kind": "cases"}
ADMIN_PREFIX = "admin/"


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    gate: Gate | None
    args: tuple[str, ...]
    choice: tuple[str, str] | None  # (argument, value) for a route that does several things

    @property
    def label(self) -> str:
        return f"{self.name}[{self.choice[1]}]" if self.choice else self.name


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> list[tuple[str, str, Any]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = ":".join(x for x in (namespace, entry.namespace or "") if x)
            found += _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = ":".join(x for x in (namespace, entry.name or "") if x)
            found.append((prefix + str(entry.pattern), name, entry.callback))
    return found


def all_patterns() -> list[tuple[str, str, Any]]:
    return _walk(get_resolver())


def routes() -> list[Route]:
    out = []
    for pattern, name, callback in all_patterns():
        if pattern.startswith(ADMIN_PREFIX):
            continue
        gate: Gate | None = getattr(callback, "gate", None)
        args = tuple(re.findall(r"<(?:\w+:)?(\w+)>", pattern))
        if gate is not None and isinstance(gate.permission, ByArg):
            for value in gate.permission.permissions:
                out.append(Route(name, pattern, gate, args, (gate.permission.arg, value)))
        else:
            out.append(Route(name, pattern, gate, args, None))
    return out


ROUTES = routes()


def test_every_route_declares_its_gate() -> None:
    missing = [r.label for r in ROUTES if r.gate is None]
    assert missing == [], f"routes without @gate / open_route / api_endpoint: {missing}"


def test_every_admin_route_is_the_admin_sites_own() -> None:
    """Under /admin/ there is only the admin site, which lets staff in and sends others to log in."""
    from django.contrib import admin

    under_admin = {name for p, name, _c in all_patterns() if p.startswith(ADMIN_PREFIX)}
    own = {name for _p, name, _c in _walk(URLResolver(re.compile(""), admin.site.get_urls()), "", "admin")}
    assert under_admin and under_admin <= own


def _kwargs(route: Route, world: World, family: int) -> tuple[dict[str, Any], set[str]] | None:
    kwargs: dict[str, Any] = {}
    tags: set[str] = set()
    for arg in route.args:
        if route.choice and arg == route.choice[0]:
            kwargs[arg] = route.choice[1]
            continue
        if arg in SLUGS:
            kwargs[arg] = SLUGS[arg]
            continue
        key = "home_case_id" if arg == "case_id" and route.name.startswith("aftercare:") else arg
        options = world.args[key]
        if family >= len(options):
            return None
        value, value_tags = options[family]
        kwargs[arg] = value
        tags |= value_tags
    return kwargs, tags


def _may_tick(user: Any, kwargs: dict[str, Any]) -> bool:
    """The workflow data's own rule: which roles tick this check (cases.Requirement.roles)."""
    from homeward.cases.models import Requirement

    requirement = Requirement.objects.filter(code=kwargs["code"]).first()
    return requirement is not None and policy.may_take(user, requirement.roles)


# Routes whose permission is refined by workflow data, read here from the data itself.
DATA_RULES = {"case-check": _may_tick}


def expected(route: Route, username: str, user: Any, tags: set[str], kwargs: dict[str, Any]) -> str:
    assert route.gate is not None
    needed = route.gate.permission_for(kwargs)
    if needed is None:
        return "ok"
    if not policy.holds(user, needed):
        return "403"
    if not tags <= REACH[username]:
        return "404"
    rule = DATA_RULES.get(route.name)
    if rule is not None and not rule(user, kwargs):
        return "403"
    return "ok"


def answer(status: int) -> str:
    if status >= 500:
        return f"server error {status}"
    return {403: "403", 404: "404"}.get(status, "ok")


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.gate is not None and not r.gate.public],
                         ids=lambda r: r.label)
def test_route_answers_every_role_as_the_policy_says(route: Route, world: World) -> None:
    method = "get" if "GET" in route.gate.methods else "post"  # type: ignore[union-attr]
    wrong = []
    clients = {}
    for username in ORDER:
        clients[username] = Client()
        clients[username].force_login(world.users[username])
    seen = set()
    for family in (0, 1):
        built = _kwargs(route, world, family)
        if built is None:
            continue
        kwargs, tags = built
        url = reverse(route.name, kwargs=kwargs)
        if url in seen:
            continue
        seen.add(url)
        anonymous = getattr(Client(), method)(url)
        if anonymous.status_code not in (302, 401, 403) or (
                anonymous.status_code == 302 and "/login/" not in anonymous["Location"]):
            wrong.append(f"anonymous {method.upper()} {url}: {anonymous.status_code}")
        for username in ORDER:
            user = world.users[username]
            client = clients[username]
            # each attempt is undone, so one role's success never changes what the next one meets
            with transaction.atomic():
                got = answer(getattr(client, method)(url).status_code)
                transaction.set_rollback(True)
            want = expected(route, username, user, tags, kwargs)
            if got != want:
                wrong.append(f"{username} {method.upper()} {url}: {got}, policy says {want}")
    assert wrong == []


@pytest.mark.django_db
def test_admin_site_is_for_staff_only(world: World) -> None:
    from django.contrib import admin

    urls = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
    ]
    for username in ORDER:
        client = Client()
        client.force_login(world.users[username])
        for url in urls:
            status = client.get(url).status_code
            if world.users[username].is_staff:
                assert status == 200, (username, url, status)
            else:
                assert status == 302, (username, url, status)
