"""Per-record features: names turned into romanised forms and script-independent keys.

Splink compares columns with SQL, but names arrive in Arabic, Cyrillic and Latin script. So
every name is resolved once, here, in Python, through ``homeward.names``: each part (given
name, surname, father's given name, mother's given name) becomes a short list of lowercase
Latin forms (the first is canonical) plus a set of blocking keys. SQL then only compares
plain ASCII strings and lists. Results are cached per distinct string because the same few
thousand names recur across a whole caseload.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from homeward.linkage.records import Record, parse_birth_date, year_range

# A record keeps at most this many forms per name part: enough for variants across scripts,
# few enough that pairwise list comparisons in SQL stay cheap.
MAX_FORMS = 6
MAX_KEYS = 8

# Russian surnames are gendered (Khasanov / Khasanova, Gadzhiev / Gadzhieva); the masculine
# form is the family's name, so a sister, a mother and a father's record all fold to it.
_FEMININE_SURNAME = re.compile(r"(ov|ev|yov|yev|in|yn)a$")
_FEMININE_ADJ_SURNAME = re.compile(r"(sk|tsk|ck)aya$")
_SPACES = re.compile(r"\s+")


def _names() -> Any:
    try:
        import homeward.names as names
    except ImportError as exc:  # pragma: no cover - only without the names engine
        raise RuntimeError("homeward.linkage needs the homeward.names package") from exc
    return names


def fold_surname(form: str) -> str:
    """The masculine (family) form of a romanised Russian-style surname."""
    if _FEMININE_ADJ_SURNAME.search(form):
        return _FEMININE_ADJ_SURNAME.sub(r"\1iy", form)
    if len(form) > 4 and _FEMININE_SURNAME.search(form):
        return form[:-1]
    return form


def _as_text(value: object) -> str | None:
    """Parsed-name fields may be a string, a sequence of tokens or nothing."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, Iterable):
        parts = [str(v).strip() for v in value if v]
        text = " ".join(p for p in parts if p)
        return text or None
    return None


