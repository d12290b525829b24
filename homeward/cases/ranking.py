"""The case list's search: the first matches of ``queries.search_cases``, in its order, read from
the children's name keys alone.

Every key of a child carries the child's case and its reference, and the children's keys have a
partial index of their own, ordered by (key, reference, case). So a search never visits a case or
a person, and its first page is read in order and stops early:

1. the cases matched as written by every word come first. For one word, each key it stands for
   (a prefix stands for the few keys it begins, found by skipping through the index) is read
   in reference order and the reads are merged, stopping at the limit: a few pages of the index,
   however common the name. For several words, the cases of every word but the first are hashed
   (their ids alone) and the first word's keys probe them.
2. every other match (a spelling- or script-tolerant key) is read only when the page asked for
   lies beyond the matches as written. Until then the count says "at least".

PostgreSQL plans the early stops; SQLite (demo sizes) reads the same rows and sorts them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from homeward.cases.models import Case
from homeward.cases.queries import PREFIX_FROM, exact_match, search_terms
from homeward.core.paging import plan_rows, planner_estimate
from homeward.people.models import SearchKey
from homeward.people.searchkeys import KEY_LENGTH, tolerant_keys, word_key

MAX_PREFIX_KEYS = 32  # a prefix standing for more keys than this is read as one range and sorted


@dataclass(frozen=True)
class Ranked:
    """The first matches of a search in the case list's order, and how many there are."""

    ids: list[int]
    exact: frozenset[int]  # those matched as written by every word
    total: int  # exact unless ``more`` or ``partial``
    more: bool  # at least ``limit`` matches: ``total`` is the planner's estimate
    partial: bool = False  # the other spellings were not read: ``total`` counts the names as written


def rank_search(cases: QuerySet[Case], query: str, limit: int, needed: int | None = None) -> Ranked:
    """The first ``limit`` of ``search_cases(cases, query)``, of which the first ``needed`` (the
    pages asked for) are certain; ``cases`` carries every other condition (access, filters)."""
    needed = min(limit, needed or limit)
    terms = search_terms(query)
    if not terms.words:
        return Ranked([], frozenset(), 0, False)
    keys = SearchKey.objects.filter(case__isnull=False)
    if cases.query.where:  # access or filters: keep the cases they leave
        keys = keys.filter(case_id__in=cases.order_by().values("pk"))
    words = terms.words
    one = len(words) == 1 and connection.vendor == "postgresql"
    written = _written(words[0]) if one else None
    if written is not None:
        exact = _merged(keys, written, limit)
    else:
        exact = _matched(keys, [[exact_match(w)] for w in words], limit)
    ids = list(exact)
    every = [[exact_match(w), *([Q(key__in=sorted(found))] if (found := tolerant_keys(w)) else [])] for w in words]
    if len(ids) >= limit:
        return Ranked(ids, frozenset(exact), max(limit, _estimate(cases, keys, every)), True)
    if len(ids) >= needed:
        return Ranked(ids, frozenset(exact), len(ids), False, partial=True)
    seen = set(ids)
    if written is not None:  # one word: its tolerant keys merged in order with those as written
        others = _merged(keys, sorted({*written, *tolerant_keys(words[0])}), limit)
    else:
        others = _matched(keys, every, limit)
    ids += [c for c in others if c not in seen][: limit - len(ids)]
    more = len(ids) >= limit
    return Ranked(ids, frozenset(exact), max(limit, _estimate(cases, keys, every)) if more else len(ids), more)


def _written(word: str) -> list[str] | None:
    """The keys ``word`` matches as written: itself, or the keys its prefix begins (None when a
    short, common prefix begins too many to read one by one)."""
    key = word_key(word)
    if len(word) >= PREFIX_FROM and len(key) < KEY_LENGTH:
        return _keys_beginning(key)
    return [key]


