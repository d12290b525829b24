"""A person's names as the pages show them: each in its script's language, isolated, joined by " · ".

A tag, not an included template: lists of cases show a child's names on every row, and an include
per row costs more than the rest of the row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

LANGS = {"Arab": "ar", "Cyrl": "ru"}


def _part(name: Any, key: str) -> Any:
    return name.get(key, "") if isinstance(name, dict) else getattr(name, key, "")


@register.simple_tag
def names(items: Iterable[Any] | None) -> SafeString:
    """``<span class="name script-Cyrl" lang="ru"><bdi>…</bdi></span> · …`` for each name."""
    shown = []
    for name in items or []:
        script = _part(name, "script")
        shown.append(format_html('<span class="name script-{}" lang="{}"><bdi>{}</bdi></span>', script,
                                 LANGS.get(str(script), "und-Latn"), _part(name, "text")))
    return mark_safe(" · ".join(shown))  # noqa: S308 - every part is escaped by format_html
