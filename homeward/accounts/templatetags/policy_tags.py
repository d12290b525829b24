"""``{% if user|may:"tracing.request.view" %}``: pages show only what the user's role may do."""

from __future__ import annotations

from typing import Any

from django import template

from homeward.accounts import policy

register = template.Library()


@register.filter
def may(user: Any, permission: str) -> bool:
    return policy.holds(user, permission)
