"""API tokens as the API shows them (never the secret, except once when issued)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class TokenSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    user = serializers.CharField(source="user.username", read_only=True)
    prefix = serializers.CharField(read_only=True, help_text="The token's first characters, to recognise it.")
    rate_per_minute = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True, allow_null=True)
    last_used_at = serializers.DateTimeField(read_only=True, allow_null=True)
    revoked_at = serializers.DateTimeField(read_only=True, allow_null=True)


class IssuedTokenSerializer(TokenSerializer):
    token = serializers.CharField(read_only=True, help_text="The secret: shown this once, never stored.")


class TokenCreateSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150, help_text="The user (or integration's service user) it acts as.")
    name = serializers.CharField(max_length=100, help_text="What it is for.")
    rate_per_minute = serializers.IntegerField(required=False, min_value=1, max_value=100_000)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)
