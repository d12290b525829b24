"""Reads across cases, people and names (the pages and the API call these, through access.py)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet

from homeward.cases.models import Case
from homeward.people.models import NameKey, PersonName

AGE_BANDS: dict[str, tuple[int, int]] = {
    "0-2": (0, 2), "3-5": (3, 5), "6-9": (6, 9), "10-13": (10, 13), "14-17": (14, 17), "18+": (18, 200),
}


def search_cases(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    """Cases whose child has a name matching ``query`` in any script.

    A name matches when its folded form contains the folded query (so a Cyrillic query finds the
    Cyrillic name), or when every word of the query shares a spelling- and script-independent key
    with one of the child's names (so "Magomed" finds "Магомед" and "محمد").
    """
    from homeward.names import name_keys, normalize

    query = query.strip()
    if not query:
        return cases
    folded = normalize(query)
    plain = PersonName.objects.filter(person_id=OuterRef("child_id"), folded__contains=folded)
    condition = Q(Exists(plain))
    cases = cases.annotate(exact_name=Exists(plain))
    words = [w for w in folded.split() if w]
    if words:
        tolerant = Q()
        for word in words:
            keys = sorted(name_keys(word))
            if not keys:
                tolerant = Q(pk__in=[])
                break
            tolerant &= Q(Exists(NameKey.objects.filter(name__person_id=OuterRef("child_id"), key__in=keys)))
        condition |= tolerant
    # Names containing the query as typed come first; spelling- and script-tolerant hits follow.
    return cases.filter(condition).order_by("-exact_name", "reference")


def filter_age_band(cases: QuerySet[Case], band: str, today: dt.date) -> QuerySet[Case]:
    """Children whose age today (estimated dates at their middle) falls in ``band``."""
    if band not in AGE_BANDS:
        return cases
    lo, hi = AGE_BANDS[band]
    # born after (today - (hi+1) years) and on or before (today - lo years)
    latest = _years_before(today, lo)
    earliest = _years_before(today, hi + 1) + dt.timedelta(days=1)
    return cases.filter(child__birth_date__gte=earliest, child__birth_date__lte=latest)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def estimated_birth(apparent_age: int, today: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """(middle, earliest, latest) birth dates of a child who looks ``apparent_age`` today.

    The middle is half a year before the birthday that gives that age; the range is a year either
    side, never after today. Safe on any day (29 February, month ends).
    """
    mid = _years_before(today, apparent_age) - dt.timedelta(days=182)
    lo = _years_before(mid, 1)
    hi = min(_years_before(mid, -1), today)
    return mid, lo, hi
