"""Caseload B: a second labelled caseload, written apart from ``benchmarks.caseload``.

Rule: **tune on caseload A (``benchmarks.caseload``), report on caseload B**. Nothing in
``homeward.linkage`` is tuned on this file; the matcher sees it only in the benchmark.
It imports neither ``homeward.names`` nor the first generator's lexicon: names come from
``caseload_b_lexicon`` (said aloud, then spelled by a clerk) and, when a data directory is
given, from real Latin/Arabic and Latin/Cyrillic pairs (the Wikidata *dev* splits, which
the first generator does not read), taken as they are written there.

How B differs from A, each a rate below:

- **Clans of namesakes.** Families draw a family name from clans of very unequal size
  (Magomedov, Aliev: hundreds of families); within a clan, fathers' names repeat (a clan
  names sons after the same few ancestors), so "Mukhammad Magomedov, son of Magomed, born
  2014" is many children.
- **Names only as heard.** A clerk abroad writes what they hear: the spoken name misheard
  by a listener of another language (voicing, kh/h/k, vowels, dropped sounds) and spelled
  in English, French, German or Turkish habits, or in Arabic script by ear; Russian
  consular staff type it in Cyrillic by ear. Only children with papers (10%) carry the
  passport spelling.
- **Arabic naming.** Arabic-script records give nasab chains ("X bin Y bin Z" or "X Y Z",
  the grandfather included), parents by kunya ("Abu Hamza", "Umm Mukhammad": the name of
  the eldest son, not the parent's own) and nisbas ("al-Shishani").
- **Gaps and contradictions.** Mothers missing on 45% of records abroad (orphans, children
  separated) and 25% of requests; another wife named as the mother (3%); birth dates that
  are a clerk's default (1 January of an estimated year); ages estimated from looks (off by
  up to 4 years); sex missing or wrong; the family recorded in another region.
- **Families split.** Siblings are found together only 70% of the time; a request names
  all of a family's children in 75% of cases, otherwise one request per child.
- Real names from the data folder (when given) are 35% of family names and 15% of
  mothers' names; without it every name comes from the lexicon.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import JaroWinkler

from benchmarks.caseload_b_lexicon import (
    BOYS,
    CLANS,
    GIRLS,
    REGIONS,
    STYLES,
    Name,
    cyrillic_patronymic,
    feminine,
    mishear,
    spell,
    to_arabic,
    to_cyrillic,
)
from homeward.linkage import Record

FILING_YEAR = 2020
_SKELETON = str.maketrans({c: None for c in "aeiouyw'-"})


@dataclass(frozen=True)
class Surname:
    spoken: str
    cyrillic: str  # masculine official form
    arabic: str | None = None
    russian_style: bool = True


@dataclass
class Kid:
    sex: str
    name: Name
    birth: tuple[int, int, int]


@dataclass
class Family:
    surname: Surname
    father: Name
    grandfather: Name
    mother: Name
    mother_surname: Surname
    mother_father: Name
    mother_year: int
    region: tuple[str, str, str, float]
    kids: list[Kid] = field(default_factory=list)

    def eldest_son(self) -> Kid | None:
        sons = [k for k in self.kids if k.sex == "M"]
        return min(sons, key=lambda k: k.birth) if sons else None


@dataclass
class CaseloadB:
    children: list[Record]
    requests: list[Record]
    truth: set[tuple[str, str]] = field(default_factory=set)


def _skeleton(text: str) -> str:
    return text.lower().replace("kh", "h").replace("sh", "s").translate(_SKELETON)


def _arabic_skeleton(text: str) -> str:
    table = {
        "ب": "b",
        "ت": "t",
        "ث": "t",
        "ج": "j",
        "ح": "h",
        "خ": "h",
        "د": "d",
        "ذ": "d",
        "ر": "r",
        "ز": "z",
        "س": "s",
        "ش": "s",
        "ص": "s",
        "ض": "d",
        "ط": "t",
        "ظ": "z",
        "غ": "g",
        "ف": "f",
        "ق": "k",
        "ك": "k",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ه": "h",
    }
    return "".join(table.get(c, "") for c in text)


def _cyrillic_skeleton(text: str) -> str:
    table = {
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "ж": "j",
        "з": "z",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "ф": "f",
        "х": "h",
        "ц": "ts",
        "ч": "ch",
        "ш": "s",
        "щ": "s",
    }
    return "".join(table.get(c, "") for c in text.lower())


def real_names(names_dir: Path | None, limit: int = 3000) -> list[Surname]:
    """Names as real pairs write them: Latin with Arabic, Latin with Cyrillic (dev splits)."""
    if names_dir is None:
        return []
    out: list[Surname] = []
    sources = (
        ("wikidata-arabic-dev.tsv", _arabic_skeleton, "Arab"),
        ("wikidata-russian-dev.tsv", _cyrillic_skeleton, "Cyrl"),
    )
    for filename, skeleton, script in sources:
        path = names_dir / filename
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) < 2 or not (row[0].isascii() and row[0].isalpha()):
                    continue
                latin, other = row[0].lower(), row[1].replace(" ", "")
                if len(latin) < 4 or len(other) < 3:
                    continue
                a, b = _skeleton(latin), skeleton(other)
                # keep pairs that write one name, not two parts of one person's name
                if not a or not b or JaroWinkler.similarity(a, b) < 0.8:
                    continue
                if script == "Arab":
                    out.append(Surname(latin, to_cyrillic(latin), other, False))
                else:
                    out.append(Surname(latin, other.capitalize(), None, False))
                if len(out) >= limit * (1 if script == "Arab" else 2):
                    break
    return out


class GeneratorB:
    def __init__(self, seed: int, real: list[Surname]) -> None:
        self.rng = random.Random(seed)
        self.real = real
        self.clans = [Surname(s, c) for s, c, _ in CLANS]
        self.clan_weights = [w for _, _, w in CLANS]
        # each clan's favourite names for its sons (the ancestors it names them after)
        self.clan_names = {c.spoken: self.rng.sample(BOYS, 5) for c in self.clans}

    # -- people -----------------------------------------------------------------

    def _name(self, table: list[Name]) -> Name:
        return self.rng.choices(table, weights=[n[3] for n in table])[0]

    def _surname(self) -> Surname:
        if self.real and self.rng.random() < 0.35:
            return self.rng.choice(self.real)
        return self.rng.choices(self.clans, weights=self.clan_weights)[0]

    def _clan_boy(self, surname: Surname) -> Name:
        favourites = self.clan_names.get(surname.spoken)
        if favourites and self.rng.random() < 0.6:
            return self.rng.choice(favourites)
        return self._name(BOYS)

    def _mother_name(self) -> Name:
        if self.real and self.rng.random() < 0.15:
            s = self.rng.choice(self.real)
            return (s.spoken, s.cyrillic, s.arabic or to_arabic(s.spoken, self.rng), 1.0)
        return self._name(GIRLS)

    def family(self) -> Family:
        rng = self.rng
        surname = self._surname()
        fam = Family(
            surname=surname,
            father=self._clan_boy(surname),
            grandfather=self._clan_boy(surname),
            mother=self._mother_name(),
            mother_surname=self._surname(),
            mother_father=self._name(BOYS),
            mother_year=0,
            region=rng.choices(REGIONS, weights=[r[3] for r in REGIONS])[0],
        )
        size = rng.choices([1, 2, 3, 4, 5, 6], weights=[40, 27, 16, 9, 5, 3])[0]
        year = rng.randint(2004, 2018)
        fam.mother_year = year - rng.randint(16, 34)
        for _ in range(size):
            sex = rng.choice("MF")
            fam.kids.append(
                Kid(
                    sex,
                    self._name(BOYS if sex == "M" else GIRLS),
                    (year, rng.randint(1, 12), rng.randint(1, 28)),
                )
            )
            year += rng.choice([1, 1, 2, 2, 3])
            if year > 2019:
                break
        return fam

    # -- writing names ---------------------------------------------------------

    def _heard_latin(self, spoken: str, style: str | None = None) -> str:
        style = style or self.rng.choice(["english", "english", "french", "german", "turkish"])
        return spell(mishear(spoken, self.rng, 0.04), style, self.rng)

    def _heard_arabic(self, name: Name | Surname) -> str:
        spoken = name[0] if isinstance(name, tuple) else name.spoken
        written = name[2] if isinstance(name, tuple) else name.arabic
        if written and self.rng.random() < 0.6:
            return written
        return to_arabic(mishear(spoken, self.rng, 0.04), self.rng)

    def _surname_latin(self, s: Surname, sex: str, style: str) -> str:
        text = self._heard_latin(s.spoken, style)
        if s.russian_style and sex == "F" and self.rng.random() < 0.7:
            text += "a"
        return text

    def _kunya(self, fam: Family, marker: str, script: str) -> str:
        son = fam.eldest_son()
        target = son.name if son else self._name(BOYS)
        if script == "Arab":
            return f"{'أبو' if marker == 'abu' else 'أم'} {self._heard_arabic(target)}"
        word = "Abu" if marker == "abu" else self.rng.choice(["Umm", "Um", "Oum"])
        return f"{word} {self._heard_latin(target[0])}"

    # -- a request -------------------------------------------------------------

    def request(self, rid: str, fam: Family, kid: Kid, group: str | None) -> Record:
        rng = self.rng
        sur = fam.surname.cyrillic if kid.sex == "M" else feminine(fam.surname.cyrillic)
        r = rng.random()
        if r < 0.7:
            names = [f"{sur} {kid.name[1]} {cyrillic_patronymic(fam.father[1], kid.sex)}"]
        elif r < 0.85:
            names = [f"{kid.name[1]} {sur}"]
        else:  # copied from the child's foreign passport
            names = [
                f"{spell(fam.surname.spoken, 'passport', rng).upper()} "
                f"{spell(kid.name[0], 'passport', rng).upper()}"
            ]
        y, m, d = kid.birth
        birth, lo, hi = None, None, None
        r = rng.random()
        if rng.random() < 0.04:  # the relative gets the year wrong
            y += rng.choice([-2, -1, 1, 2])
        if r < 0.6:
            birth = f"{y:04d}-{m:02d}-{d:02d}"
        elif r < 0.8:
            birth = f"{y:04d}"
        elif r < 0.92:  # "she was about six when they left in 2015"
            age = FILING_YEAR - y + rng.choice([-1, 0, 0, 1])
            lo, hi = FILING_YEAR - age - 1, FILING_YEAR - age + 1
        mother: list[str] = []
        mother_year = None
        if rng.random() < 0.75:
            mother_name = fam.mother if rng.random() > 0.03 else self._name(GIRLS)
            ms = (
                feminine(fam.mother_surname.cyrillic)
                if fam.mother_surname.russian_style
                else fam.mother_surname.cyrillic
            )
            r = rng.random()
            if r < 0.5:
                mother = [f"{ms} {mother_name[1]} {cyrillic_patronymic(fam.mother_father[1], 'F')}"]
            elif r < 0.75:
                mother = [f"{ms} {mother_name[1]}"]
            else:
                mother = [mother_name[1]]
            if rng.random() < 0.4:
                mother_year = fam.mother_year + rng.choice([0, 0, 0, 1, -1, 2])
        father: list[str] = []
        if rng.random() < 0.8:
            father = [f"{fam.surname.cyrillic} {fam.father[1]}"]
            if rng.random() < 0.3:
                father = [f"{father[0]} {cyrillic_patronymic(fam.grandfather[1], 'M')}"]
        region = None
        r = rng.random()
        if r < 0.85:
            region = fam.region[1]
        elif r < 0.9:
            region = rng.choice(REGIONS)[1]  # where the relative lives now
        sex: str | None = kid.sex
        r = rng.random()
        if r < 0.02:
            sex = None
        elif r < 0.03:
            sex = "F" if kid.sex == "M" else "M"
        return Record(
            rid,
            names,
            sex,
            birth,
            lo,
            hi,
            mother,
            father,
            region,
            mother_birth_year=mother_year,
            family=group,
        )

    # -- a record abroad -------------------------------------------------------

    def found(self, cid: str, fam: Family, kid: Kid, group: str | None) -> Record:
        rng = self.rng
        with_mother = rng.random() < 0.55
        papers = rng.random() < 0.1
        script = rng.choices(["Latn", "Arab", "Cyrl"], weights=[45, 40, 15])[0]
        style = rng.choice(list(STYLES)[:4])
        has_surname = rng.random() < (0.75 if script != "Arab" else 0.4)
        names: list[str]
        if papers:
            names = [
                f"{spell(fam.surname.spoken, 'passport', rng)} "
                f"{spell(kid.name[0], 'passport', rng)}"
            ]
        elif script == "Arab":
            parts = [self._heard_arabic(kid.name)]
            r = rng.random()
            if r < 0.4:
                parts += [
                    "بن" if kid.sex == "M" else "بنت",
                    self._heard_arabic(fam.father),
                    "بن",
                    self._heard_arabic(fam.grandfather),
                ]
            elif r < 0.75:
                parts += [self._heard_arabic(fam.father), self._heard_arabic(fam.grandfather)]
            elif r < 0.9:
                parts.append(self._heard_arabic(fam.father))
            if has_surname:
                parts.append(self._heard_arabic(fam.surname))
            elif rng.random() < 0.3:
                parts.append(fam.region[2])
            names = [" ".join(parts)]
        elif script == "Cyrl":
            parts = [to_cyrillic(mishear(kid.name[0], rng, 0.04))]
            if has_surname:
                s = to_cyrillic(mishear(fam.surname.spoken, rng, 0.04))
                parts.insert(0, feminine(s) if kid.sex == "F" and fam.surname.russian_style else s)
            names = [" ".join(parts)]
        else:
            parts = [self._heard_latin(kid.name[0], style)]
            if rng.random() < 0.3:
                parts += [
                    "bin" if kid.sex == "M" else "bint",
                    self._heard_latin(fam.father[0], style),
                ]
            if has_surname:
                parts.append(self._surname_latin(fam.surname, kid.sex, style))
            names = [" ".join(parts)]
        if rng.random() < 0.2:  # a second list (school, clinic) spells it again
            names.append(
                f"{self._heard_latin(kid.name[0])} "
                f"{self._surname_latin(fam.surname, kid.sex, 'english')}"
            )
        y, m, d = kid.birth
        birth, lo, hi = None, None, None
        r = rng.random()
        if papers or r < 0.08:
            birth = f"{y:04d}-{m:02d}-{d:02d}"
        elif r < 0.2:  # a clerk's default date for an estimated age
            birth = f"{y + rng.choice([-2, -1, 0, 0, 1, 2]):04d}-01-01"
        elif r < 0.8:
            off = max(-4, min(4, round(rng.gauss(0, 1.6))))
            width = rng.choice([0, 1, 1, 2])
            lo, hi = y + off - width, y + off + width
        mother: list[str] = []
        mother_year = None
        if with_mother:
            r = rng.random()
            if r < 0.35:  # from her passport, Latin as printed there
                ms = spell(fam.mother_surname.spoken, "passport", rng)
                if fam.mother_surname.russian_style:
                    ms += "a"
                mother = [
                    f"{ms} {spell(fam.mother[0], 'passport', rng)} "
                    f"{spell(fam.mother_father[0], 'passport', rng)}ovna"
                ]
                if rng.random() < 0.7:
                    mother_year = fam.mother_year
            elif r < 0.6:
                mother = [self._kunya(fam, "umm", script)]
            elif script == "Arab":
                mother = [
                    f"{self._heard_arabic(fam.mother)} {self._heard_arabic(fam.mother_father)}"
                ]
            else:
                mother = [self._heard_latin(fam.mother[0], style)]
                if rng.random() < 0.4:
                    mother[0] += " " + self._surname_latin(fam.mother_surname, "F", style)
        elif rng.random() < 0.15:  # another detainee knew her name
            mother = [self._heard_latin(fam.mother[0])]
        father: list[str] = []
        r = rng.random()
        if r < 0.2:
            father = [
                self._kunya(fam, "abu", script)
                + (f" {'al-' + fam.region[0].capitalize()}" if rng.random() < 0.3 else "")
            ]
        elif r < (0.5 if with_mother else 0.3):
            father = [self._heard_latin(fam.father[0], style)]
        region = None
        r = rng.random()
        if r < 0.3:
            region = spell(fam.region[0], style, rng)
        elif r < 0.35:
            region = spell(rng.choice(REGIONS)[0], style, rng)
        sex: str | None = kid.sex
        r = rng.random()
        if r < 0.03:
            sex = None
        elif r < 0.045:
            sex = "F" if kid.sex == "M" else "M"
        return Record(
            cid,
            names,
            sex,
            birth,
            lo,
            hi,
            mother,
            father,
            region,
            mother_birth_year=mother_year,
            family=group,
        )


def build_caseload_b(
    n_children: int,
    n_requests: int,
    *,
    seed: int = 7,
    names_dir: Path | None = None,
    found_and_sought: float = 0.6,
) -> CaseloadB:
    """Children abroad, requests and the true (child_id, request_id) pairs."""
    gen = GeneratorB(seed, real_names(names_dir))
    rng = gen.rng
    n_both = int(found_and_sought * min(n_children, n_requests))
    children: list[Record] = []
    requests: list[Record] = []
    truth: set[tuple[str, str]] = set()
    n_groups = 0

    def group() -> str:
        nonlocal n_groups
        n_groups += 1
        return f"G{rng.randrange(10**9):09d}"

    def add_requests(fam: Family, kids: Sequence[Kid]) -> dict[int, list[str]]:
        ids: dict[int, list[str]] = {}
        together = group() if rng.random() < 0.75 and len(kids) > 1 else None
        for kid in kids:
            rid = f"R{len(requests) + 1:07d}"
            requests.append(gen.request(rid, fam, kid, together or group()))
            ids[id(kid)] = [rid]
            if rng.random() < 0.05:  # a second relative files for the same child
                rid2 = f"R{len(requests) + 1:07d}"
                requests.append(gen.request(rid2, fam, kid, group()))
                ids[id(kid)].append(rid2)
        return ids

    def add_found(fam: Family, kids: Sequence[Kid]) -> dict[int, str]:
        ids: dict[int, str] = {}
        found_group = group()
        for kid in kids:
            cid = f"C{len(children) + 1:07d}"
            g = found_group if rng.random() < 0.7 else group()
            children.append(gen.found(cid, fam, kid, g))
            ids[id(kid)] = cid
        return ids

    paired = 0
    while paired < n_both:
        fam = gen.family()
        kids = fam.kids[: n_both - paired]
        rids = add_requests(fam, kids)
        cids = add_found(fam, kids)
        for kid in kids:
            for rid in rids[id(kid)]:
                truth.add((cids[id(kid)], rid))
        paired += len(kids)
    while len(children) < n_children:
        fam = gen.family()
        add_found(fam, fam.kids[: n_children - len(children)])
    while len(requests) < n_requests:
        fam = gen.family()
        add_requests(fam, fam.kids[: max(1, n_requests - len(requests))])
    del requests[n_requests:]
    kept = {r.id for r in requests}
    truth = {(c, r) for c, r in truth if r in kept}
    rng.shuffle(children)
    rng.shuffle(requests)
    return CaseloadB(children, requests, truth)
