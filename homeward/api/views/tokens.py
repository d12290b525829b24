"""API tokens: administrators list, issue and revoke them; anyone revokes their own."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.api import tokens
from homeward.api.base import ApiView
from homeward.api.models import ApiToken
from homeward.api.pages import paginate
from homeward.api.schema import PageQuery, page_of, problems
from homeward.api.serializers.tokens import (
    IssuedTokenSerializer,
    TokenCreateSerializer,
    TokenSerializer,
)
from homeward.errors import ActionError

TAG = ["tokens"]


class TokenList(ApiView):
    permissions = {"GET": tokens.MANAGE, "POST": tokens.MANAGE}

    @extend_schema(operation_id="token_list_get", tags=TAG, parameters=[PageQuery], responses={200: page_of(TokenSerializer), **problems(403, 404, 422)},
                   summary="Every API token (never the secrets)")
    def get(self, request: Request) -> Response:
        PageQuery(data=request.query_params.dict()).is_valid(raise_exception=True)
        response, _page = paginate(request, ApiToken.objects.select_related("user").order_by("-created_at", "-pk"),
                                   TokenSerializer)
        return response

    @extend_schema(operation_id="token_list_post", tags=TAG, request=TokenCreateSerializer,
                   responses={201: IssuedTokenSerializer, **problems(403, 409, 422)},
                   summary="Issue a token acting as a user; the secret is in this answer only")
    def post(self, request: Request) -> Response:
        body = TokenCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        user = get_user_model().objects.filter(username=data["username"]).first()
        if user is None:
            raise ActionError("No such user.", field_errors={"username": ["No such user."]})
        # Not stored for replay: the answer holds the secret, which is never kept.
        issued = tokens.issue_token(actor=request.user, user=user, name=data["name"],
                                    rate_per_minute=data.get("rate_per_minute", 120),
                                    expires_at=data.get("expires_at"))
        out: dict[str, Any] = dict(TokenSerializer(issued.row).data)
        out["token"] = issued.secret
        return Response(out, status=201)


class TokenDetail(ApiView):
    # Own tokens need no permission; others' need accounts.token.manage (checked by the action).
    permissions = {"DELETE": None}

    @extend_schema(operation_id="token_detail_delete", tags=TAG, responses={200: TokenSerializer, **problems(403, 404)},
                   parameters=[OpenApiParameter("prefix", str, OpenApiParameter.PATH, pattern=r"^hw_[A-Za-z0-9_-]{9}$",
                                                description="The token's prefix, as listed.")],
                   summary="Revoke a token (an administrator any, a user their own)")
    def delete(self, request: Request, prefix: str) -> Response:
        row = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
        from homeward.accounts import policy

        if row is None or (row.user_id != request.user.pk and not policy.holds(request.user, tokens.MANAGE)):
            raise Http404("No such token")
        revoked = tokens.revoke_token(actor=request.user, token=row)
        return Response(TokenSerializer(revoked).data)
