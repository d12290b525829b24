"""Similarity of names across scripts.

Every token is reduced once (cached) to a few phonetic codes of its plausible romanisations;
two tokens score by the best agreement of their codes, letter by letter and by sound class,
and by shared lexicon groups. Full names align their tokens one to one (order free), with
patronymics and Russian surnames also offering the given name they are built on.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from homeward.names.lexicon import groups_for_token
from homeward.names.normalization import char_script, normalize
from homeward.names.parse import (
    CHAIN_MARKERS,
    TEKNONYM_MARKERS,
    father_candidates,
    is_origin,
    is_patronymic,
    strip_article,
    surname_stem,
    tokenize,
)
from homeward.names.phonetic import coarse, latin_ascii, latin_readings, phonetic, skeleton
from homeward.names.translit import arabic_code, cyrillic_canonical, cyrillic_german

__all__ = ["token_similarity", "similarity", "token_codes"]

_sim = Levenshtein.normalized_similarity

#: Score given to two different spellings of one lexicon group.
LEXICON_SCORE = 0.95
#: Score of an initial against a name starting with the same sound (М. ~ Magomed).
INITIAL_SCORE = 0.8
#: Weight of an initial in a full name.
INITIAL_WEIGHT = 0.5
#: Factor applied when both tokens are known names of different lexicon groups.
DIFFERENT_NAMES_DISCOUNT = 0.75
#: Discount when a token meets another only through the name it is built on (Хасанов ~ Hasan).
DERIVED_DISCOUNT = 0.9
#: Weight of an unmatched token relative to a matched one, in the full-name score.
MISSING_WEIGHT = 0.3
#: Weight of kunya and origin names, which many people share.
WEAK_WEIGHT = 0.3


@dataclass(frozen=True, slots=True)
class TokenCodes:
    """The cached comparison material of one normalised token."""

    arabic: bool
    initial: bool  # a single letter
    groups: frozenset[str]  # groups listing this very spelling: evidence for comparison
    near_groups: frozenset[str]  # also groups of a close listed spelling: for keys
    codes: tuple[tuple[str, str, str], ...]  # (fine, coarse, skeleton) per spelling


def _codes_of(fines: list[str]) -> tuple[tuple[str, str, str], ...]:
    seen: dict[tuple[str, str, str], None] = {}
    for fine in fines:
        if fine:
            seen[(fine, coarse(fine), skeleton(fine))] = None
    return tuple(seen)


def _fine_codes(letters: str) -> list[str]:
    scripts = {char_script(ch) for ch in letters}
    if "Arab" in scripts:
        code = arabic_code(letters)
        codes = [code]
        # Normalisation folded hamza-alef (إبراهيم: i-) into bare alef (a-) and alef maqsura
        # (مصطفى: -a) into ya (-i); read those letters both ways.
        if letters[0] == "ا" and len(code) > 2 and code[0] == "a" and code[1] not in "aiu":
            codes.append("i" + code[1:])
        if letters[-1] == "ي" and len(code) > 2 and code[-1] == "i" and code[-2] not in "aiu":
            codes.extend([c[:-1] + "a" for c in codes])
        return codes
    if "Cyrl" in scripts:
        return [phonetic(cyrillic_canonical(letters)), phonetic(cyrillic_german(letters))]
    return list(latin_readings(latin_ascii(letters)))


@lru_cache(maxsize=300_000)
def token_codes(token: str) -> TokenCodes:
    """Phonetic codes of a normalised token's plausible spellings, and its lexicon groups.

    A leading article (al-, ال) is read both kept and dropped: Alec and Alice also begin
    with ال in Arabic.
    """
    letters = "".join(ch for ch in token if ch.isalpha())
    bare = "".join(ch for ch in strip_article(token) if ch.isalpha())
    fines = _fine_codes(letters)
    groups = groups_for_token(letters, fuzzy=False)
    fuzzy_groups = groups_for_token(letters)
    if bare != letters and bare:
        fines += _fine_codes(bare)
        groups |= groups_for_token(bare, fuzzy=False)
        fuzzy_groups |= groups_for_token(bare)
    arabic = any(char_script(ch) == "Arab" for ch in letters)
    return TokenCodes(arabic, len(letters) == 1, groups, fuzzy_groups, _codes_of(fines))


def _code_pair_score(a: tuple[str, str, str], b: tuple[str, str, str]) -> float:
    # 0.4 letters + 0.6 sound classes, fitted on the training pairs against random partners
    # and against partners sharing a blocking key (the look-alikes a linkage run meets); the
    # consonant frame added nothing once both were counted. Tenths, so that two perfect
    # scores make exactly 1.
    return (4 * _sim(a[0], b[0]) + 6 * _sim(a[1], b[1])) / 10


def _token_score(a: str, b: str) -> float:
    if a == b:
        return 1.0
    ca, cb = token_codes(a), token_codes(b)
    if ca.initial or cb.initial:
        # Russian lists write "Хасанов М.Р.": an initial agrees with a name that starts with
        # its sound, and says little more.
        starts_a = {code[1][:1] for code in ca.codes}
        starts_b = {code[1][:1] for code in cb.codes}
        return INITIAL_SCORE if not starts_a.isdisjoint(starts_b) else 0.0
    best = 0.0
    for x in ca.codes:
        for y in cb.codes:
            score = _code_pair_score(x, y)
            if score > best:
                best = score
    if ca.groups and cb.groups:
        if not ca.groups.isdisjoint(cb.groups):
            return max(best, LEXICON_SCORE)
        # Two known names of different groups (Salman, Sulayman) are different names however
        # alike they look.
        return best * DIFFERENT_NAMES_DISCOUNT
    return best


@lru_cache(maxsize=500_000)
def _token_score_cached(a: str, b: str) -> float:
    return _token_score(a, b)


def token_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two single name tokens in any scripts (1 = same spelling)."""
    na, nb = normalize(a), normalize(b)
    if not na or not nb:
        return 1.0 if na == nb and a.strip() and a == b else 0.0
    if na == nb:
        return 1.0
    if nb < na:
        na, nb = nb, na
    return _token_score_cached(na.replace(" ", ""), nb.replace(" ", ""))