@lru_cache(maxsize=200_000)
def part_forms(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """Romanised forms (canonical first) and blocking keys of one name part."""
    names = _names()
    try:
        forms = tuple(f for f in names.romanize(text) if f)
    except Exception:  # a name the romaniser cannot read still gets compared by keys
        forms = ()
    try:
        keys = frozenset(names.name_keys(text))
    except Exception:
        keys = frozenset()
    return forms[:MAX_FORMS], keys


# Russian surname endings, also as an Arabic clerk writes them (-ov as -uf/-of, -ev as -if/-yf)
_SURNAME_ENDINGS = re.compile(
    r"(ov|ev|yev|iev|uf|of|ef|if|yf|in|yn|sky|skiy|ski|ko|uk|dze|shvili|ian|yan)a?$"
)


def _is_given_name(text: str) -> bool:
    """True if a token is itself a lexicon given name ("Madina"), not a surname built on one
    ("Khasanov" keys to the name Hasan but is no given name)."""
    forms, keys = part_forms(text)
    groups = {k[2:] for k in keys if k.startswith("g:")}
    if not groups and " " not in text and compound_keys(forms):
        return True  # "Magomedemin": two given names in one
    return bool(groups) and (any(f in groups for f in forms) or not _looks_like_surname(text))


def _looks_like_surname(text: str) -> bool:
    forms, _ = part_forms(text)
    return any(_SURNAME_ENDINGS.search(f) for f in forms[:1])


_HYPHENATED = re.compile(r"(\w+)-(\w+)")
_RUSSIAN_SURNAME = re.compile(r"(ov|ev|yev|sky|skiy)a?$")


def _join_hyphenated(text: str) -> str:
    """ "Магомед-Эмин", "Сайд-Магомед": two given names joined by a hyphen are one given
    name (Dagestani and Chechen usage), written elsewhere as one word ("Магомедэмин") or as
    two ("محمد أمين"); the parser would take the second for a family name."""

    def join(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        # a lexicon name first, and no Russian family name second ("Ali-Khanov"); the
        # second may be spelt as heard ("Magomed-Emen")
        tail = (part_forms(b)[0] or ("",))[0]
        if _groups(a) and not _RUSSIAN_SURNAME.search(tail):
            return a + b
        return m.group(0)

    return _HYPHENATED.sub(join, text) if "-" in text else text


@lru_cache(maxsize=200_000)
def _parse(text: str) -> tuple[str | None, str | None, str | None]:
    """(given, surname, father's given name) of a full name, as written."""
    names = _names()
    text = _join_hyphenated(text)
    try:
        parsed = names.parse_name(text)
    except Exception:
        return (_SPACES.sub(" ", text).strip() or None), None, None
    marked = _read_chain(tuple(str(t) for t in (getattr(parsed, "tokens", None) or ())))
    if marked is not None:
        return marked
    given = _as_text(getattr(parsed, "given", None))
    surname = _as_text(getattr(parsed, "surname", None))
    father = _as_text(getattr(parsed, "father_given", None))
    if father is None:
        father = _as_text(getattr(parsed, "patronymic", None))
    patronymic = _as_text(getattr(parsed, "patronymic", None))
    tokens = [str(t) for t in (getattr(parsed, "tokens", None) or ())]
    if (
        surname is None
        and patronymic is not None
        and given is not None
        and patronymic in tokens
        and given in tokens
        and tokens.index(patronymic) < tokens.index(given)
    ):
        # a patronymic never precedes the given name: "Kedrovich Akhmed" is a surname
        surname, father = patronymic, None
    grandfather = _as_text(getattr(parsed, "grandfather", None))
    # in a name chain the given name comes first: "Kheda bint Turpal bin Abubakar" is Kheda
    chain = grandfather is not None
    if surname is None and grandfather is not None and not _after_marker(grandfather, tokens):
        # an Arabic-style chain written for a Russian citizen ends with the family name;
        # one written "bin X" names a grandfather, no family
        surname = grandfather
    if (
        surname is None
        and father is not None
        and " " not in father
        and _looks_like_surname(father)
        and not _is_given_name(father)
    ):
        father, surname = None, father
    if (
        not chain
        and given is not None
        and surname is not None
        and " " not in given
        and not _is_given_name(given)
        and _is_given_name(surname)
    ):
        # "Sidni Madina Magomedovna": official order put an unknown surname first
        given, surname = surname, given
    if given is None and surname is None and not getattr(parsed, "teknonyms", None):
        # a kunya ("Umm Bilal", "Abu Ahmed": mother or father of Bilal, of Ahmed) is no
        # given name, and "umm" or "abu" as one would agree with every other kunya
        tokens = getattr(parsed, "tokens", None) or text.split()
        given = _as_text(list(tokens)[:1])
    return given, surname, father


def _read_chain(tokens: Sequence[str]) -> tuple[str | None, str | None, str | None] | None:
    """(given, surname, father) of a name chain with bin/bint markers, read by its markers.

    What comes before the first marker is the person's own name, which may be two words
    ("Hajji Murad bin Ibrahim", "Nur Muhammad bin Arslan": the names written as one word
    in Russian, Гаджимурад, Нурмагомед); the first element after it is the father. An
    unmarked word after the last element is a family name ("... bin Musa Yusupov"), unless
    it is a given name, which belongs to a two-word element ("bint Muhammad bin Nur
    Muhammad"). None where the name is not such a chain (no marker, a kunya, a first part
    that is no given name): the parser's reading stands.
    """
    from homeward.names.parse import CHAIN_MARKERS as markers
    from homeward.names.parse import TEKNONYM_MARKERS as kunya
    from homeward.names.parse import is_origin

    words = [t for t in tokens if not is_origin(t)]
    if not any(t in markers for t in words) or any(t in kunya for t in words):
        return None
    segments: list[list[str]] = [[]]
    for t in words:
        if t in markers:
            segments.append([])
        else:
            segments[-1].append(t)
    own = segments[0]
    if not own or len(own) > 2 or len(segments) < 2 or not segments[1]:
        return None
    if len(own) == 2 and not all(_is_given_name(w) and not _looks_like_surname(w) for w in own):
        return None
    last = segments[-1]
    surname = None
    if len(last) > 1 and (_looks_like_surname(last[-1]) or not _is_given_name(last[-1])):
        surname = last[-1]
    return " ".join(own), surname, segments[1][0]


def _after_marker(name: str, tokens: Sequence[str]) -> bool:
    """True if a chain element is introduced by bin/bint/ibn ("... bin Bilal")."""
    from homeward.names.parse import CHAIN_MARKERS as markers

    for i, tok in enumerate(tokens):
        if tok == name and i > 0 and tokens[i - 1] in markers:
            return True
    return False


class _Part:
    """Accumulates forms and keys of one name part across a record's variants."""

    def __init__(self, fold: bool = False, compound: bool = False) -> None:
        self.forms: list[str] = []
        self.keys: set[str] = set()
        self.fold = fold
        self.compound = compound

    def add(self, text: str | None) -> None:
        if not text:
            return
        # a multi-word part ("Abdul Rahman") is compared whole and word by word
        words = text.split()
        for piece in dict.fromkeys([text, *words]):
            forms, keys = part_forms(piece)
            for form in forms:
                form = fold_surname(form) if self.fold else form
                if form not in self.forms and len(self.forms) < MAX_FORMS:
                    self.forms.append(form)
            self.keys.update(keys)
            if self.compound and " " not in piece:
                self.keys.update(compound_keys(forms))
        if self.compound:
            for a, b in zip(words, words[1:], strict=False):
                self.add_pair(a, b)

    def add_pair(self, first: str, second: str) -> None:
        """The compound key of two given names read as one ("Nur" and "Muhammad")."""
        self.keys.update(_pair_keys(_groups(first), _groups(second)))

    @property
    def canon(self) -> str | None:
        return self.forms[0] if self.forms else None

    def key_list(self) -> list[str] | None:
        return sorted(self.keys)[:MAX_KEYS] if self.keys else None

    def form_list(self) -> list[str] | None:
        return list(self.forms) if self.forms else None


def _groups(text: str) -> list[str]:
    """Lexicon groups of one word ("magomed" -> muhammad)."""
    return sorted(k[2:] for k in part_forms(text)[1] if k.startswith("g:"))


def _pair_keys(first: Sequence[str], second: Sequence[str]) -> set[str]:
    return {f"c:{a}+{b}" for a in first[:2] for b in second[:2]}


#: Shortest given name a compound is split into ("Ali", "Nur")
_MIN_PIECE = 3


@lru_cache(maxsize=200_000)
def compound_keys(forms: tuple[str, ...]) -> frozenset[str]:
    """``c:`` keys of a one-word name made of two given names.

    Dagestani and Chechen names join two names into one: Гаджимурад (Hajji + Murad),
    Нурмагомед (Nur + Muhammad), Магомедрасул, Муртазали (Murtaza + Ali, the shared vowel
    written once). Arabic script writes them as two words (حاجي مراد), a parser then reads
    the second as the father's name. A split counts only where both halves are lexicon given
    names; a name the lexicon knows whole (Abdulhamid, Abubakar) is not split.
    """
    out: set[str] = set()
    for form in forms[:3]:
        if " " in form or _groups(form) or _RUSSIAN_SURNAME.search(form):
            continue  # "Alimuradov" is a family name built on the compound
        for i in range(_MIN_PIECE, len(form) - _MIN_PIECE + 1):
            left, right = form[:i], form[i:]
            splits = [(left, right)]
            if right[0] in "aeiou":
                splits.append((left + right[0], right))
            for a, b in splits:
                ga = _groups(a)
                gb = _groups(b) if ga else []
                if ga and gb:
                    out.update(_pair_keys(ga, gb))
    return frozenset(out)


@dataclass(frozen=True)
class Features:
    """What SQL needs to know about one record."""

    unique_id: str
    given_canon: str | None
    given_forms: list[str] | None
    given_keys: list[str] | None
    surname_canon: str | None
    surname_forms: list[str] | None
    surname_keys: list[str] | None
    father_canon: str | None
    father_forms: list[str] | None
    father_keys: list[str] | None
    mother_canon: str | None
    mother_forms: list[str] | None
    mother_keys: list[str] | None
    mother_surname_canon: str | None
    mother_surname_forms: list[str] | None
    mother_surname_keys: list[str] | None
    mother_father_canon: str | None
    mother_father_forms: list[str] | None
    mother_father_keys: list[str] | None
    mother_year: int | None
    sex: str | None
    birth_full: str | None
    year_min: int | None
    year_max: int | None
    region: str | None
    block_keys: list[str] | None
    age_keys: list[str] | None
    name_only: bool
    family: str | None = None


def normalise_sex(value: str | None) -> str | None:
    """``M``/``F`` from the usual spellings; anything else is unknown."""
    if value is None:
        return None
    v = value.strip().lower()
    if v in {"m", "male", "boy", "м", "муж", "мужской", "ذكر"}:
        return "M"
    if v in {"f", "female", "girl", "ж", "жен", "женский", "أنثى", "انثى"}:
        return "F"
    return None


@lru_cache(maxsize=10_000)
def normalise_region(value: str) -> str | None:
    """A home region in any script, as one romanised lowercase string."""
    text = _SPACES.sub(" ", value).strip()
    if not text:
        return None
    forms, _ = part_forms(text)
    form = forms[0] if forms else text.lower()
    # "Республика Дагестан", "Чеченская Республика", "Ставропольский край" are the official
    # names of what a clerk writes "Dagestan", "Chechnya", "Stavropol": the kind of subject
    # goes, and the adjective or country ending, so both read "dagestan", "chechn"...
    words = [w for w in re.split(r"[\s\-]+", form) if w and w not in _REGION_KINDS]
    stems = [_REGION_ENDING.sub("", w) if len(w) > 5 else w for w in words]
    return " ".join(w for w in stems if w) or form


_REGION_KINDS = frozenset(
    "respublika republic republique republik oblast oblast' kray krai region "
    "avtonomnyy avtonomny avtonomnaya okrug ao gorod city of the".split()
)
_REGION_ENDING = re.compile(r"(skaya|skiy|skij|skii|sky|skoy|ya|iya|ia|a|y|iy)$")


def _primary(keys: set[str]) -> list[str]:
    """At most two keys standing for a name part: its lexicon groups first, else sounds."""
    # a compound name's key ("c:hajji+murad") first: it is what its other spellings share
    groups = sorted(k for k in keys if k.startswith(("c:", "g:")))
    return (groups or sorted(keys))[:2]


def _block_keys(
    given: _Part,
    surname: _Part,
    father: _Part,
    mother: _Part,
    years: tuple[int | None, int | None],
    mother_surname: _Part | None = None,
    full_date: str | None = None,
) -> list[str] | None:
    """Composite keys: two records become candidates when they share any one of them.

    A given name alone is no key: "Magomed" would pair thousands of children. Each key
    joins a given-name key to one more piece of evidence: a paternal-line name (surname or
    father's given name, one key space because an Arabic name chain and a Russian surname
    both come from the father's line), the mother's given name, or a birth year (with one
    year of slack each side, so estimated ages up to two years apart still meet). The
    surname also keys with a birth year, for records whose given name was misheard.
    Three-part keys (given, paternal and mother or year) stay selective where the two-part
    keys of very common names are dropped as too frequent (``engine.prune_keys``).
    Because a clerk may write the surname first or last, and a parser then take one for
    the other, any name of the child (given or family) also keys with a birth year and with
    the mother's given name; and the mother's given name keys with her family name, for a
    child whose own name was misheard beyond recognition. A full birth date is a key on
    its own (a clerk's default date, shared by many, is dropped as too frequent).
    The child's given and family names also key as an unordered pair (given and family
    name swapped), the family name with the father's given name, and the two parents'
    given names together (a child whose own names were lost or misheard): the last two
    pair a child with its siblings at most, so they stay few at any caseload size.
    """
    g = sorted(given.keys)[:MAX_KEYS]
    keys: set[str] = set()
    paternal = sorted(surname.keys | father.keys)
    for k in g:
        keys.update(f"gp:{k}|{o}" for o in paternal)
        keys.update(f"gm:{k}|{o}" for o in sorted(mother.keys)[:MAX_KEYS])
    lo, hi = years
    span = range(lo - 1, hi + 2) if lo is not None and hi is not None and hi - lo <= 6 else None
    if full_date is not None:
        keys.add(f"d:{full_date}")
    # the child's two names in either order: a clerk who wrote "Rafineskue Asiyat" and one
    # who wrote "Asiyat Rafineskue" agree on the pair, whichever the parser took for given
    for k in g:
        keys.update(f"sw:{min(k, o)}|{max(k, o)}" for o in sorted(surname.keys)[:MAX_KEYS])
    own = sorted(given.keys | surname.keys)[: 2 * MAX_KEYS]
    if span is not None:
        for s in own:
            keys.update(f"ny:{s}|{y}" for y in span)
    for s in own:
        keys.update(f"nm:{s}|{m}" for m in sorted(mother.keys)[:MAX_KEYS])
    if mother_surname is not None:
        for m in sorted(mother.keys)[:MAX_KEYS]:
            keys.update(f"mm:{m}|{o}" for o in sorted(mother_surname.keys)[:MAX_KEYS])
    # family name with father's name, for a child whose own name was misheard beyond
    # recognition; it pairs a child with its siblings too, a handful at most
    for sk in sorted(surname.keys)[:MAX_KEYS]:
        keys.update(f"sf:{sk}|{fk}" for fk in sorted(father.keys)[:MAX_KEYS])
    # both parents' given names, for a child whose own names were both lost
    for fk in _primary(father.keys):
        keys.update(f"pm:{fk}|{m}" for m in _primary(mother.keys))
    gp, pp, mp = _primary(given.keys), _primary(surname.keys | father.keys), _primary(mother.keys)
    for k in gp:
        for p in pp:
            keys.update(f"gpm:{k}|{p}|{m}" for m in mp)
            if span is not None:
                keys.update(f"gpy:{k}|{p}|{y}" for y in span)
    return sorted(keys) if keys else None


def _age_keys(
    given: _Part, years: tuple[int | None, int | None], father: _Part | None = None
) -> list[str] | None:
    """Keys on the given name alone, for blocking rules that must never pair two fully
    described records on them (a key every "Magomed" shares). Each is built on the given
    name's lexicon groups (compound ones included) and its sound keys:

    - given name and birth year (``y:...|2012``), for a record carrying no other name
      ("Rasul, about 7"), paired with anyone;
    - the given name alone (``n:...``), for pairs where one of the two records has no
      birth year at all: nothing else there can join a given name to make a key;
    - the same again (``o:...``), for pairs where one record has nothing but a given
      name: no year, no other name;
    - the father's given name with a birth year (``f:...|2012``), for pairs where one
      record has no family name: a name chain ("Aisa bint Ali") carries the paternal line
      in the father's name alone, as "surname with year" does for the others, and its
      child's own name may be misheard.

    ``blocking.prune_lone_name_keys`` drops such a key where it would bring too many
    pairs, counting only the records lacking what the key stands in for, so a common name
    keeps its ``o:`` key (few records have nothing else) after losing its ``n:`` key.
    """
    groups = sorted(k for k in given.keys if k.startswith(("c:", "g:")))[:MAX_KEYS]
    # and its sound keys: a name heard far from any spelling ("Fatim", "Omina") reaches no
    # lexicon group, while its counterpart's has one; they share the sound
    sounds = sorted(k for k in given.keys if k.startswith("s:"))[:3]
    names = groups + sounds
    keys = [f"n:{k}" for k in names] + [f"o:{k}" for k in names]
    lo, hi = years
    if lo is not None and hi is not None and hi - lo <= 6:
        span = range(lo - 1, hi + 2)
        keys += [f"y:{k}|{y}" for k in names for y in span]
        if father is not None:
            keys += [f"f:{k}|{y}" for k in _primary(father.keys) for y in span]
    return keys or None


def record_features(record: Record) -> Features:
    """Resolve one record's names, dates and region into comparable features."""
    given, surname = _Part(compound=True), _Part(fold=True)
    father, mother = _Part(compound=True), _Part(compound=True)
    mother_surname = _Part(fold=True)
    # her patronymic names her father: a maternal grandfather is as telling as a father
    mother_father = _Part()
    for text in record.names:
        g, s, f = _parse(text)
        given.add(g)
        surname.add(s)
        father.add(f)
        if g and f and s is None and len(text.split()) == 2:
            # "محمد أمين": Muhammad son of Amin, or the one name Muhammad-Amin (Магомедамин)
            given.add_pair(g, f)
    for text in record.father_names:
        g, s, _ = _parse(text)
        father.add(g)
        if not record.names or not surname.forms:
            # a child's family name is its father's in Russian and North-Caucasian usage
            surname.add(s)
    for text in record.mother_names:
        g, s, f = _parse(text)
        mother.add(g)
        mother_surname.add(s)
        mother_father.add(f)
    full, _ = parse_birth_date(record.birth_date)
    years = year_range(record)
    return Features(
        unique_id=record.id,
        given_canon=given.canon,
        given_forms=given.form_list(),
        given_keys=given.key_list(),
        surname_canon=surname.canon,
        surname_forms=surname.form_list(),
        surname_keys=surname.key_list(),
        father_canon=father.canon,
        father_forms=father.form_list(),
        father_keys=father.key_list(),
        mother_canon=mother.canon,
        mother_forms=mother.form_list(),
        mother_keys=mother.key_list(),
        mother_surname_canon=mother_surname.canon,
        mother_surname_forms=mother_surname.form_list(),
        mother_surname_keys=mother_surname.key_list(),
        mother_father_canon=mother_father.canon,
        mother_father_forms=mother_father.form_list(),
        mother_father_keys=mother_father.key_list(),
        mother_year=record.mother_birth_year,
        sex=normalise_sex(record.sex),
        birth_full=full,
        year_min=years[0],
        year_max=years[1],
        region=normalise_region(record.home_region) if record.home_region else None,
        block_keys=_block_keys(given, surname, father, mother, years, mother_surname, full),
        age_keys=_age_keys(given, years, father),
        name_only=not (surname.forms or father.forms or mother.forms),
        family=record.family,
    )


#: Below this many records a second process costs more (start-up, pickling) than it saves.
_MIN_PARALLEL = 20_000


def features_of(records: Sequence[Record], workers: int = 1) -> list[Features]:
    """Features of many records (names resolved once per distinct string).

    With ``workers`` > 1 a large list is split across that many processes: resolving
    names is pure Python, so one process uses one core however many there are. Each
    process keeps its own cache of names, and the order of the result is the input's.
    """
    if workers <= 1 or len(records) < _MIN_PARALLEL:
        return [record_features(r) for r in records]
    import multiprocessing

    # consecutive slices, so that a worker's cache sees the names of its own records
    size = -(-len(records) // (workers * 4))
    chunks = [records[i : i + size] for i in range(0, len(records), size)]
    # fork: the workers inherit the loaded name tables instead of reading them again
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_features_chunk, chunks, chunksize=1)
    return [f for part in parts for f in part]


def _features_chunk(records: Sequence[Record]) -> list[Features]:
    return [record_features(r) for r in records]
