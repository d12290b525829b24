"""The two public value types of the linkage engine: a record to link and a scored pair."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Record:
    """One child, either found abroad or sought in a relative's request.

    ``names`` holds every written variant of the child's name (any script, any order);
    ``mother_names`` and ``father_names`` likewise. A birth is known either as ``birth_date``
    (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) or as an estimated year range.
    ``mother_names`` may carry her patronymic (her father's given name, compared on its
    own) and ``mother_birth_year`` her year of birth, as her passport gives them.
    ``family`` groups sought children named in one relative's request (siblings): one
    child is at most one of them. On children found abroad it may mark children found
    together; it is kept but not scored.
    """

    id: str
    names: list[str]
    sex: str | None = None
    birth_date: str | None = None
    birth_year_min: int | None = None
    birth_year_max: int | None = None
    mother_names: list[str] = field(default_factory=list)
    father_names: list[str] = field(default_factory=list)
    home_region: str | None = None
    mother_birth_year: int | None = None
    family: str | None = None


@dataclass(frozen=True)
class CandidatePair:
    """A child found abroad paired with a sought child, with the evidence for the pair.

    ``contributions`` maps each field (``spec.FIELDS``) to its match weight in bits,
    term-frequency adjustment included, plus ``family``: what is taken off where the
    fields a family shares (surname, parents, region) say more than that the family is the
    same (zero or negative; ``engine.FAMILY_CAP_BITS``), ``siblings``: the weight a sibling linked
    between the two families adds or takes away, and ``competition``: what the rule that a
    request seeks one child does to the pair: negative when other children fit the same
    request (or other siblings of the same request fit the child) as well, positive when
    the request has no other candidate worth the name. Together with the prior they add up to ``match_weight``, which is
    what a waterfall chart draws; ``match_probability`` is ``1 / (1 + 2**-match_weight)``.
    ``explanations`` says in words which agreement level each field reached.
    """

    child_id: str
    request_id: str
    match_probability: float
    match_weight: float
    contributions: dict[str, float]
    explanations: dict[str, str]


class BirthDateError(ValueError):
    """A birth date that is not ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""


def parse_birth_date(text: str | None) -> tuple[str | None, int | None]:
    """Return ``(full_date_or_None, year_or_None)`` for a birth date of any precision.

    Only a date with a day is returned as a full date, because only then may two records
    agree on the exact day.
    """
    if text is None or not text.strip():
        return None, None
    m = _DATE_RE.match(text.strip())
    if m is None:
        raise BirthDateError(f"birth date {text!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        raise BirthDateError(f"birth date {text!r} has no month {month}")
    if day is not None and not 1 <= day <= 31:
        raise BirthDateError(f"birth date {text!r} has no day {day}")
    return (text.strip() if day is not None else None), year


def year_range(record: Record) -> tuple[int | None, int | None]:
    """The range of possible birth years of a record, or ``(None, None)`` if unknown."""
    _, year = parse_birth_date(record.birth_date)
    if year is not None:
        return year, year
    lo, hi = record.birth_year_min, record.birth_year_max
    if lo is None and hi is None:
        return None, None
    if lo is None:
        lo = hi
    if hi is None:
        hi = lo
    assert lo is not None and hi is not None
    return (lo, hi) if lo <= hi else (hi, lo)
