"""Place names in the active language."""

from __future__ import annotations

from django import template

from homeward.places.models import city_name

register = template.Library()


@register.filter
def city(text: str) -> str:
    """A city named in English (a flight's origin, a facility's city) in the active language."""
    return city_name(text or "")
