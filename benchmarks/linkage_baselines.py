"""Two baselines for the linkage benchmark: exact names, and Primero's phonetic OR-search.

Primero (primeroIMS/primero, ``app/services/matching_service.rb`` with the Solr schema's
``text_phonetic`` type) matches a tracing request against cases with one OR query over
boosted fields: names 15, sex 10, age 10, date of birth 5, relatives' names 10. Name fields
are tokenised, lowercased and indexed with their Double Metaphone codes besides the tokens;
any field matching makes a hit. Scores are divided by the best hit's, hits under 0.1 are
dropped, 20 are kept, and a hit is "likely" if it is the only one or its normalised score
beats the average by more than 0.7. Here each request is such a query against the children
found abroad, Lucene's idf weights each matched term, and "likely" counts as a match.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np
from metaphone import doublemetaphone

from homeward.linkage import Record
from homeward.linkage.records import parse_birth_date
from homeward.names import normalize, romanize

REFERENCE_YEAR = 2019
BOOSTS = {"name": 15.0, "sex": 10.0, "age": 10.0, "dob": 5.0, "relation": 10.0}
NORMALIZED_THRESHOLD = 0.1
LIKELIHOOD_THRESHOLD = 0.7
PER_PAGE = 20


def exact_baseline(children: Sequence[Record], requests: Sequence[Record]) -> set[tuple[str, str]]:
    """Pairs whose normalised names are equal (any variant, words in any order)."""
    index: dict[str, set[str]] = defaultdict(set)
    for c in children:
        for n in c.names:
            index[_exact_key(n)].add(c.id)
    out: set[tuple[str, str]] = set()
    for r in requests:
        for n in r.names:
            for cid in index.get(_exact_key(n), ()):
                out.add((cid, r.id))
    return out


def _exact_key(name: str) -> str:
    return " ".join(sorted(normalize(name).lower().split()))


def _terms(texts: Iterable[str]) -> set[str]:
    terms: set[str] = set()
    for text in texts:
        for token in text.lower().replace("-", " ").split():
            terms.add(token)
            for code in doublemetaphone(token):
                if code:
                    terms.add("~" + code)
    return terms


def _age(r: Record) -> int | None:
    _, year = parse_birth_date(r.birth_date)
    if year is None and r.birth_year_min is not None and r.birth_year_max is not None:
        year = (r.birth_year_min + r.birth_year_max) // 2
    if year is None:
        year = r.birth_year_min if r.birth_year_min is not None else r.birth_year_max
    return None if year is None else REFERENCE_YEAR - year


def _fields(r: Record) -> dict[str, set[str]]:
    return {
        "name": _terms(r.names),
        "sex": {r.sex} if r.sex else set(),
        "age": {str(a)} if (a := _age(r)) is not None else set(),
        "dob": {r.birth_date} if r.birth_date and len(r.birth_date) == 10 else set(),
        "relation": _terms([*r.mother_names, *r.father_names]),
    }


def romanised(records: Sequence[Record]) -> list[Record]:
    """The same records with every name replaced by its canonical romanisation, to show
    how much of Primero's miss is transliteration and how much is its scoring."""

    def rom(names: list[str]) -> list[str]:
        return [(romanize(n) or (n,))[0] for n in names]

    return [
        replace(
            r,
            names=rom(r.names),
            mother_names=rom(r.mother_names),
            father_names=rom(r.father_names),
        )
        for r in records
    ]


def primero_baseline(
    children: Sequence[Record], requests: Sequence[Record], *, top_hit: bool = False
) -> set[tuple[str, str]]:
    """Pairs Primero's matching service would call "likely" (see module docstring), or
    with ``top_hit`` the best-scoring child of every request, a kinder reading."""
    n = len(children)
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, c in enumerate(children):
        for field, terms in _fields(c).items():
            for t in terms:
                postings[(field, t)].append(i)
    arrays = {k: np.fromiter(v, dtype=np.int64) for k, v in postings.items()}
    idf = {k: 1.0 + math.log(n / (len(v) + 1)) for k, v in postings.items()}
    out: set[tuple[str, str]] = set()
    scores = np.zeros(n, dtype=np.float64)
    for r in requests:
        scores[:] = 0.0
        for field, terms in _fields(r).items():
            for t in terms:
                key = (field, t)
                if key in arrays:
                    scores[arrays[key]] += BOOSTS[field] * idf[key]
        hits = np.flatnonzero(scores)
        if hits.size == 0:
            continue
        top = hits[np.argsort(-scores[hits], kind="stable")[:PER_PAGE]]
        best = scores[top[0]]
        normalised = scores[top] / best
        average = float(normalised.mean())
        if top_hit:
            out.add((children[int(top[0])].id, r.id))
            continue
        kept = [
            (int(i), float(s))
            for i, s in zip(top, normalised, strict=True)
            if s > NORMALIZED_THRESHOLD
        ]
        for i, s in kept:
            if len(kept) == 1 or (s - average) > LIKELIHOOD_THRESHOLD:
                out.add((children[i].id, r.id))
    return out
