"""Helpers every domain's access module shares."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404


def one_or_404(qs: QuerySet[Any], pk: int | str, what: str) -> Any:
    """The row ``pk`` of ``qs``, or Http404 alike for a bad id, a missing row and a forbidden one."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        raise Http404(f"No such {what}") from None
    found = qs.filter(pk=number).first()
    if found is None:
        raise Http404(f"No such {what}")
    return found
