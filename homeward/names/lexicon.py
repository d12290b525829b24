"""The curated lexicon of name groups shipped in ``data/lexicon.tsv``.

A group gathers one name's spellings across Arabic, Cyrillic and Latin (Magomed, Muhammad,
Mohammed, محمد). Latin and Cyrillic spellings are indexed by their phonetic code, so close
variants not listed (Mukhammet) still find their group; Arabic spellings by normalised form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from homeward.names.normalization import char_script, normalize
from homeward.names.phonetic import coarse, latin_ascii, phonetic
from homeward.names.translit import cyrillic_canonical

__all__ = ["NameGroup", "load_lexicon", "groups_for_token", "latin_forms_for"]

_ABD_ARTICLE = re.compile(r"^abd[aeiu]l?(?=[^aeiou]{1}[a-zA-Z]{2})")


@dataclass(frozen=True, slots=True)
class NameGroup:
    """One given name across scripts."""

    id: str
    sex: str
    latin: tuple[str, ...]
    cyrillic: tuple[str, ...]
    arabic: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Lexicon:
    groups: dict[str, NameGroup]
    by_code: dict[str, frozenset[str]]
    by_arabic: dict[str, frozenset[str]]
    codes_by_length: dict[int, tuple[str, ...]]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in cell.split(",") if item.strip())


def _code_of(form: str) -> str:
    """Phonetic code of a Latin or Cyrillic spelling (spaces removed: Abu Bakr = Abubakr)."""
    norm = normalize(form).replace(" ", "").replace("-", "").replace("'", "")
    if any(char_script(ch) == "Cyrl" for ch in norm):
        code = phonetic(cyrillic_canonical(norm))
    else:
        code = phonetic(latin_ascii(norm))
    # Abd al-Rahman, Abdul Rahman, Abdurrahman, Abdelrahman: the vowel and article after Abd
    # vary with the writer, the name after it does not.
    return _ABD_ARTICLE.sub("abd", code)


@lru_cache(maxsize=1)
def load_lexicon() -> _Lexicon:
    """Read the shipped lexicon once."""
    text = resources.files("homeward.names").joinpath("data/lexicon.tsv").read_text("utf-8")
    groups: dict[str, NameGroup] = {}
    by_code: dict[str, set[str]] = {}
    by_arabic: dict[str, set[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        cells += [""] * (5 - len(cells))
        group = NameGroup(
            id=cells[0].strip(),
            sex=cells[1].strip(),
            latin=_split(cells[2]),
            cyrillic=_split(cells[3]),
            arabic=_split(cells[4]),
        )
        groups[group.id] = group
        for form in (group.id.split("_")[0], *group.latin, *group.cyrillic):
            code = _code_of(form)
            if code:
                by_code.setdefault(code, set()).add(group.id)
        for form in group.arabic:
            key = normalize(form).replace(" ", "")
            if key:
                by_arabic.setdefault(key, set()).add(group.id)
    return _Lexicon(
        groups=groups,
        by_code={k: frozenset(v) for k, v in by_code.items()},
        by_arabic={k: frozenset(v) for k, v in by_arabic.items()},
        codes_by_length=_by_length(by_code),
    )


def _by_length(codes: Iterable[str]) -> dict[int, tuple[str, ...]]:
    """Codes grouped by length: two codes of up to 19 letters within 15% edits of each other
    differ in length by at most two."""
    grouped: dict[int, list[str]] = {}
    for code in sorted(codes):
        grouped.setdefault(len(code), []).append(code)
    return {n: tuple(v) for n, v in grouped.items()}


@lru_cache(maxsize=200_000)
def groups_for_token(token: str, fuzzy: bool = True) -> frozenset[str]:
    """Ids of the lexicon groups a normalised token (any script) belongs to.

    With ``fuzzy``, a Latin or Cyrillic spelling that is not listed joins the group of a
    listed one about one letter in ten away (good for blocking keys; comparison asks for
    listed spellings only, where a group is evidence).
    """
    if not token:
        return frozenset()
    lexicon = load_lexicon()
    if any(char_script(ch) == "Arab" for ch in token):
        return lexicon.by_arabic.get(token.replace(" ", ""), frozenset())
    code = _code_of(token)
    exact = lexicon.by_code.get(code)
    if exact is not None or not fuzzy:
        return exact or frozenset()
    if len(code) < 6:
        return frozenset()  # short names are too close to each other to guess a group
    # Spellings not listed (Mukhammet, Abdalrahman) join the group of a listed spelling that
    # differs by about one letter in ten.
    near = [
        c for n in range(len(code) - 2, len(code) + 3) for c in lexicon.codes_by_length.get(n, ())
    ]
    # The ending must sound alike: an added ending makes another name (Rostami, of Rustam).
    last = coarse(code[-1])
    near = [c for c in near if coarse(c[-1]) == last]
    found = process.extractOne(
        code, near, scorer=Levenshtein.normalized_similarity, score_cutoff=0.85
    )
    return lexicon.by_code[found[0]] if found else frozenset()


def latin_forms_for(token: str) -> tuple[str, ...]:
    """Latin spellings of the lexicon groups of a token, most usual first."""
    lexicon = load_lexicon()
    forms: list[str] = []
    for gid in sorted(groups_for_token(token)):
        forms.extend(latin_ascii(f) for f in lexicon.groups[gid].latin[:4])
    return tuple(forms)
