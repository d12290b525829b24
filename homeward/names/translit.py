"""Romanisation of Cyrillic and Arabic names (phonetic codes live in phonetic.py).

Real documents romanise one Cyrillic name many ways: ICAO passports (Khasanov, Iusupov),
BGN/PCGN (Yusupov), GOST 7034 (Xasanov), French (Rouslanovitch) and German (Chassanow) habits.
Arabic is written without short vowels, so an Arabic name yields a consonant frame with the
long vowels, to which Latin spellings are compared by sound class rather than letter by letter.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

import iuliia

from homeward.names.normalization import char_script
from homeward.names.phonetic import DOUBLES, latin_ascii, phonetic

__all__ = [
    "romanize",
    "romanize_token",
    "cyrillic_canonical",
    "cyrillic_german",
    "arabic_literal",
    "arabic_code",
    "arabic_vowelled",
]

# A plain passport-like scheme, chosen as the canonical spelling because it is deterministic,
# ASCII and close to what Russian documents have printed since 2013 (ICAO), but with й/ы -> y
# and no ie/iu/ia, which read as separate syllables to officials abroad.
_CYR_CANON: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ӏ": "",
    # Letters of other Cyrillic alphabets met in North Caucasian and Central Asian names.
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "ў": "u",
    "ә": "a",
    "ө": "o",
    "ү": "u",
    "ұ": "u",
    "қ": "k",
    "ғ": "gh",
    "ң": "ng",
    "һ": "h",
    "ҳ": "h",
    "ҷ": "j",
    "ӣ": "i",
    "ӯ": "u",
    "ҡ": "k",
    "ҙ": "z",
    "ҫ": "s",
    "џ": "dzh",
    "ђ": "dj",
    "ћ": "c",
    "ј": "j",
    "љ": "lj",
    "њ": "nj",
}

# German habits (Chassanow, Juschtschenko): no iuliia scheme covers them.
_CYR_GERMAN: dict[str, str] = {
    **_CYR_CANON,
    "в": "w",
    "ж": "sch",
    "з": "s",
    "й": "j",
    "х": "ch",
    "ц": "z",
    "ч": "tsch",
    "ш": "sch",
    "щ": "schtsch",
    "ы": "y",
    "ю": "ju",
    "я": "ja",
    "э": "e",
    "е": "e",
}

# Initial-vowel and between-vowel "s" doubling of German spellings is left out on purpose: the
# phonetic code collapses doubled letters anyway.

_IULIIA_SCHEMES = (
    iuliia.ICAO_DOC_9303,
    iuliia.BGN_PCGN,
    iuliia.MVD_310_FR,
    iuliia.GOST_7034,
)

# (ASCII spelling, phonetic code) of each Arabic letter.
_ARABIC_LETTERS: dict[str, tuple[str, str]] = {
    "ا": ("a", "a"),
    "ب": ("b", "b"),
    "ت": ("t", "t"),
    "ث": ("th", "t"),
    "ج": ("j", "J"),
    "ح": ("h", "h"),
    "خ": ("kh", "H"),
    "د": ("d", "d"),
    "ذ": ("dh", "d"),
    "ر": ("r", "r"),
    "ز": ("z", "z"),
    "س": ("s", "s"),
    "ش": ("sh", "S"),
    "ص": ("s", "s"),
    "ض": ("d", "d"),
    "ط": ("t", "t"),
    "ظ": ("z", "z"),
    "ع": ("", ""),
    "غ": ("gh", "g"),
    "ف": ("f", "f"),
    "ق": ("q", "k"),
    "ك": ("k", "k"),
    "ل": ("l", "l"),
    "م": ("m", "m"),
    "ن": ("n", "n"),
    "ه": ("h", "h"),
    "پ": ("p", "p"),
    "چ": ("ch", "C"),
    "ژ": ("zh", "Z"),
    "گ": ("g", "g"),
    "ڤ": ("v", "v"),
    "ڨ": ("g", "g"),
    "ک": ("k", "k"),
    "ی": ("y", "i"),
}
_ARABIC_VOWEL_LETTERS = frozenset("اوي")
_FRENCH_SS = re.compile(r"(?<=[aeiouy])s(?=[aeiouy])")


def cyrillic_canonical(token: str) -> str:
    """The canonical ASCII romanisation of a normalised Cyrillic token."""
    return "".join(_CYR_CANON.get(ch, ch if "a" <= ch <= "z" else "") for ch in token)


def cyrillic_german(token: str) -> str:
    """German-habit ASCII spelling of a normalised Cyrillic token (Chassanow, Juschtschenko)."""
    return "".join(_CYR_GERMAN.get(ch, ch if "a" <= ch <= "z" else "") for ch in token)


def _iuliia(token: str, scheme: iuliia.Schema) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        out = scheme.translate(token.replace("ӏ", ""))
    return latin_ascii(out)


def _arabic_units(token: str) -> list[tuple[str, str]]:
    """Read a normalised Arabic token letter by letter: (ASCII spelling, phonetic code) units.

    Alef reads "a", waw "u" and ya "i" inside a word; at its start waw is a consonant and alef
    before ya or waw only carries the vowel (ايوب = Ayub/Iyub, اوسامه = Usama). Final ha after
    a consonant is the folded ta marbuta ("a"). The phonetic code is built here rather than
    from the ASCII spelling, whose letter pairs would read as digraphs (اسحاق is s+h, not sh).
    """
    units: list[tuple[str, str]] = []
    n = len(token)
    i = 0
    while i < n:
        ch = token[i]
        nxt = token[i + 1] if i + 1 < n else ""
        if ch == "ا" and i == 0 and nxt == "ي" and n > 2:
            units.append(("i", "i"))
            i += 2
            continue
        if ch == "ا" and i == 0 and nxt == "و" and n > 2:
            units.append(("u", "u"))
            i += 2
            continue
        if ch == "ت" and nxt == "ش":
            units.append(("ch", "C"))  # تش is how Arabic writes "ch"
            i += 2
            continue
        if ch == "و":
            units.append(("w", "v") if i == 0 and n > 1 else ("u", "u"))
        elif ch == "ي":
            units.append(("y", "i") if i == 0 and nxt in _ARABIC_VOWEL_LETTERS else ("i", "i"))
        elif ch == "ه" and i == n - 1 and i >= 2 and token != "الله":
            units.append(("a", "a"))  # almost always the folded ta marbuta
        elif ch == "ع":
            # Ain is a throat sound Latin spellings show as their vowel: Ali, Umar, Izzet.
            units.append(("a", "a") if i == 0 else ("", ""))
        elif ch in _ARABIC_LETTERS:
            units.append(_ARABIC_LETTERS[ch])
        elif "a" <= ch <= "z":
            units.append((ch, phonetic(ch)))
        i += 1
    return units


def arabic_literal(token: str) -> str:
    """Letter-by-letter ASCII reading of a normalised Arabic token, short vowels unwritten."""
    return "".join(ascii_form for ascii_form, _ in _arabic_units(token))


@lru_cache(maxsize=200_000)
def arabic_code(token: str) -> str:
    """Phonetic code (see ``phonetic``) of a normalised Arabic token's literal reading."""
    return DOUBLES.sub(r"\1", "".join(code for _, code in _arabic_units(token)))


