"""Unicode hygiene for names: validation, matching normalisation and script detection.

Names reach Homeward typed by consular staff, copied from host-court papers or heard over the
phone, so the same name arrives with Arabic diacritics or none, Cyrillic palochka written as a
Latin capital I, and sometimes invisible direction controls pasted in from word processors.
Direction controls are refused at entry (they can make a name display as something else) but
stripped silently when a stored name is only being compared.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "UnsafeNameError",
    "validate_name",
    "normalize",
    "detect_script",
    "char_script",
    "BIDI_CONTROLS",
]

#: Characters that change the display direction of text; they can disguise a name.
BIDI_CONTROLS: frozenset[str] = frozenset(
    ["\u200e", "\u200f", "\u061c"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

# Zero-width joiners and friends carry no sound; dropped when comparing.
_INVISIBLE = frozenset(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])

# Harakat, Quranic annotation marks and the superscript alef: absent from most written names.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_FOLD = str.maketrans(
    {
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0622": "\u0627",  # آ
        "\u0671": "\u0627",  # ٱ
        "\u0649": "\u064a",  # ى -> ي
        "\u0629": "\u0647",  # ة -> ه
        "\u0624": "\u0648",  # ؤ -> و (hamza seats vary between writers)
        "\u0626": "\u064a",  # ئ -> ي
        "\u0621": "",  # lone hamza
        "\u0640": "",  # tatweel
        "\u06cc": "\u064a",  # Persian yeh
        "\u06a9": "\u0643",  # Persian keheh
        "\u06c1": "\u0647",  # heh goal
        "ё": "е",
        "Ё": "Е",
    }
)
_PALOCHKA = "\u04cf"  # ӏ, the lowercase form; its capital Ӏ lowercases to it
_PALOCHKA_LOOKALIKES = frozenset(["I", "l", "1", "\u04c0", "\u04cf", "|"])

# Look-alike letters typed in the other script (a Cyrillic о inside a Latin word, etc.).
_CYR_TO_LAT = str.maketrans("аеорсухіАВЕКМНОРСТХУ", "aeopcyxiABEKMHOPCTXY")
_LAT_TO_CYR = str.maketrans("aeopcyxABEKMHOPCTX", "аеорсухАВЕКМНОРСТХ")

_SPACES = re.compile(r"\s+")
_WORD_PARTS = re.compile(r"([-'’.,/]+)")


class UnsafeNameError(ValueError):
    """A name contains a character that must never be stored (direction or control codes)."""


def char_script(ch: str) -> str | None:
    """Return "Arab", "Cyrl" or "Latn" for a letter of those scripts, else None."""
    cp = ord(ch)
    if cp < 0x80:
        return "Latn" if ch.isalpha() else None
    if (
        0x0400 <= cp <= 0x052F
        or 0x1C80 <= cp <= 0x1C8F
        or 0x2DE0 <= cp <= 0x2DFF
        or 0xA640 <= cp <= 0xA69F
    ):
        return "Cyrl" if ch.isalpha() else None
    if (
        0x0600 <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0x08A0 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
    ):
        return "Arab" if ch.isalpha() else None
    if 0x00C0 <= cp <= 0x024F or 0x1E00 <= cp <= 0x1EFF or 0x0250 <= cp <= 0x02AF:
        return "Latn" if ch.isalpha() else None
    return None


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "unnamed character")
    return f"U+{ord(ch):04X} {name}"


def validate_name(text: str) -> str:
    """Check a name typed or imported by a person and return it NFKC-normalised.

    Raises UnsafeNameError naming the first direction-control or other control character
    (bidi overrides can make a stored name display as a different one). Case, script and
    diacritics are kept: this is the form that is stored and shown. Whitespace is collapsed.
    """
    for index, ch in enumerate(text):
        if ch in BIDI_CONTROLS:
            raise UnsafeNameError(
                f"name contains the direction-control character {_describe(ch)} "
                f"at position {index + 1}; remove it and type the name again"
            )
        if unicodedata.category(ch) == "Cc" and ch not in " \t":
            raise UnsafeNameError(
                f"name contains the control character {_describe(ch)} at position {index + 1}"
            )
    cleaned = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", cleaned).strip()


def _fold_token_lookalikes(token: str) -> str:
    """Put each letter of a token into the token's dominant script.

    Inside a Cyrillic word, Latin I/l, the digit 1 and a vertical bar are the palochka (Ӏ) of
    Chechen, Ingush and Avar spellings, typed on keyboards that lack it.
    """
    cyr = lat = 0
    for ch in token:
        script = char_script(ch)
        if script == "Cyrl":
            cyr += 1
        elif script == "Latn" and ch not in _PALOCHKA_LOOKALIKES:
            lat += 1
    if cyr and cyr >= lat and any(ch in _PALOCHKA_LOOKALIKES for ch in token):
        token = "".join(_PALOCHKA if ch in _PALOCHKA_LOOKALIKES else ch for ch in token)
    lat = sum(1 for ch in token if char_script(ch) == "Latn")
    if cyr and lat:
        token = token.translate(_LAT_TO_CYR) if cyr >= lat else token.translate(_CYR_TO_LAT)
    return token


@lru_cache(maxsize=200_000)
def normalize(text: str) -> str:
    """Return the form of a name used for comparison, never for display.

    NFKC; direction controls and zero-width characters removed; Arabic diacritics and tatweel
    dropped, alef variants to bare alef, alef maqsura to ya, ta marbuta to ha, hamza seats
    folded; Cyrillic ё to е; palochka look-alikes (I, l, 1) inside Cyrillic words to ӏ; letters
    of the wrong script inside a word to their look-alike; lowercase; punctuation other than
    hyphen and apostrophe turned into spaces; whitespace collapsed. Idempotent.
    """
    text = "".join(ch for ch in text if ch not in BIDI_CONTROLS and ch not in _INVISIBLE)
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLD)
    out: list[str] = []
    for token in _SPACES.split(text):
        if token:
            # Each part of a hyphenated name is a word of its own script (Ali-Хасан).
            out.append("".join(_fold_token_lookalikes(p) for p in _WORD_PARTS.split(token)))
    text = " ".join(out).lower()
    # NFKC again: lowercasing can produce sequences that recompose.
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("ʼ", "'")
    kept = []
    for ch in text:
        if ch.isalnum() or ch in "-'" or ch == _PALOCHKA:
            kept.append(ch)
        elif unicodedata.category(ch) == "Mn":
            continue  # stray combining marks (e.g. after Latin letters NFKC could not compose)
        else:
            kept.append(" ")
    text = "".join(kept)
    return _SPACES.sub(" ", text).strip(" -'")


def detect_script(text: str) -> str:
    """Return "Arab", "Cyrl" or "Latn" when the letters of a name are in one script.

    "Mixed" when several of the three appear (after look-alike folding), "Unknown" when there
    are no letters or only letters of other scripts.
    """
    scripts: set[str] = set()
    other = False
    for ch in normalize(text):
        if not ch.isalpha():
            continue
        script = char_script(ch)
        if script is None:
            other = True
        else:
            scripts.add(script)
    if len(scripts) == 1 and not other:
        return next(iter(scripts))
    if len(scripts) >= 2 or (scripts and other):
        return "Mixed"
    return "Unknown"
