"""Small pedigrees named as in pedtools, for tests that port the R packages' examples."""

from __future__ import annotations

from homeward.kinship.engine import MarkerFrequencies, Pedigree, Person


def freqs(**named: float) -> MarkerFrequencies:
    """One marker ``M`` with the given allele frequencies (``freqs(A=.3, B=.7)``)."""
    return MarkerFrequencies.from_mapping("M", {k.lstrip("_"): v for k, v in named.items()})


def afreq(values: list[float], labels: list[str] | None = None) -> MarkerFrequencies:
    labels = labels or [str(i + 1) for i in range(len(values))]
    return MarkerFrequencies.from_mapping("M", dict(zip(labels, values, strict=True)))


def nuclear_ped(children: int = 1) -> list[Person]:
    """pedtools::nuclearPed(n): 1 father, 2 mother, 3.. children (male)."""
    return [Person("1", sex=1), Person("2", sex=2)] + [
        Person(str(3 + i), "1", "2", 1) for i in range(children)
    ]


def with_genotypes(people: list[Person], **genotypes: str) -> Pedigree:
    """A pedigree with genotypes at marker M, given as ``_1="1/2"`` (ids are digits)."""
    return Pedigree(people, {k.lstrip("_"): {"M": v} for k, v in genotypes.items()})


def three_generations() -> list[Person]:
    """nuclearPed(1) |> addParents(1) |> addParents(2): 4,5 parents of 1; 6,7 parents of 2."""
    return [
        Person("4", sex=1), Person("5", sex=2), Person("6", sex=1), Person("7", sex=2),
        Person("1", "4", "5", 1), Person("2", "6", "7", 2), Person("3", "1", "2", 1),
    ]  # fmt: skip


def full_sib_mating() -> list[Person]:
    """pedtools::fullSibMating(1): 1,2 founders; 3 (male), 4 (female) their children; 5, 6 children of 3 and 4."""
    return [
        Person("1", sex=1), Person("2", sex=2), Person("3", "1", "2", 1), Person("4", "1", "2", 2),
        Person("5", "3", "4", 1), Person("6", "3", "4", 2),
    ]  # fmt: skip


def linear_ped_2() -> list[Person]:
    """pedtools::linearPed(2): 1,2 -> 3 (male); 3 with 4 -> 5 (male)."""
    return [
        Person("1", sex=1),
        Person("2", sex=2),
        Person("3", "1", "2", 1),
        Person("4", sex=2),
        Person("5", "3", "4", 1),
    ]


def ancestral_ped_2() -> list[Person]:
    """pedtools::ancestralPed(2): 1,2 -> 3 (male); 4,5 -> 6 (female); 3,6 -> 7."""
    return [
        Person("1", sex=1), Person("2", sex=2), Person("4", sex=1), Person("5", sex=2),
        Person("3", "1", "2", 1), Person("6", "4", "5", 2), Person("7", "3", "6", 1),
    ]  # fmt: skip
