"""The base of every API view: tokens, the policy table, rate limits, problem answers; and the
route helper that declares each view's gate for the route-by-role test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.http import Http404
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from homeward.accounts.gate import Gate
from homeward.api import idempotency, problems
from homeward.api.auth import BearerToken, Policy, Session, TokenRate

# The largest id a database integer column holds; anything past it is a missing record.
MAX_ID = 2**63 - 1


def record_id(value: Any, what: str) -> int:
    """A URL's record id, or 404 like a missing record (never a server error on ``99999…``)."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise Http404(f"No such {what}") from None
    if not 1 <= number <= MAX_ID:
        raise Http404(f"No such {what}")
    return number


def client_ip(request: Request) -> str | None:
    return request.META.get("REMOTE_ADDR")


class ApiView(APIView):
    """``permissions`` names, per HTTP method, the permission of the policy table it needs."""

    authentication_classes = [BearerToken, Session]
    permission_classes = [Policy]
    throttle_classes = [TokenRate]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    permissions: ClassVar[dict[str, str | None]] = {}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Read the body once, so the idempotency digest and the parser both see it.
        _ = request._request.body
        super().initial(request, *args, **kwargs)

    def get_exception_handler(self) -> Callable[[Exception, dict[str, Any]], Response | None]:
        return problems.handler

    def write(self, request: Request, action: Callable[[], Response]) -> Response:
        """Run a write once per ``Idempotency-Key``, its refusals as problems."""
        return idempotency.perform(request, action)


def route(view: type[ApiView]) -> Any:
    """The view's callable for ``path()``, carrying its gate: the GET permission if it reads,
    else the one method's (the route-by-role test tries a route with GET if it has one)."""
    callback = view.as_view()
    methods = tuple(view.permissions)
    main = view.permissions.get("GET", view.permissions[methods[0]])
    callback.gate = Gate(main, methods)  # type: ignore[attr-defined]
    return callback