@dataclass(frozen=True, slots=True)
class _Unit:
    """One name of a full name, with the forms it may be compared by and their factors."""

    forms: tuple[tuple[str, float], ...]
    weight: float


@lru_cache(maxsize=100_000)
def _units(text: str) -> tuple[_Unit, ...]:
    tokens = tokenize(text)
    units: list[_Unit] = []
    skip_next = False
    for i, tok in enumerate(tokens):
        if skip_next:
            skip_next = False
            continue
        if tok in CHAIN_MARKERS and 0 < i < len(tokens) - 1:
            continue
        if tok in TEKNONYM_MARKERS and i + 1 < len(tokens):
            units.append(_Unit(((tokens[i + 1], 1.0),), WEAK_WEIGHT))
            skip_next = True
            continue
        if is_origin(tok):
            units.append(_Unit(((tok, 1.0),), WEAK_WEIGHT))
            continue
        if sum(1 for ch in tok if ch.isalpha()) == 1:
            units.append(_Unit(((tok, 1.0),), INITIAL_WEIGHT))
            continue
        forms = [(tok, 1.0)]
        if is_patronymic(tok):
            # Two patronymics share their suffix (-ович); only the father's name tells them
            # apart, and it is what an Arabic chain writes.
            fathers = father_candidates(tok)
            if fathers:
                forms = [(father, 1.0) for father in fathers]
        else:
            stem = surname_stem(tok)
            if stem:
                forms.append((stem, DERIVED_DISCOUNT))
        units.append(_Unit(tuple(forms), 1.0))
    return tuple(units)


def _pair(a: str, b: str) -> float:
    return _token_score_cached(a, b) if a <= b else _token_score_cached(b, a)


def _unit_score(a: _Unit, b: _Unit) -> float:
    if len(a.forms) == 1 and len(b.forms) == 1:
        return _pair(a.forms[0][0], b.forms[0][0]) * a.forms[0][1] * b.forms[0][1]
    best = 0.0
    for fa, wa in a.forms:
        for fb, wb in b.forms:
            score = _pair(fa, fb) * wa * wb
            if score > best:
                best = score
    return best


def _align(ua: tuple[_Unit, ...], ub: tuple[_Unit, ...]) -> float:
    # Greedy one-to-one alignment, best pairs first; ties resolved by position so that the
    # result depends only on the (ordered) inputs.
    pairs = sorted((-_unit_score(a, b), i, j) for i, a in enumerate(ua) for j, b in enumerate(ub))
    used_a: set[int] = set()
    used_b: set[int] = set()
    total = 0.0
    weight = 0.0
    for neg_score, i, j in pairs:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        w = min(ua[i].weight, ub[j].weight)
        total -= neg_score * w
        weight += w
    matched_weight = weight
    for i, a in enumerate(ua):
        if i not in used_a and a.weight >= INITIAL_WEIGHT:
            weight += MISSING_WEIGHT * a.weight
    for j, b in enumerate(ub):
        if j not in used_b and b.weight >= INITIAL_WEIGHT:
            weight += MISSING_WEIGHT * b.weight
    if matched_weight == 0.0:
        return 0.0
    return total / weight


def similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two full names in any scripts; higher = more likely the same.

    Token order does not matter; a token missing on one side costs less than a mismatch; a
    patronymic may meet the father's given name and a Russian surname the given name it is
    built on; kunya and origin names count as weak evidence. Symmetric; 1 for identical names.
    """
    na, nb = normalize(a), normalize(b)
    if not na or not nb:
        return 1.0 if not na and not nb and a.strip() and a == b else 0.0
    if na == nb:
        return 1.0
    if nb < na:
        na, nb = nb, na
    return _similarity_cached(na, nb)


@lru_cache(maxsize=200_000)
def _similarity_cached(na: str, nb: str) -> float:
    ua, ub = _units(na), _units(nb)
    if not ua or not ub:
        return 0.0
    return max(0.0, min(1.0, _align(ua, ub)))