def _merged(keys: QuerySet[SearchKey], stands_for: list[str], limit: int) -> list[int]:
    """The first ``limit`` cases, by reference, with one of these keys (PostgreSQL): each key's
    rows are read in reference order and the reads merged, so the read stops at the limit."""
    if not stands_for:
        return []
    parts: list[str] = []
    params: list[Any] = []
    for k in stands_for:
        sql, p = keys.filter(key=k).values_list("reference", "case_id").order_by("reference", "case_id").query.sql_with_params()
        parts.append(f"({sql})")
        params += p
    sql = (f"SELECT case_id FROM ({' UNION ALL '.join(parts)}) keyed GROUP BY reference, case_id "
           f"ORDER BY reference, case_id LIMIT %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [int(c) for (c,) in cursor.fetchall()]


def _keys_beginning(prefix: str) -> list[str] | None:
    """The distinct children's keys beginning ``prefix``, found one index probe each (None when
    there are more than MAX_PREFIX_KEYS)."""
    last = ord(prefix[-1]) + 1
    if last > 0x10FFFF:
        return None
    end = prefix[:-1] + chr(0xE000 if 0xD800 <= last <= 0xDFFF else last)  # the next code point (UTF-8 keeps their order)
    sql = """
        WITH RECURSIVE found(key) AS (
            (SELECT key FROM people_searchkey WHERE case_id IS NOT NULL AND key ~>=~ %s AND key ~<~ %s
             ORDER BY key USING ~<~ LIMIT 1)
            UNION ALL
            SELECT (SELECT s.key FROM people_searchkey s WHERE s.case_id IS NOT NULL AND s.key ~>~ found.key
                    AND s.key ~<~ %s ORDER BY s.key USING ~<~ LIMIT 1)
            FROM found WHERE found.key IS NOT NULL
        ) SELECT key FROM found WHERE key IS NOT NULL LIMIT %s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [prefix, end, end, MAX_PREFIX_KEYS + 1])
        found = [str(k) for (k,) in cursor.fetchall()]
    return None if len(found) > MAX_PREFIX_KEYS else found


def _branches(keys: QuerySet[SearchKey], conditions: list[Q], *columns: str) -> tuple[str, list[Any]]:
    """One read of the key index per condition, as one UNION ALL (an OR of the conditions would
    read the whole index)."""
    parts: list[str] = []
    params: list[Any] = []
    for condition in conditions:
        sql, p = keys.filter(condition).values_list(*columns).query.sql_with_params()
        parts.append(sql)
        params += p
    return " UNION ALL ".join(parts), params


def _semijoin(keys: QuerySet[SearchKey], words: list[list[Q]]) -> tuple[str, list[Any]]:
    """The rows of the first word's keys whose case has a key meeting a condition of every other
    word: each other word's cases hashed once (their ids alone), the first word's rows probing."""
    sql, params = _branches(keys, words[0], "reference", "case_id")
    sql = f"SELECT reference, case_id FROM ({sql}) first_word"
    for i, conditions in enumerate(words[1:]):
        other, p = _branches(keys, conditions, "case_id")
        sql += f" {'WHERE' if i == 0 else 'AND'} case_id IN ({other})"
        params += p
    return sql, params


def _matched(keys: QuerySet[SearchKey], words: list[list[Q]], limit: int) -> list[int]:
    """The first ``limit`` cases, by reference, whose keys meet a condition of every word."""
    sql, params = _semijoin(keys, words)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT case_id FROM ({sql}) matched GROUP BY reference, case_id "
                       f"ORDER BY reference, case_id LIMIT %s", [*params, limit])
        return [int(c) for (c,) in cursor.fetchall()]


def _estimate(cases: QuerySet[Case], keys: QuerySet[SearchKey], words: list[list[Q]]) -> int:
    """The planner's estimate of the cases matching every word (0 where there is no planner).

    Grouping the matched rows by case leaves the planner guessing (200 groups, however common
    the name), so each word's cases are estimated from its key rows: a matched child has about
    one row of the word's keys per name of theirs (their Cyrillic, Latin and Arabic names share the
    tolerant keys), so the rows of all its keys, over the names a child has on average; the
    words are taken as independent among the cases in reach.
    """
    if connection.vendor != "postgresql":
        return 0
    reach = max(1, planner_estimate(cases))
    per_child = names_per_child()
    share = 1.0
    for conditions in words:
        sql, params = _branches(keys, conditions, "case_id")
        share *= min(1.0, plan_rows(sql, params) / per_child / reach)
    return int(reach * share)


_per_child: dict[str, tuple[float, float]] = {}


def names_per_child() -> float:
    """How many names a child with a case has, on average: counted on a sample of the cases
    (about 2,000), once in ten minutes per process."""
    now = time.monotonic()
    known = _per_child.get(connection.alias)
    if known is not None and now - known[0] < 600:
        return known[1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'cases_case'::regclass")
        (cases,) = cursor.fetchone() or (0,)
        percent = min(100.0, max(0.01, 2000 * 100.0 / max(1.0, float(cases))))
        cursor.execute(
            "SELECT count(n.id)::float / greatest(count(DISTINCT c.id), 1) FROM cases_case c "  # noqa: S608
            f"TABLESAMPLE SYSTEM ({percent:.4f}) REPEATABLE (1) JOIN people_personname n ON n.person_id = c.child_id")
        (ratio,) = cursor.fetchone() or (0.0,)
    value = max(1.0, float(ratio or 0.0))
    _per_child[connection.alias] = (now, value)
    return value
