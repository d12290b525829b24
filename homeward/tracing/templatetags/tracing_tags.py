"""``{% case_tracing case %}``: the relatives' requests linked to a case, for the case page."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("tracing/_case_requests.html", takes_context=True)
def case_tracing(context: dict[str, Any], case: Any) -> dict[str, Any]:
    """Confirmed and potential pairs of the case, among those the user may see."""
    from homeward.tracing.access import candidates_visible_to
    from homeward.tracing.models import CandidateMatch
    from homeward.tracing.queries import confirmed_for_case

    request = context.get("request")
    user = getattr(request, "user", None)
    pairs = list(confirmed_for_case(case.pk, candidates_visible_to(user)).prefetch_related(
        "sought_child__names").exclude(status=CandidateMatch.Status.REJECTED)) if user is not None else []
    return {
        "case": case,
        "confirmed": [p for p in pairs if p.status == CandidateMatch.Status.CONFIRMED],
        "potential": [p for p in pairs if p.status == CandidateMatch.Status.POTENTIAL],
    }
