"""Template helpers of the kinship pages."""

from __future__ import annotations

from typing import Any

from django import template

from homeward.accounts import policy
from homeward.kinship.models import format_lr

register = template.Library()


@register.filter
def genetic(user: Any) -> bool:
    """Whether the user may see genetic data (profiles, genotypes, per-marker LRs)."""
    return policy.holds(user, "kinship.genotype.view")


@register.filter
def lr(test: Any) -> str:
    """A test's likelihood ratio for display."""
    return format_lr(getattr(test, "lr", None), getattr(test, "log10_lr", None))


@register.filter
def percent(value: float | None) -> str:
    """A probability as a percentage with enough digits to tell 99.99 % from 100 %."""
    if value is None:
        return "—"
    pct = 100 * value
    if pct >= 99.9999:
        return "> 99.9999 %"
    if pct > 99.9:
        return f"{pct:.4f} %"
    return f"{pct:.2f} %"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` in a template (None when missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
