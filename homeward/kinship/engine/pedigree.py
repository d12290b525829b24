"""Pedigrees: people, their parents and sex, and their genotypes per marker.

A :class:`Pedigree` may hold several unconnected components (an "unrelated" hypothesis is a
pedigree of singletons). Every person has either both parents in the pedigree or none (a
founder). Sex is 1 (male), 2 (female) or 0 (unknown; allowed for people who are nobody's
parent). Genotypes are unordered pairs of allele labels; ``"-"`` stands for an allele that was
not called (``"12/-"``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import KinshipInputError
from .markers import allele_label, marker_display, marker_key

Genotype = tuple[str, str]
MISSING_ALLELE = "-"


@dataclass(frozen=True)
class Person:
    """One member of a pedigree; ``father``/``mother`` are ids, or None for a founder."""

    id: str
    father: str | None = None
    mother: str | None = None
    sex: int = 0

    @property
    def is_founder(self) -> bool:
        return self.father is None


def normalise_genotype(g: Genotype | str) -> Genotype | None:
    """``"12/13"``, ``("13", "12")`` -> ``("12", "13")`` style pair; None when untyped."""
    if isinstance(g, str):
        parts = g.replace(",", "/").split("/")
        if len(parts) != 2:
            raise ValueError(f"genotype {g!r} is not of the form a/b")
        g = (parts[0], parts[1])
    a, b = (x.strip() for x in g)
    a = MISSING_ALLELE if a in ("-", "", "0", "NA") else allele_label(a)
    b = MISSING_ALLELE if b in ("-", "", "0", "NA") else allele_label(b)
    if a == MISSING_ALLELE and b == MISSING_ALLELE:
        return None
    if a == MISSING_ALLELE:
        a, b = b, a
    return (a, b)


class Pedigree:
    """People with parents and sex, and the genotypes of the typed ones.

    ``genotypes`` maps person id -> marker name -> genotype (``("12", "13")`` or ``"12/13"``).
    Marker names are normalised, so ``vWA`` and ``VWA`` are the same marker.
    """

    def __init__(
        self,
        persons: Iterable[Person],
        genotypes: Mapping[str, Mapping[str, Genotype | str]] | None = None,
        *,
        name: str = "",
    ) -> None:
        self.name = name
        self.persons: dict[str, Person] = {}
        for p in persons:
            if p.id in self.persons:
                raise KinshipInputError(f"person {p.id!r} appears twice in pedigree {name!r}")
            self.persons[p.id] = p
        self._check_structure()
        self.genotypes: dict[str, dict[str, Genotype]] = {}
        self._marker_names: dict[str, str] = {}
        for pid, per_marker in (genotypes or {}).items():
            if pid not in self.persons:
                raise KinshipInputError(
                    f"genotype given for {pid!r}, who is not in pedigree {name!r}"
                )
            for marker, g in per_marker.items():
                self.set_genotype(pid, marker, g)

    def _check_structure(self) -> None:
        for p in self.persons.values():
            if (p.father is None) != (p.mother is None):
                raise KinshipInputError(
                    f"person {p.id!r} has one parent; give both parents or none"
                )
            for parent, sex, role in ((p.father, 1, "father"), (p.mother, 2, "mother")):
                if parent is None:
                    continue
                if parent not in self.persons:
                    raise KinshipInputError(f"{role} {parent!r} of {p.id!r} is not in the pedigree")
                if self.persons[parent].sex not in (0, sex):
                    raise KinshipInputError(
                        f"{parent!r} is the {role} of {p.id!r} but has sex {self.persons[parent].sex}"
                    )
        for p in self.persons.values():
            if p.father is not None and p.father == p.mother:
                raise KinshipInputError(f"{p.id!r} has the same person as father and mother")
        self.order()  # raises on cycles

    # -- structure -----------------------------------------------------------------------
    def order(self) -> list[str]:
        """Person ids with every parent before their children."""
        done: list[str] = []
        seen: set[str] = set()
        state: dict[str, int] = {}
        for start in self.persons:
            stack = [(start, False)]
            while stack:
                pid, expanded = stack.pop()
                if pid in seen:
                    continue
                if expanded:
                    seen.add(pid)
                    done.append(pid)
                    continue
                if state.get(pid) == 1:
                    raise KinshipInputError(f"{pid!r} is their own ancestor")
                state[pid] = 1
                stack.append((pid, True))
                p = self.persons[pid]
                for parent in (p.mother, p.father):
                    if parent is not None and parent not in seen:
                        if state.get(parent) == 1:
                            raise KinshipInputError(f"{parent!r} is their own ancestor")
                        stack.append((parent, False))
        return done

    def founders(self) -> list[str]:
        return [p.id for p in self.persons.values() if p.is_founder]

    def children(self, pid: str) -> list[str]:
        return [c.id for c in self.persons.values() if pid in (c.father, c.mother)]

    def ancestors(self, ids: Iterable[str]) -> set[str]:
        """The people in ``ids`` and all their ancestors."""
        out: set[str] = set()
        stack = list(ids)
        while stack:
            pid = stack.pop()
            if pid in out:
                continue
            out.add(pid)
            p = self.persons[pid]
            if p.father is not None and p.mother is not None:
                stack.extend((p.father, p.mother))
        return out

    def components(self) -> list[set[str]]:
        """The connected components (as sets of person ids)."""
        links: dict[str, set[str]] = {pid: set() for pid in self.persons}
        for p in self.persons.values():
            for parent in (p.father, p.mother):
                if parent is not None:
                    links[p.id].add(parent)
                    links[parent].add(p.id)
        comps: list[set[str]] = []
        seen: set[str] = set()
        for pid in self.persons:
            if pid in seen:
                continue
            comp: set[str] = set()
            stack = [pid]
            while stack:
                q = stack.pop()
                if q in comp:
                    continue
                comp.add(q)
                stack.extend(links[q] - comp)
            seen |= comp
            comps.append(comp)
        return comps

    # -- genotypes -----------------------------------------------------------------------
    def set_genotype(self, pid: str, marker: str, g: Genotype | str | None) -> None:
        """Set (or with None, clear) one genotype."""
        if pid not in self.persons:
            raise KinshipInputError(f"{pid!r} is not in pedigree {self.name!r}")
        key = marker_key(marker)
        self._marker_names.setdefault(key, marker_display(marker))
        try:
            value = None if g is None else normalise_genotype(g)
        except ValueError as exc:
            raise KinshipInputError(str(exc), marker=marker) from None
        if value is None:
            self.genotypes.get(pid, {}).pop(key, None)
        else:
            self.genotypes.setdefault(pid, {})[key] = value

    def genotype(self, pid: str, marker: str) -> Genotype | None:
        return self.genotypes.get(pid, {}).get(marker_key(marker))

    def typed(self, marker: str | None = None) -> list[str]:
        """People with a genotype (at ``marker``, or at any marker)."""
        if marker is None:
            return [pid for pid in self.persons if self.genotypes.get(pid)]
        key = marker_key(marker)
        return [pid for pid in self.persons if key in self.genotypes.get(pid, {})]

    def markers(self) -> list[str]:
        """Names of the markers with at least one genotype, in first-seen order."""
        used = {k for per in self.genotypes.values() for k in per}
        return [name for key, name in self._marker_names.items() if key in used]

    def profile(self, pid: str) -> dict[str, Genotype]:
        """All genotypes of one person, marker display name -> genotype."""
        return {self._marker_names[k]: g for k, g in self.genotypes.get(pid, {}).items()}

    def copy(self, *, name: str | None = None) -> Pedigree:
        other = Pedigree(self.persons.values(), name=self.name if name is None else name)
        other._marker_names = dict(self._marker_names)
        other.genotypes = {pid: dict(per) for pid, per in self.genotypes.items()}
        return other

    def with_profile(self, pid: str, profile: Mapping[str, Genotype | str]) -> Pedigree:
        """A copy in which ``pid`` has exactly the genotypes in ``profile``."""
        other = self.copy()
        other.genotypes.pop(pid, None)
        for marker, g in profile.items():
            other.set_genotype(pid, marker, g)
        return other

    def __repr__(self) -> str:
        return f"Pedigree({self.name!r}, {len(self.persons)} persons, {len(self.typed())} typed)"


def singletons(
    profiles: Mapping[str, Mapping[str, Genotype | str]], sexes: Mapping[str, int] | None = None
) -> Pedigree:
    """Unrelated people, each with their own genotypes (the usual alternative hypothesis)."""
    sexes = sexes or {}
    return Pedigree(
        [Person(pid, sex=sexes.get(pid, 0)) for pid in profiles], profiles, name="unrelated"
    )
