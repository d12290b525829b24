"""The gate on every route: each view names the permission it needs, from the policy table.

``@gate("cases.case.view")`` logs the user in first (anonymous users go to the login page), then
answers 403, saying what the role may not do, when the user does not hold the permission. The
records themselves come through each domain's ``access.py``, where a record out of the user's
scope answers 404 like a missing one. The route-by-role matrix test reads the ``gate`` attribute
every view carries, so a route without a declared permission fails the test.

Routes that do several things (``/flights/<id>/<what>/``) name a permission per value of a URL
argument: ``@gate(by_arg("what", {"confirm": "movements.flight.manage", ...}))``; an unknown value
is a 404.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from homeward.accounts import policy

V = TypeVar("V", bound=Callable[..., HttpResponse])


@dataclass(frozen=True)
class ByArg:
    """A permission chosen by the value of the URL argument ``arg``."""

    arg: str
    permissions: Mapping[str, str]


@dataclass(frozen=True)
class Gate:
    """What a route needs: a permission (or one per URL argument value) and the methods it serves."""

    permission: str | ByArg | None
    methods: tuple[str, ...] = ("GET",)
    public: bool = False
    notes: dict[str, Any] = field(default_factory=dict)

    def permission_for(self, kwargs: Mapping[str, Any]) -> str | None:
        if isinstance(self.permission, ByArg):
            value = str(kwargs.get(self.permission.arg, ""))
            if value not in self.permission.permissions:
                raise Http404("No such action")
            return self.permission.permissions[value]
        return self.permission

    def permissions(self) -> list[str]:
        if isinstance(self.permission, ByArg):
            return sorted(set(self.permission.permissions.values()))
        return [self.permission] if self.permission else []


def by_arg(arg: str, permissions: Mapping[str, str]) -> ByArg:
    for name in permissions.values():
        if name not in policy.TABLE:
            raise KeyError(f"unknown permission {name!r}")
    return ByArg(arg, dict(permissions))


def gate(permission: str | ByArg, *, methods: tuple[str, ...] = ("GET",)) -> Callable[[V], V]:
    """Declare and enforce the permission a view needs (see the module docstring)."""
    if isinstance(permission, str) and permission not in policy.TABLE:
        raise KeyError(f"unknown permission {permission!r}: add it to accounts/policy.py")
    spec = Gate(permission, tuple(m.upper() for m in methods))

    def decorate(view: V) -> V:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in spec.methods and request.method not in ("HEAD", "OPTIONS"):
                from django.http import HttpResponseNotAllowed

                return HttpResponseNotAllowed(spec.methods)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            needed = spec.permission_for(kwargs)
            if needed is not None and not policy.holds(request.user, needed):
                raise PermissionDenied(policy.refusal(needed))
            return view(request, *args, **kwargs)

        wrapped.gate = spec  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


def open_route(view: Any) -> Any:
    """Mark a route anyone may reach (the login page, the language switch)."""
    view.gate = Gate(None, ("GET", "POST"), public=True)
    return view


def signed_in(*, methods: tuple[str, ...] = ("GET",)) -> Callable[[V], V]:
    """A route any signed-in user may reach (the home page): it holds no record itself."""
    spec = Gate(None, tuple(methods))

    def decorate(view: V) -> V:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)

        wrapped.gate = spec  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


def api_gate(permission: str | None, *, methods: tuple[str, ...] = ("GET",)) -> Callable[[V], V]:
    """The gate for a REST view function (inside ``@api_view``): a JSON 403 naming what the role may
    not do. ``None``: any signed-in user. Mark the routed view with :func:`mark_api` too."""
    if permission is not None and permission not in policy.TABLE:
        raise KeyError(f"unknown permission {permission!r}")

    def decorate(view: V) -> V:
        @functools.wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            from rest_framework.exceptions import NotAuthenticated
            from rest_framework.exceptions import PermissionDenied as ApiDenied

            if not request.user.is_authenticated:
                raise NotAuthenticated()
            if permission is not None and not policy.holds(request.user, permission):
                raise ApiDenied(policy.refusal(permission))
            return view(request, *args, **kwargs)

        wrapped.gate = Gate(permission, tuple(methods))  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


def api_endpoint(permission: str | None, *, methods: tuple[str, ...] = ("GET",)) -> Callable[[Any], Any]:
    """``@api_view(methods)`` with the gate inside it and the gate's declaration on the routed view."""

    def decorate(view: Any) -> Any:
        from rest_framework.decorators import api_view

        routed = api_view(list(methods))(api_gate(permission, methods=methods)(view))
        routed.gate = Gate(permission, tuple(methods))  # type: ignore[attr-defined]
        return routed

    return decorate
