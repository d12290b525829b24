"""Reads across cases, people and names (the pages and the API call these, through access.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    ExpressionWrapper,
    IntegerField,
    Max,
    Q,
    QuerySet,
    When,
)

from homeward.cases.models import Case as CaseRecord
from homeward.people.searchkeys import KEY_LENGTH, tolerant_keys, word_key

AGE_BANDS: dict[str, tuple[int, int]] = {
    "0-2": (0, 2), "3-5": (3, 5), "6-9": (6, 9), "10-13": (10, 13), "14-17": (14, 17), "18+": (18, 200),
}


MAX_QUERY_CHARS = 200
MAX_WORDS = 6
PREFIX_FROM = 3  # a word of three letters or more also finds the names it begins


@dataclass(frozen=True)
class SearchTerms:
    """A query cut to what search reads: its folded words, and what was left out."""

    words: tuple[str, ...]
    notice: str = ""


def search_terms(query: str) -> SearchTerms:
    """The words of ``query`` that search reads, within the length and word caps."""
    from django.utils.translation import gettext as _

    from homeward.names import normalize

    query = query.strip()
    notice = ""
    if len(query) > MAX_QUERY_CHARS:
        query = query[:MAX_QUERY_CHARS]
        notice = _("The search was too long: only its first %(n)d characters were searched.") % {
            "n": MAX_QUERY_CHARS}
    words = tuple(dict.fromkeys(w for w in normalize(query).split() if w))
    if len(words) > MAX_WORDS:
        notice = _("Only the first %(n)d words of the search were used: a name rarely has more.") % {
            "n": MAX_WORDS}
        words = words[:MAX_WORDS]
    return SearchTerms(words, notice)


def exact_match(word: str, path: str = "key") -> Q:
    key = word_key(word)
    if len(word) < PREFIX_FROM or len(key) >= KEY_LENGTH:
        return Q(**{path: key})
    if connection.vendor == "postgresql":
        return Q(**{f"{path}__startswith": key})  # LIKE 'w:...%' on the pattern-ops index
    return Q(**{f"{path}__gte": key, f"{path}__lt": key + "\U0010ffff"})  # the same range on SQLite's binary order


def tolerant_match(word: str, path: str = "key") -> Q:
    condition = exact_match(word, path)
    keys = sorted(tolerant_keys(word))
    if keys:
        condition |= Q(**{f"{path}__in": keys})
    return condition


KEY = "search_keys__key"


def search_cases(cases: QuerySet[CaseRecord], query: str) -> QuerySet[CaseRecord]:
    """Cases whose child has a name matching every word of ``query``, in any script.

    A word matches a name that has it (or, from three letters, a word it begins) as written, or
    that shares a distinctive spelling- and script-independent key with it (so "Magomed" finds
    "Магомед" and "محمد"). Children matched as written by every word come first, then by
    reference. At most MAX_WORDS words of at most MAX_QUERY_CHARS characters are read.

    The matches are read first, whatever their number of words: one scan of the SearchKey index
    for every key of every word, joined to the children's cases and grouped per case, each word
    marked as matched (as written or not) in the same pass. The order then depends on those
    marks, so PostgreSQL cannot walk every case in reference order and probe its keys one case
    at a time (what it did when the rank was a second subquery: seconds for a rare name).
    """
    terms = search_terms(query)
    if not query.strip():
        return cases
    if not terms.words:
        return cases.none()
    tolerant = [tolerant_match(w, KEY) for w in terms.words]
    anyof = Q()
    for c in tolerant:
        anyof |= c
    marks: dict[str, Any] = {}
    for i, word in enumerate(terms.words):
        # 2 where the word matches as written, 1 where only a tolerant key matches
        marks[f"search_w{i}"] = Max(Case(When(exact_match(word, KEY), then=2), When(tolerant[i], then=1),
                                         default=0, output_field=IntegerField()))
    exact: Any = None
    for name in marks:
        part = Case(When(**{name: 2}, then=1), default=0, output_field=IntegerField())
        exact = part if exact is None else exact * part
    return (cases.filter(anyof).annotate(**marks).filter(**{f"{m}__gte": 1 for m in marks})
            .annotate(exact_name=ExpressionWrapper(exact, output_field=IntegerField()))
            .order_by("-exact_name", "reference"))


def filter_age_band(cases: QuerySet[CaseRecord], band: str, today: dt.date) -> QuerySet[CaseRecord]:
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
