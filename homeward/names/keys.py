"""Blocking and search keys that survive script, romanisation scheme and spelling habits."""

from __future__ import annotations

from functools import lru_cache

from homeward.names.compare import token_codes
from homeward.names.lexicon import groups_for_token
from homeward.names.parse import (
    CHAIN_MARKERS,
    TEKNONYM_MARKERS,
    father_from_patronymic,
    is_patronymic,
    strip_article,
    surname_stem,
    tokenize,
)
from homeward.names.phonetic import coarse, phonetic, skeleton
from homeward.names.translit import romanize_token

__all__ = ["name_keys", "token_keys"]


def _frame(code: str) -> str:
    """Consonant frame of a phonetic code for keys: no vowels and no h (Latin spellings drop
    the h of Arabic and Russian names, and add silent ones); the sound classes when nothing
    is left."""
    # Doubles left by the removal stay: Muhammad is m-m-t, not m-t.
    return skeleton(code).replace("h", "") or coarse(code)


@lru_cache(maxsize=200_000)
def token_keys(token: str) -> frozenset[str]:
    """Keys of one normalised token: lexicon groups ("g:") and consonant skeletons ("s:").

    The skeleton of the canonical romanisation is always among them, so a name and its
    romanisation share keys whatever the script.
    """
    bare = strip_article(token)
    codes = token_codes(token)
    keys = {f"g:{gid}" for gid in codes.near_groups}
    # Every reading of the spelling gives a key: Wagner is read both v- and u-.
    keys |= {f"s:{_frame(fine)}" for fine, _, _ in codes.codes}
    forms = romanize_token(bare.replace("'", "").replace("-", ""))
    if forms:
        canonical = forms[0].removeprefix("al-")
        keys.add(f"s:{_frame(phonetic(canonical))}")
        keys |= {f"g:{gid}" for gid in groups_for_token(canonical)}
    return frozenset(keys)


@lru_cache(maxsize=100_000)
def name_keys(text: str) -> frozenset[str]:
    """Script-independent keys of a name for blocking and search.

    For every token: the ids of its lexicon name groups (g:muhammad) and the consonant skeleton
    of each reading, without vowels and h (s:mmt for Muhammad, Mokhammad and محمد). Patronymics and Russian surnames add the keys of the name
    they are built on, so Русланович meets روسلان.
    """
    keys: set[str] = set()
    tokens = tokenize(text)
    for i, tok in enumerate(tokens):
        if (tok in TEKNONYM_MARKERS or tok in CHAIN_MARKERS) and i + 1 < len(tokens):
            continue  # "abu", "bin" say how the next name relates, not who this is
        keys |= token_keys(tok)
        derived = father_from_patronymic(tok) if is_patronymic(tok) else surname_stem(tok)
        if derived:
            keys |= token_keys(derived)
    return frozenset(keys)
