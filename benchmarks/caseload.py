"""A labelled synthetic caseload: children found abroad and children sought at home.

Families are drawn from a North-Caucasus / Arabic lexicon (``linkage_lexicon``) plus rare
surnames taken from real transliteration pairs (Wikidata Latin/Cyrillic, Google
Arabic/Latin) when a names data directory is given. Each true child may give a request
(official Cyrillic: surname, given name, patronymic, exact birth date, mother's full name)
and a record abroad (Latin as heard, Arabic as written by a host clerk, or Cyrillic typed
by consular staff; age estimated up to 3 years off). Siblings share surname, parents and
region, so they are the hardest non-matches; common names (Magomed, Patimat) are shared by
many unrelated children.

Assumptions taken from how the real records arise (see the project's scenario), each a
rate or rule below:

- Children abroad are mostly held with or next to their mothers (85%). A detained mother
  is identified by her passport, so in 70% of those records her full name stands on the
  child's record as the passport transliterates it into Latin (surname, given name,
  patronymic: ``Gasanova Patimat Muradovna``; one of the two Latin spellings Russian
  passports have used) or, in an Arabic record, as the name chain (her name, her father's,
  her family's); her birth year is copied from the passport in 80% of those. Otherwise
  only what she or a clerk said: her given name as heard, half the time with a surname.
- A mother with her child can name the father: an Arabic record carries the father's name
  in the child's name chain in 80% (40% without her); a Latin or Cyrillic record names him
  separately in 40% (10% without her).
- A relative's request (typically from the paternal grandmother) names the mother in 90%
  (with her surname in 90% of those, and her patronymic too in 70%), her birth year in half
  (a year out in a third of those), and the father in 85%.
- Siblings are found together and sought together: whole families fall on one side or
  both, each found family carries one ``family`` group and each request names all the
  siblings it seeks under one ``family`` group (numbered apart, so the groups give no
  truth away). A second relative filing for the same child (5%) files a request of its own.
- Patronymics of names in -a keep the vowel (Муса -> Мусаевна, as in the North Caucasus).

The noise stays as before: misspellings (a fifth of heard names), scripts swapped, missing
dates, ages off by up to 3 years, a fifth of children abroad without a surname, and many
children sharing common names.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from benchmarks.linkage_lexicon import (
    BOYS,
    GIRLS,
    REGIONS,
    SURNAME_STEMS,
    latin_to_arabic,
    latin_to_cyrillic,
)
from homeward.linkage import Record

REFERENCE_YEAR = 2019
Entry = tuple[str, tuple[str, ...], str, float]


@dataclass
class Surname:
    latin: tuple[str, ...]
    cyrillic: str
    arabic: str | None = None


@dataclass
class Person:
    sex: str
    name: Entry
    surname: Surname
    father: Entry
    mother: Entry
    mother_surname: Surname
    birth: tuple[int, int, int]
    region: tuple[str, str, float]
    rare: bool = False
    mother_father: Entry | None = None
    mother_birth_year: int | None = None


@dataclass
class Caseload:
    children: list[Record]
    requests: list[Record]
    truth: set[tuple[str, str]] = field(default_factory=set)


def _weighted(rng: random.Random, items: Sequence[Entry]) -> Entry:
    return rng.choices(items, weights=[e[3] for e in items])[0]


def _sounds_alike(latin: str, other: str) -> bool:
    from rapidfuzz.distance import JaroWinkler

    from homeward.names import romanize

    forms = romanize(other) or ("",)
    return max(JaroWinkler.similarity(latin.lower(), f) for f in forms) >= 0.8


def load_rare_surnames(names_dir: Path | None, limit: int = 4000) -> list[Surname]:
    """Rare surnames from real pairs: Latin/Cyrillic from Wikidata, Arabic/Latin from Google."""
    if names_dir is None:
        return []
    out: list[Surname] = []
    ru = names_dir / "wikidata-russian-train.tsv"
    if ru.exists():
        with ru.open(encoding="utf-8") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) < 3 or not row[0].isascii() or not row[0].isalpha() or len(row[0]) < 4:
                    continue
                cyr = row[1].replace(" ", "")
                # some Wikidata pairs label different parts of one person's name
                # (yoritoshi / Мацудайра): keep only pairs that sound alike
                if _sounds_alike(row[0], cyr):
                    out.append(Surname((row[0].capitalize(),), cyr.capitalize()))
                if len(out) >= limit // 2:
                    break
    ar = names_dir / "google-ar2en-train.tsv"
    if ar.exists():
        with ar.open(encoding="utf-8") as fh:
            for i, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)):
                if len(row) < 2 or not row[1].isascii() or not row[1].isalpha() or len(row[1]) < 4:
                    continue
                if i % 3:
                    continue
                latin = row[1].capitalize()
                out.append(Surname((latin,), latin_to_cyrillic(latin), row[0]))
                if len(out) >= limit:
                    break
    return out


def _common_surname(rng: random.Random) -> Surname:
    stem, cyr, _ = rng.choices(SURNAME_STEMS, weights=[s[2] for s in SURNAME_STEMS])[0]
    suffix_lat, suffix_cyr = ("ev", "ев") if stem[-1] in "aeiouy" else ("ov", "ов")
    latin = stem + suffix_lat
    variants = (latin, latin.replace("kh", "h").replace("Kh", "H"), latin.replace("ev", "yev"))
    return Surname(tuple(dict.fromkeys(variants)), cyr + suffix_cyr)


def _surname_in(sn: Surname, sex: str, script: str, rng: random.Random) -> str:
    fem = sex == "F" and sn.latin[0].endswith(("ov", "ev"))
    if script == "Cyrl":
        return sn.cyrillic + ("а" if fem else "")
    latin = rng.choice(sn.latin) + ("a" if fem else "")
    if script == "Arab":
        return sn.arabic if sn.arabic and not fem else latin_to_arabic(latin)
    return latin


def _patronymic(father: Entry, sex: str) -> str:
    base = father[0]
    if base.endswith(("а", "я")):
        # North-Caucasian names in -а keep it: Муса -> Мусаевич, Абдулла -> Абдуллаевна
        return base + ("евич" if sex == "M" else "евна")
    if base.endswith(("ь", "й")):
        stem = base[:-1]
        return stem + ("евич" if sex == "M" else "евна")
    if base.endswith("и"):
        return base + ("евич" if sex == "M" else "евна")
    return base + ("ович" if sex == "M" else "овна")


def _latin_patronymic(father_latin: str) -> str:
    """A woman's patronymic as a passport transliterates it (Magomedovna, Alievna)."""
    if father_latin.endswith(("a", "i", "y")):
        return father_latin + "evna"
    return father_latin + "ovna"


