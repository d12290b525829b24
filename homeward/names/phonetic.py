"""Phonetic codes of ASCII spellings: what name comparison and keys are computed on.

A code replaces each digraph by one symbol (sh, sch, sz -> S; kh -> H; ts, tz -> Q ...) so that
spellings of one sound agree; ``coarse`` merges sounds that scripts and ears confuse
(voiced/unvoiced, the sibilants, o/u and e/i); ``skeleton`` keeps the consonant frame, which
is all an Arabic spelling reliably shares with a Latin one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rigour.text.translit import ascii_text

__all__ = ["latin_ascii", "phonetic", "coarse", "skeleton", "latin_readings", "DOUBLES"]

# Letters whose plain ASCII base would read wrongly (č is ch, not c; ç is s, not k).
_LATIN_SPECIAL = str.maketrans(
    {
        "č": "ch",
        "ć": "ch",
        "š": "sh",
        "ś": "sh",
        "ž": "zh",
        "ź": "zh",
        "ř": "rzh",
        "ş": "sh",
        "ș": "sh",
        "ț": "ts",
        "ç": "s",
        "ğ": "",
        "ı": "i",
        "đ": "dj",
        "ñ": "ny",
        "ł": "l",
        "ä": "e",
        "ö": "o",
        "ü": "u",
        "ə": "a",
        "ʻ": "",
        "ʼ": "",
        "ō": "o",
        "ū": "u",
    }
)


@lru_cache(maxsize=200_000)
def latin_ascii(token: str) -> str:
    """Lowercase ASCII letters of a Latin-script token: diacritics removed, ß -> ss, č -> ch."""
    text = token.lower().translate(_LATIN_SPECIAL)
    return "".join(ch for ch in ascii_text(text).lower() if "a" <= ch <= "z")


_DIGRAPHS = re.compile(
    r"schtsch|shch|szcz|tsch|dzh|sch|tch|sh|sz|ch|cz|zh|kh|dj|gh|ph|th|dh|ck|ts|tz|ou|oo|ee|"
    r"c(?=[eiy])|[qwxyj]|c"
)
_DIGRAPH_CODE: dict[str, str] = {
    "schtsch": "S",
    "shch": "S",
    "szcz": "S",
    "tsch": "C",
    "dzh": "J",
    "sch": "S",
    "tch": "C",
    "sh": "S",
    "sz": "S",
    "ch": "C",
    "cz": "C",
    "zh": "Z",
    "kh": "H",
    "dj": "J",
    "gh": "g",
    "ph": "f",
    "th": "t",
    "dh": "d",
    "ck": "k",
    "ts": "Q",
    "tz": "Q",
    "ou": "u",
    "oo": "u",
    "ee": "i",
    "q": "k",
    "w": "v",
    "x": "ks",
    "y": "i",
    "j": "J",
}
DOUBLES = re.compile(r"(.)\1+")


def _digraph(match: re.Match[str]) -> str:
    text = match.group(0)
    if text == "c":
        # c before e/i/y reads s (Cecil, Marcellus); elsewhere k.
        end = match.end()
        return "s" if match.string[end : end + 1] in ("e", "i", "y") else "k"
    return _DIGRAPH_CODE[text]


@lru_cache(maxsize=500_000)
def phonetic(ascii_form: str) -> str:
    """Fine phonetic code of an ASCII spelling: digraphs to one symbol, doubles collapsed.

    sh/sch/sz -> S, ch/cz/tch -> C, zh -> Z, kh -> H, j/dzh/dj -> J, ts/tz -> Q, w -> v,
    y -> i, c -> k (s before e/i/y), ph -> f, th -> t.
    """
    return DOUBLES.sub(r"\1", _DIGRAPHS.sub(_digraph, ascii_form))


_COARSE = str.maketrans(
    {
        "o": "u",
        "e": "i",
        "p": "b",
        "v": "f",
        "t": "t",
        "d": "t",
        "g": "k",
        "q": "k",
        "H": "h",
        "z": "s",
        "Q": "ts",
        "Z": "S",
        "C": "S",
        "J": "S",
    }
)
_VOWELS = re.compile("[aeiou]")


@lru_cache(maxsize=500_000)
def coarse(code: str) -> str:
    """Sound-class code: voiced/unvoiced pairs merged, vowels to a/i/u, sibilants merged."""
    return DOUBLES.sub(r"\1", code.translate(_COARSE))


@lru_cache(maxsize=500_000)
def skeleton(code: str) -> str:
    """Consonant frame of a phonetic code: the sound classes without vowels."""
    return DOUBLES.sub(r"\1", _VOWELS.sub("", coarse(code)))


# --- reading habits of Latin spellings --------------------------------------------------------
# A Latin spelling does not say which language's habits wrote it: "w" is v in Wagner but u in
# Whitelaw, "j" is y in Jagiello, dzh in John and kh in Juan, "ch" is kh, sh, ch or k. Each
# habit rewrites the spelling before the default phonetic code reads it; a Latin token is then
# compared through every distinct reading.
_HABITS: tuple[tuple[tuple[str, str], ...], ...] = (
    # English
    (
        (r"^wh", "u"),
        (r"w", "u"),
        (r"(?<=[aeiou])y$", "i"),
        (r"e$", ""),
        (r"ough", "o"),
        (r"igh", "ai"),
        (r"ay", "ei"),
    ),
    # German and Polish
    (
        (r"ae", "e"),
        (r"oe", "e"),
        (r"rz", "zh"),
        (r"tz|z(?!h)", "ts"),
        (r"(?<=[aeiou])s(?=[aeiou])|^s(?=[aeiou])", "z"),
        (r"sch", "sh"),
        (r"ch", "kh"),
        (r"v", "f"),
        (r"w", "v"),
        (r"j", "y"),
        (r"ei", "ai"),
        (r"eu", "oi"),
        (r"ie", "i"),
    ),
    # French
    (
        (r"eau|au", "o"),
        (r"ch", "sh"),
        (r"j", "zh"),
        (r"g(?=[eiy])", "zh"),
        (r"oi", "ua"),
        (r"gn", "ny"),
        (r"qu", "k"),
        (r"ou", "u"),
        (r"(?<=[^aeiou])e$|[sxtd]$", ""),
        (r"ll", "l"),
        (r"ille", "iy"),
        (r"^h", ""),
        (r"(?<=[aeiou])s(?=[aeiou])", "z"),
    ),
    # Italian
    (
        (r"zz|z", "ts"),
        (r"gli", "li"),
        (r"gn", "ny"),
        (r"ch", "k"),
        (r"gh", "g"),
        (r"sc(?=[ei])", "sh"),
        (r"c(?=[ei])", "ch"),
        (r"g(?=[ei])", "dzh"),
        (r"^h|h$", ""),
    ),
    # Spanish and Portuguese
    (
        (r"j", "kh"),
        (r"ll", "y"),
        (r"qu", "k"),
        (r"g(?=[ei])", "kh"),
        (r"^h", ""),
        (r"ch", "ch"),
        (r"nh", "ny"),
        (r"lh", "ly"),
        (r"x", "sh"),
    ),
)
_HABIT_PATTERNS: tuple[tuple[tuple[re.Pattern[str], str], ...], ...] = tuple(
    tuple((re.compile(pattern), repl) for pattern, repl in habit) for habit in _HABITS
)


@lru_cache(maxsize=200_000)
def latin_readings(ascii_form: str) -> tuple[str, ...]:
    """Distinct phonetic codes of an ASCII spelling read by several languages' habits."""
    codes: dict[str, None] = {phonetic(ascii_form): None}
    for habit in _HABIT_PATTERNS:
        text = ascii_form
        for pattern, repl in habit:
            text = pattern.sub(repl, text)
        if text:
            codes[phonetic(text)] = None
    return tuple(codes)
