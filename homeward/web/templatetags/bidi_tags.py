"""Direction-aware bits of text for templates: arrows that point the way the page reads."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language_bidi

from homeward.core.bidi import isolate

register = template.Library()


@register.simple_tag
def arrow() -> str:
    """"→" on a left-to-right page, "←" on a right-to-left one: from the first to the second."""
    return "←" if get_language_bidi() else "→"


@register.filter(name="isolate")
def isolate_filter(text: object) -> str:
    """Text between Unicode isolates, for places where <bdi> cannot go (PDF text, titles)."""
    return isolate(text)


@register.simple_tag
def short_date_format() -> str:
    """The active language's short date format ("d.m.Y"), for the date fields' script."""
    from django.utils.formats import get_format

    return str(get_format("SHORT_DATE_FORMAT"))