_RUSSIAN_ENDINGS_IN_ARABIC = (
    # Caucasian surnames written in Arabic keep their Russian endings: عمروف, زكاييف.
    (re.compile(r"(?<=[^aiu])ufa$"), "ova"),
    (re.compile(r"(?<=[^aiu])uf$"), "ov"),
    (re.compile(r"aiifa$|iifa$"), "ayeva"),
    (re.compile(r"aiif$|iif$"), "ayev"),
    (re.compile(r"(?<=[^aiu])ifa$"), "eva"),
    (re.compile(r"(?<=[^aiu])if$"), "ev"),
)


def _vowelled(literal: str) -> str:
    """Guess the unwritten short vowels of a letter-by-letter reading, as "a".

    A name cannot start or end with two consonants, nor hold three in a row (Hasan, not Hsn;
    Ahmad, not Ahmd); anywhere else the reading is left as written, which keeps long names
    from filling up with vowels. Russian surname endings get their usual spelling.
    """
    units = re.findall(r"kh|sh|th|dh|gh|ch|zh|.", literal)
    cons = [u not in ("a", "i", "u", "e", "o") for u in units]
    n = len(units)
    insert_after: set[int] = set()
    if n >= 2 and cons[0] and cons[1]:
        insert_after.add(0)
    if n >= 3 and cons[-1] and cons[-2]:
        insert_after.add(n - 2)
    run = 0
    for i in range(n):
        run = run + 1 if cons[i] else 0
        if run == 3 and i - 2 not in insert_after:
            insert_after.add(i - 1)
            run = 1
    out: list[str] = []
    for i, unit in enumerate(units):
        out.append(unit)
        if i in insert_after and i + 1 < n and units[i + 1] != unit:
            out.append("a")
    text = "".join(out)
    for pattern, repl in _RUSSIAN_ENDINGS_IN_ARABIC:
        text = pattern.sub(repl, text)
    return text


