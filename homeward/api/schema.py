"""What the OpenAPI schema says about answers every operation shares: problems and pages."""

from __future__ import annotations

from functools import cache
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from homeward.api.idempotency import HEADER
from homeward.api.problems import PROBLEM


class ProblemSerializer(serializers.Serializer[Any]):
    """RFC 9457 problem details."""

    type = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    status = serializers.IntegerField(read_only=True)
    detail = serializers.CharField(read_only=True)
    # Not read-only: the schema then marks them optional, as they are (only some problems carry them).
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False,
        help_text="Messages by field (dotted for nested fields).")
    unmet = serializers.ListField(child=serializers.CharField(), required=False,
                                  help_text="Checks still open, when a stage change is refused.")
    duplicates = serializers.ListField(child=serializers.IntegerField(), required=False,
                                       help_text="Ids of the people a new child is probably, when a case is refused.")
    hidden = serializers.IntegerField(required=False, help_text="Probable duplicates out of the token's reach.")


DESCRIPTIONS = {
    400: "The body is not JSON.",
    401: "No valid token (the answer carries WWW-Authenticate: Bearer).",
    403: "The token's role may not do this.",
    404: "No such record, or out of the token's reach (the same answer).",
    409: "The record changed since the version sent, or the action conflicts with its state.",
    422: "The request is not valid; ``errors`` names each field.",
    429: "Over the token's rate limit; retry after Retry-After seconds.",
}


def problems(*codes: int) -> dict[Any, Any]:
    """Problem answers for ``codes``, plus the 400, 401, 403 and 429 every operation can give."""
    out: dict[Any, Any] = {}
    for code in sorted({400, 401, 403, 429, *codes}):
        out[(code, PROBLEM)] = OpenApiResponse(ProblemSerializer, description=DESCRIPTIONS.get(code, ""))
    return out


IDEMPOTENCY = OpenApiParameter(
    HEADER, str, OpenApiParameter.HEADER, required=False,
    description="Any unique string (a UUID): a retry with the same key and request gets the first answer "
                "(Idempotent-Replayed: true) without a second write; with another request, 422.",
)


@cache
def page_of(item: type[serializers.Serializer[Any]]) -> type[serializers.Serializer[Any]]:
    """The serializer of one page of ``item`` rows."""
    name = item.__name__.removesuffix("Serializer") + "PageSerializer"
    fields = {
        "count": serializers.IntegerField(read_only=True),
        "next": serializers.URLField(read_only=True, allow_null=True),
        "previous": serializers.URLField(read_only=True, allow_null=True),
        "results": item(many=True, read_only=True),
    }
    return type(name, (serializers.Serializer,), fields)


class PageQuery(serializers.Serializer[Any]):
    page = serializers.IntegerField(required=False, min_value=1, max_value=10**6, help_text="Page number, from 1.")


class BearerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The token, as the schema tells clients to send it."""

    target_class = "homeward.api.auth.BearerToken"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer",
                "description": "An API token (hw_…) issued by an administrator: `homeward api_token issue`."}
