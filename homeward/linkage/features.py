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
    return bool(groups) and (any(f in groups for f in forms) or not _looks_like_surname(text))


def _looks_like_surname(text: str) -> bool:
    forms, _ = part_forms(text)
    return any(_SURNAME_ENDINGS.search(f) for f in forms[:1])


@lru_cache(maxsize=200_000)
def _parse(text: str) -> tuple[str | None, str | None, str | None]:
    """(given, surname, father's given name) of a full name, as written."""
    names = _names()
    try:
        parsed = names.parse_name(text)
    except Exception:
        return (_SPACES.sub(" ", text).strip() or None), None, None
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


def _after_marker(name: str, tokens: Sequence[str]) -> bool:
    """True if a chain element is introduced by bin/bint/ibn ("... bin Bilal")."""
    from homeward.names.parse import CHAIN_MARKERS as markers

    for i, tok in enumerate(tokens):
        if tok == name and i > 0 and tokens[i - 1] in markers:
            return True
    return False


class _Part:
    """Accumulates forms and keys of one name part across a record's variants."""

    def __init__(self, fold: bool = False) -> None:
        self.forms: list[str] = []
        self.keys: set[str] = set()
        self.fold = fold

    def add(self, text: str | None) -> None:
        if not text:
            return
        # a multi-word part ("Abdul Rahman") is compared whole and word by word
        for piece in dict.fromkeys([text, *text.split()]):
            forms, keys = part_forms(piece)
            for form in forms:
                form = fold_surname(form) if self.fold else form
                if form not in self.forms and len(self.forms) < MAX_FORMS:
                    self.forms.append(form)
            self.keys.update(keys)

    @property
    def canon(self) -> str | None:
        return self.forms[0] if self.forms else None

    def key_list(self) -> list[str] | None:
        return sorted(self.keys)[:MAX_KEYS] if self.keys else None

    def form_list(self) -> list[str] | None:
        return list(self.forms) if self.forms else None


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
    groups = sorted(k for k in keys if k.startswith("g:"))
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


def _age_keys(given: _Part, years: tuple[int | None, int | None]) -> list[str] | None:
    """Keys on the given name alone, for two blocking rules that must never pair two fully
    described records on them (a key every "Magomed" shares):

    - given-name group and birth year (``g:...|2012``), for a record carrying no other
      name ("Rasul, about 7"), paired with anyone;
    - the given name alone (``n:...``: its lexicon groups, else its first sound keys), for
      pairs where one of the two records has no birth year at all: nothing else there can
      join a given name to make a key. ``blocking.prune_lone_name_keys`` drops such a key
      where it would bring too many pairs, so this reaches rarer names only.
    """
    groups = sorted(k for k in given.keys if k.startswith("g:"))[:MAX_KEYS]
    keys = [f"n:{k}" for k in (groups or sorted(given.keys)[:2])]
    lo, hi = years
    if lo is not None and hi is not None and hi - lo <= 6:
        keys += [f"{k}|{y}" for k in groups for y in range(lo - 1, hi + 2)]
    return keys or None


def record_features(record: Record) -> Features:
    """Resolve one record's names, dates and region into comparable features."""
    given, surname, father, mother = _Part(), _Part(fold=True), _Part(), _Part()
    mother_surname = _Part(fold=True)
    # her patronymic names her father: a maternal grandfather is as telling as a father
    mother_father = _Part()
    for text in record.names:
        g, s, f = _parse(text)
        given.add(g)
        surname.add(s)
        father.add(f)
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
        age_keys=_age_keys(given, years),
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
