"""Blocking and search keys that survive script, romanisation scheme and spelling habits."""

from __future__ import annotations

from functools import lru_cache

from homeward.names.compare import token_codes
from homeward.names.parse import father_from_patronymic, is_patronymic, surname_stem, tokenize

__all__ = ["name_keys", "token_keys"]


@lru_cache(maxsize=200_000)
def token_keys(token: str) -> frozenset[str]:
    """Keys of one normalised token: lexicon groups ("g:") and consonant skeletons ("s:")."""
    codes = token_codes(token)
    keys = {f"g:{gid}" for gid in codes.groups}
    if codes.codes:
        skel = codes.codes[0][2]
        if skel:
            keys.add(f"s:{skel}")
    return frozenset(keys)


@lru_cache(maxsize=100_000)
def name_keys(text: str) -> frozenset[str]:
    """Script-independent keys of a name for blocking and search.

    For every token: the ids of its lexicon name groups (g:muhammad) and the consonant skeleton
    of its canonical reading (s:mhmt). Patronymics and Russian surnames add the keys of the name
    they are built on, so Русланович meets روسلان.
    """
    keys: set[str] = set()
    for tok in tokenize(text):
        keys |= token_keys(tok)
        derived = father_from_patronymic(tok) if is_patronymic(tok) else surname_stem(tok)
        if derived:
            keys |= token_keys(derived)
    return frozenset(keys)
