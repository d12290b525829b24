"""Small facts about a request that views share."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx made the request (django-htmx's middleware sets ``is_htmx(request)``)."""
    return bool(getattr(request, "htmx", False))