def arabic_vowelled(token: str) -> str:
    """ASCII reading of a normalised Arabic token with guessed short vowels (حسن: hasan)."""
    return _vowelled(arabic_literal(token))


@lru_cache(maxsize=200_000)
def _token_schemes(token: str) -> tuple[str, ...]:
    """Spellings of a token by position: for Cyrillic one per scheme in a fixed order
    (canonical, ICAO, BGN/PCGN, French, GOST 7034, German), so that the words of one name can
    be spelled by one scheme; for Arabic the lexicon's forms, then guessed vowels, then
    letters only. Empty strings where a scheme gives nothing."""
    from homeward.names.lexicon import latin_forms_for

    token = "".join(ch for ch in token if ch.isalpha())
    if not token:
        return ()
    scripts = {char_script(ch) for ch in token}
    if "Arab" in scripts:
        if token.startswith("ال") and len(token) > 3:
            return tuple(f"al-{form}" if form else "" for form in _token_schemes(token[2:]))
        literal = arabic_literal(token)
        return (*latin_forms_for(token), _vowelled(literal), literal)
    if "Cyrl" in scripts:
        forms = [cyrillic_canonical(token)]
        for scheme in _IULIIA_SCHEMES:
            form = _iuliia(token, scheme)
            if scheme is iuliia.MVD_310_FR:
                # French spellings double an s between vowels to keep it unvoiced (Khassanov).
                form = _FRENCH_SS.sub("ss", form)
            forms.append(form)
        forms.append(cyrillic_german(token))
        return tuple(forms)
    return (latin_ascii(token),)


def romanize_token(token: str) -> tuple[str, ...]:
    """Plausible ASCII spellings of one normalised token, canonical first, without repeats."""
    return tuple(dict.fromkeys(form for form in _token_schemes(token) if form))


@lru_cache(maxsize=50_000)
def romanize(text: str) -> tuple[str, ...]:
    """Plausible lowercase ASCII Latin forms of a name in any script, canonical first.

    Cyrillic goes through the canonical scheme, ICAO 9303, BGN/PCGN, French, GOST 7034 and
    German habits, each applied to the whole name; Arabic through the lexicon of common names
    and a letter-by-letter reading with and without guessed short vowels.
    """
    from homeward.names.parse import tokenize

    per_token = [forms for forms in (_token_schemes(t) for t in tokenize(text)) if forms]
    if not per_token:
        return ()
    width = max(len(forms) for forms in per_token)
    seen: dict[str, None] = {}
    for i in range(width):
        words = [forms[i] if i < len(forms) and forms[i] else forms[0] for forms in per_token]
        name = " ".join(word for word in words if word)
        if name:
            seen[name] = None
    return tuple(seen)
