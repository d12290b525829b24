"""Probable duplicates of a person: the same child (or mother) entered twice, in any script.

Candidates come from the script-independent name keys (``homeward.names.name_keys``), so
"مريم يوسف" finds "Maryam Yusuf" and "Мариам Юсуф"; each is then scored on the names
(``homeward.names.similarity``), sex, birth, the mother's name and the facility, and every step
of the score is said in words, as the review of matches does. The index can be loaded once for a
whole spreadsheet, or for the few people sharing a key with one form's input.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from homeward.people.models import FamilyLink, NameKey, Person

THRESHOLD = 0.8
MAX_BLOCK = 300  # a key shared by more people than this says nothing (e.g. "Muhammad")
NAME_GATE = 0.8  # names less alike than this are two people, whatever else agrees
MAX_SCORED = 40  # the people sharing most keys with a candidate are the ones scored


@dataclass
class Candidate:
    """What is known of a person about to be recorded (or of one already recorded)."""

    names: list[str]
    sex: str = ""
    birth_min: dt.date | None = None
    birth_max: dt.date | None = None
    mother_names: list[str] = field(default_factory=list)
    facility_id: int | None = None
    kind: str = Person.Kind.CHILD
    person_id: int | None = None


@dataclass(frozen=True)
class Probable:
    person_id: int
    label: str
    score: float
    reasons: tuple[str, ...]
    case_id: int | None = None
    case_reference: str = ""


def birth_bounds(person: Person) -> tuple[dt.date | None, dt.date | None]:
    """Earliest and latest plausible birth dates of a recorded person."""
    if person.birth_date_min and person.birth_date_max:
        return person.birth_date_min, person.birth_date_max
    if person.birth_date is None:
        return None, None
    if person.birth_precision == "year":
        return dt.date(person.birth_date.year, 1, 1), dt.date(person.birth_date.year, 12, 31)
    if person.birth_precision == "month":
        start = person.birth_date.replace(day=1)
        return start, (start + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    return person.birth_date, person.birth_date


def candidate_of(person: Person) -> Candidate:
    """A recorded person as a candidate (for the sweep)."""
    lo, hi = birth_bounds(person)
    mothers = [n.text for link in person.relatives.all() if link.relation == FamilyLink.Relation.MOTHER
               for n in link.relative.names.all()]
    case = getattr(person, "case", None) if hasattr(person, "case") else None
    facility = case.facility_id if case is not None else person.detention_facility_id
    return Candidate(names=[n.text for n in person.names.all()], sex=person.sex, birth_min=lo, birth_max=hi,
                     mother_names=mothers, facility_id=facility, kind=person.kind, person_id=person.pk)


def _gap_years(a: Candidate, b: Candidate) -> float | None:
    if not (a.birth_min and a.birth_max and b.birth_min and b.birth_max):
        return None
    if a.birth_max < b.birth_min:
        return (b.birth_min - a.birth_max).days / 365.25
    if b.birth_max < a.birth_min:
        return (a.birth_min - b.birth_max).days / 365.25
    return 0.0


def _best(a: Iterable[str], b: Iterable[str]) -> tuple[float, str, str]:
    from homeward.names import similarity

    best = (0.0, "", "")
    for x in a:
        for y in b:
            s = similarity(x, y)
            if s > best[0]:
                best = (s, x, y)
    return best


def score(a: Candidate, b: Candidate) -> tuple[float, list[str]]:
    """How likely ``a`` and ``b`` are one person (0..1), and why, step by step."""
    value, x, y = _best(a.names, b.names)
    reasons = [_("names %(score).2f: “%(a)s” ~ “%(b)s”") % {"score": value, "a": x, "b": y}]
    if value < NAME_GATE:
        return round(value * 0.5, 3), [*reasons, _("names too unlike (×0.5)")]
    if a.sex and b.sex:
        if a.sex != b.sex:
            value *= 0.3
            reasons.append(_("sex differs (×0.3)"))
        else:
            value += 0.03
            reasons.append(_("same sex (+0.03)"))
    gap = _gap_years(a, b)
    if gap is not None:
        if gap == 0:
            value += 0.07
            reasons.append(_("birth dates compatible (+0.07)"))
        elif gap > 2:
            value *= 0.5
            reasons.append(_("born %(years).0f years apart (×0.5)") % {"years": gap})
        else:
            value *= 0.9
            reasons.append(_("birth dates close but apart (×0.9)"))
    if a.mother_names and b.mother_names:
        mother, mx, my = _best(a.mother_names, b.mother_names)
        if mother >= 0.85:
            value += 0.1
            reasons.append(_("mother's name %(score).2f (+0.1)") % {"score": mother})
        elif mother < 0.5:
            value *= 0.6
            reasons.append(_("mothers' names differ: “%(a)s” / “%(b)s” (×0.6)") % {"a": mx, "b": my})
    if a.facility_id and b.facility_id:
        if a.facility_id == b.facility_id:
            value += 0.05
            reasons.append(_("same facility (+0.05)"))
        else:
            reasons.append(_("different facilities"))
    return min(1.0, round(value, 3)), reasons


class DuplicateIndex:
    """Recorded people, keyed by their name keys, ready to be compared with candidates."""

    def __init__(self, people: QuerySet[Person]) -> None:
        rows = (people.select_related("case", "case__facility", "detention_facility")
                .prefetch_related("names", "relatives__relative__names"))
        self.people: dict[int, Person] = {}
        self.candidates: dict[int, Candidate] = {}
        self.by_key: dict[str, set[int]] = defaultdict(set)
        for person in rows:
            self.people[person.pk] = person
            self.candidates[person.pk] = candidate_of(person)
        for key, person_id in NameKey.objects.filter(name__person_id__in=list(self.people)).values_list(
                "key", "name__person_id"):
            self.by_key[key].add(person_id)

    @classmethod
    def for_names(cls, names: Iterable[str], kind: str | None = None) -> DuplicateIndex:
        """Only the people sharing a name key with ``names`` (for one form's input)."""
        from homeward.names import name_keys

        keys = set().union(*(name_keys(n) for n in names if n)) if names else set()
        ids = NameKey.objects.filter(key__in=keys).values("name__person_id")
        people = Person.objects.filter(pk__in=ids)
        if kind:
            people = people.filter(kind=kind)
        return cls(people)

    def add(self, person_id: int, candidate: Candidate, keys: Iterable[str]) -> None:
        """Count a row being imported as recorded (duplicates within one file)."""
        self.candidates[person_id] = candidate
        for key in keys:
            self.by_key[key].add(person_id)

    def probable(self, candidate: Candidate, *, threshold: float = THRESHOLD, limit: int = 5,
                 exclude: Iterable[int] = ()) -> list[Probable]:
        """The recorded people most likely to be ``candidate``, best first."""
        from homeward.names import name_keys

        skip = set(exclude) | ({candidate.person_id} if candidate.person_id else set())
        # A candidate must share two keys (a given and a family name, or both spellings of one)
        # with a recorded person before it is scored: scoring is the costly part.
        hits: Counter[int] = Counter()
        tokens = 1
        for text in candidate.names:
            keys = name_keys(text)
            tokens = max(tokens, len(text.split()))
            for key in keys:
                block = self.by_key.get(key, set())
                if len(block) <= MAX_BLOCK:
                    hits.update(block)
        need = 2 if tokens > 1 else 1
        pool = [pid for pid, count in hits.most_common() if count >= need and pid not in skip][:MAX_SCORED]
        found: list[Probable] = []
        for person_id in pool:
            other = self.candidates[person_id]
            if (candidate.kind == Person.Kind.CHILD) != (other.kind == Person.Kind.CHILD):
                continue
            value, reasons = score(candidate, other)
            if value >= threshold:
                found.append(self._probable(person_id, value, reasons))
        found.sort(key=lambda p: (-p.score, p.person_id))
        return found[:limit]

    def _probable(self, person_id: int, value: float, reasons: list[str]) -> Probable:
        person = self.people.get(person_id)
        case = getattr(person, "case", None) if person is not None and hasattr(person, "case") else None
        label = person.display_name if person is not None else f"#{person_id}"
        return Probable(person_id=person_id, label=label, score=value, reasons=tuple(reasons),
                        case_id=case.pk if case is not None else None,
                        case_reference=case.reference if case is not None else "")