_VOWELS = "aeiou"


def misspell(word: str, rng: random.Random) -> str:
    """One typing or hearing slip: a letter dropped, doubled, swapped or a vowel changed."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.random()
    if op < 0.3:
        return word[:i] + word[i + 1 :]
    if op < 0.5:
        return word[:i] + word[i] + word[i:]
    if op < 0.7:
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    if word[i].lower() in _VOWELS:
        return word[:i] + rng.choice(_VOWELS.replace(word[i].lower(), "")) + word[i + 1 :]
    return word


class Generator:
    """Draws families, requests and records abroad from one random seed."""

    def __init__(self, seed: int, rare_surnames: list[Surname], rare_share: float = 0.3) -> None:
        self.rng = random.Random(seed)
        self.rare = rare_surnames
        self.rare_share = rare_share if rare_surnames else 0.0

    def surname(self) -> tuple[Surname, bool]:
        if self.rare and self.rng.random() < self.rare_share:
            return self.rng.choice(self.rare), True
        return _common_surname(self.rng), False

    def family(self) -> list[Person]:
        rng = self.rng
        surname, rare = self.surname()
        father = _weighted(rng, BOYS)
        mother = _weighted(rng, GIRLS)
        mother_surname, _ = self.surname()
        region = rng.choices(REGIONS, weights=[r[2] for r in REGIONS])[0]
        size = rng.choices([1, 2, 3, 4], weights=[55, 28, 12, 5])[0]
        year = rng.randint(2005, 2017)
        mother_father = _weighted(rng, BOYS)
        mother_birth_year = year - rng.randint(17, 32)
        kids: list[Person] = []
        used: set[str] = set()
        for _ in range(size):
            sex = rng.choice("MF")
            for _ in range(5):
                name = _weighted(rng, BOYS if sex == "M" else GIRLS)
                if name[0] not in used:
                    break
            used.add(name[0])
            birth = (year, rng.randint(1, 12), rng.randint(1, 28))
            kids.append(
                Person(
                    sex,
                    name,
                    surname,
                    father,
                    mother,
                    mother_surname,
                    birth,
                    region,
                    rare,
                    mother_father,
                    mother_birth_year,
                )
            )
            year = min(2018, year + rng.randint(1, 3))
        return kids

    def request(self, rid: str, p: Person) -> Record:
        """A relative's request: official Cyrillic, full date mostly, mother's full name."""
        rng = self.rng
        surname = _surname_in(p.surname, p.sex, "Cyrl", rng)
        full = f"{surname} {p.name[0]} {_patronymic(p.father, p.sex)}"
        if rng.random() < 0.1:
            full = f"{p.name[0]} {surname}"
        names = [full]
        if rng.random() < 0.15:
            names.append(f"{rng.choice(p.name[1])} {rng.choice(p.surname.latin)}")
        y, m, d = p.birth
        r = rng.random()
        birth = f"{y:04d}-{m:02d}-{d:02d}" if r < 0.75 else (f"{y:04d}" if r < 0.92 else None)
        ymin = ymax = None
        if birth is None:
            ymin, ymax = y - 1, y + 1
        mother = []
        mother_year = None
        if rng.random() < 0.9:  # the grandmother names her son's wife
            ms = _surname_in(p.mother_surname, "F", "Cyrl", rng)
            r = rng.random()
            if r < 0.7 and p.mother_father is not None:
                mother = [f"{ms} {p.mother[0]} {_patronymic(p.mother_father, 'F')}"]
            elif r < 0.9:
                mother = [f"{ms} {p.mother[0]}"]
            else:
                mother = [p.mother[0]]
            if rng.random() < 0.5 and p.mother_birth_year is not None:
                mother_year = p.mother_birth_year + rng.choice([0, 0, 0, 0, 1, -1])
        father = []
        if rng.random() < 0.85:  # and her own son, the father
            father = [f"{_surname_in(p.surname, 'M', 'Cyrl', rng)} {p.father[0]}"]
        region = None
        if rng.random() < 0.9:
            region = p.region[1] if rng.random() < 0.85 else p.region[0]
        sex = p.sex if rng.random() < 0.97 else None
        return Record(
            rid,
            names,
            sex,
            birth,
            ymin,
            ymax,
            mother,
            father,
            region,
            mother_birth_year=mother_year,
        )

    def _heard(self, entry: Entry) -> str:
        word = self.rng.choice(entry[1])
        return misspell(word, self.rng) if self.rng.random() < 0.2 else word

    def found(self, cid: str, p: Person) -> Record:
        """A child found abroad: as heard, in Latin, Arabic or Cyrillic, age estimated."""
        rng = self.rng
        script = rng.choices(["Latn", "Arab", "Cyrl"], weights=[45, 35, 20])[0]
        has_surname = rng.random() < 0.8
        # children abroad are mostly held with their mothers, who can name the father
        with_mother = rng.random() < 0.85
        if script == "Arab":
            parts = [p.name[2]]
            if rng.random() < (0.8 if with_mother else 0.4):
                parts.append(p.father[2])  # Arabic naming: child, then father's name
            if has_surname:
                parts.append(_surname_in(p.surname, p.sex, "Arab", rng))
        elif script == "Cyrl":
            parts = [p.name[0] if rng.random() < 0.7 else latin_to_cyrillic(self._heard(p.name))]
            if has_surname:
                s = _surname_in(p.surname, p.sex, "Cyrl", rng)
                parts.insert(
                    0,
                    s
                    if rng.random() < 0.8
                    else latin_to_cyrillic(
                        misspell(_surname_in(p.surname, p.sex, "Latn", rng), rng)
                    ),
                )
        else:
            parts = [self._heard(p.name)]
            if has_surname:
                s = _surname_in(p.surname, p.sex, "Latn", rng)
                parts.append(misspell(s, rng) if rng.random() < 0.25 else s)
        names = [" ".join(parts)]
        if rng.random() < 0.25:
            # a second variant from another source (orphanage list, mother's statement)
            alt = [self._heard(p.name)]
            if has_surname:
                alt.append(_surname_in(p.surname, p.sex, "Latn", rng))
            names.append(" ".join(alt))
        y, m, d = p.birth
        birth = None
        ymin = ymax = None
        r = rng.random()
        if r < 0.15:
            birth = f"{y:04d}-{m:02d}-{d:02d}"
        elif r < 0.85:
            centre = y + rng.choice([0, 0, 0, 1, -1, 1, -1, 2, -2, 3, -3])
            width = rng.choice([0, 1, 1, 2])
            ymin, ymax = centre - width, centre + width
        mother = []
        mother_year = None
        if with_mother:
            mscript = rng.choice(["Latn", "Arab", "Latn"])
            if rng.random() < 0.7 and p.mother_father is not None:
                # she was detained and identified by her passport: full name, birth year
                mother = [self._passport_name(p, mscript)]
                if rng.random() < 0.8 and p.mother_birth_year is not None:
                    mother_year = p.mother_birth_year
            else:
                written = self._heard(p.mother) if mscript == "Latn" else p.mother[2]
                if rng.random() < 0.5:  # her own statement gives her family name too
                    written += " " + _surname_in(p.mother_surname, "F", mscript, rng)
                mother = [written]
        father = []
        if rng.random() < (0.4 if with_mother else 0.1):  # her statement names her husband
            father = [self._heard(p.father)]
        region = p.region[0] if rng.random() < 0.4 else None
        sex = p.sex if rng.random() < 0.95 else None
        return Record(
            cid,
            names,
            sex,
            birth,
            ymin,
            ymax,
            mother,
            father,
            region,
            mother_birth_year=mother_year,
        )

    def _passport_name(self, p: Person, script: str) -> str:
        """The mother's name as copied from her passport: the Latin transliteration printed
        in it (one of the systems Russian passports used), or that copied into Arabic."""
        rng = self.rng
        assert p.mother_father is not None
        given = rng.choice(p.mother[1][:2])
        surname = _surname_in(p.mother_surname, "F", "Latn", rng)
        patronymic = _latin_patronymic(rng.choice(p.mother_father[1][:2]))
        if script == "Arab":
            # an Arabic record gives the name chain: her name, her father's, her family's
            return " ".join([p.mother[2], p.mother_father[2], latin_to_arabic(surname)])
        return f"{surname} {given} {patronymic}"


def build_caseload(
    n_children: int,
    n_requests: int,
    *,
    seed: int = 2019,
    names_dir: Path | None = None,
    found_and_sought: float = 0.6,
) -> Caseload:
    """Children abroad and requests with the set of true (child_id, request_id) pairs.

    ``found_and_sought`` of the smaller side have a counterpart; about 5% of sought
    children are sought twice (two relatives filing for the same child).
    """
    gen = Generator(seed, load_rare_surnames(names_dir))
    n_both = int(found_and_sought * min(n_children, n_requests))
    # whole families fall on one side or both: siblings are found together and one
    # relative's request names all of them
    families: list[list[Person]] = []
    people = 0  # a running count: summing the list on every pass is quadratic at 1M
    while people < n_children + n_requests - n_both:
        families.append(gen.family())
        people += len(families[-1])
    both: list[tuple[int, Person]] = []
    only_found: list[tuple[int, Person]] = []
    only_sought: list[tuple[int, Person]] = []
    for k, fam in enumerate(families):
        if len(both) < n_both:
            both.extend((k, p) for p in fam)
        elif len(only_found) < n_children - n_both:
            only_found.extend((k, p) for p in fam)
        else:
            only_sought.extend((k, p) for p in fam)
    both = both[:n_both]
    # request groups are numbered apart from found groups, so the ids carry no truth
    qid = list(range(len(families)))
    gen.rng.shuffle(qid)
    children: list[Record] = []
    requests: list[Record] = []
    truth: set[tuple[str, str]] = set()
    for k, p in both:
        cid, rid = f"C{len(children) + 1:06d}", f"R{len(requests) + 1:06d}"
        children.append(replace(gen.found(cid, p), family=f"F{k}"))
        requests.append(replace(gen.request(rid, p), family=f"Q{qid[k]}"))
        truth.add((cid, rid))
        if gen.rng.random() < 0.05 and len(requests) < n_requests - len(only_sought):
            # a second relative files for the same child: a request of its own
            rid2 = f"R{len(requests) + 1:06d}"
            requests.append(replace(gen.request(rid2, p), family=f"Q{qid[k]}b{rid2}"))
            truth.add((cid, rid2))
    for k, p in only_found[: n_children - len(children)]:
        children.append(replace(gen.found(f"C{len(children) + 1:06d}", p), family=f"F{k}"))
    for k, p in only_sought[: n_requests - len(requests)]:
        requests.append(replace(gen.request(f"R{len(requests) + 1:06d}", p), family=f"Q{qid[k]}"))
    gen.rng.shuffle(children)
    gen.rng.shuffle(requests)
    return Caseload(children, requests, truth)


def write_csv(path: Path, records: Sequence[Record]) -> None:
    """Write records in the ``homeward match`` input format."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "id",
                "name",
                "sex",
                "birth_date",
                "birth_year_min",
                "birth_year_max",
                "mother_name",
                "father_name",
                "home_region",
            ]
        )
        for r in records:
            w.writerow(
                [
                    r.id,
                    " | ".join(r.names),
                    r.sex or "",
                    r.birth_date or "",
                    r.birth_year_min if r.birth_year_min is not None else "",
                    r.birth_year_max if r.birth_year_max is not None else "",
                    " | ".join(r.mother_names),
                    " | ".join(r.father_names),
                    r.home_region or "",
                ]
            )
