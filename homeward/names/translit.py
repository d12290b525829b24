"""Romanisation of Cyrillic and Arabic names, and the phonetic codes used to compare them.

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
from rigour.text.translit import ascii_text

from homeward.names.normalization import char_script, normalize

__all__ = [
    "romanize",
    "romanize_token",
    "cyrillic_canonical",
    "arabic_literal",
    "latin_ascii",
    "phonetic",
    "coarse",
    "skeleton",
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

_ARABIC_LETTERS: dict[str, str] = {
    "ا": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "و": "w",
    "ي": "y",
    "پ": "p",
    "چ": "ch",
    "ژ": "zh",
    "گ": "g",
    "ڤ": "v",
    "ڨ": "g",
    "ک": "k",
    "ی": "y",
}
_ARABIC_VOWEL_LETTERS = frozenset("اوي")


def latin_ascii(token: str) -> str:
    """Lowercase ASCII letters of a Latin-script token (diacritics removed, ß -> ss)."""
    return "".join(ch for ch in ascii_text(token).lower() if "a" <= ch <= "z")


def cyrillic_canonical(token: str) -> str:
    """The canonical ASCII romanisation of a normalised Cyrillic token."""
    return "".join(_CYR_CANON.get(ch, ch if "a" <= ch <= "z" else "") for ch in token)


def _cyrillic_german(token: str) -> str:
    return "".join(_CYR_GERMAN.get(ch, ch if "a" <= ch <= "z" else "") for ch in token)


def _iuliia(token: str, scheme: iuliia.Schema) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        out = scheme.translate(token.replace("ӏ", ""))
    return latin_ascii(out)


def arabic_literal(token: str) -> str:
    """Letter-by-letter ASCII reading of a normalised Arabic token, short vowels unwritten.

    Alef reads "a", waw "u" and ya "i" between letters and as consonants (v, y) at the start of
    a word before a vowel letter; final ha after a consonant is the folded ta marbuta ("a").
    """
    out: list[str] = []
    n = len(token)
    for i, ch in enumerate(token):
        nxt = token[i + 1] if i + 1 < n else ""
        if ch == "و":
            out.append("v" if i == 0 and nxt not in ("و", "") else "u")
        elif ch == "ي":
            out.append("y" if i == 0 and nxt in _ARABIC_VOWEL_LETTERS else "i")
        elif ch == "ه" and i == n - 1 and i >= 2 and token[i - 1] not in _ARABIC_VOWEL_LETTERS:
            out.append("a" if token != "الله" else "h")
        elif ch == "ت" and nxt == "ش":
            out.append("t")  # تش is how Arabic writes "ch"; the pair reads t+sh -> ch below
        else:
            out.append(_ARABIC_LETTERS.get(ch, ch if "a" <= ch <= "z" else ""))
    text = "".join(out)
    return text.replace("tsh", "ch")


def _arabic_vowelled(literal: str) -> str:
    """Insert "a" between two consonants: the commonest unwritten short vowel."""
    units = re.findall(r"kh|sh|th|dh|gh|ch|zh|.", literal)
    out: list[str] = []
    prev_cons = False
    for unit in units:
        cons = unit not in ("a", "i", "u", "e", "o")
        if cons and prev_cons and unit != out[-1]:
            out.append("a")
        out.append(unit)
        prev_cons = cons
    return "".join(out)


@lru_cache(maxsize=200_000)
def romanize_token(token: str) -> tuple[str, ...]:
    """Plausible ASCII spellings of one normalised token, canonical first."""
    from homeward.names.lexicon import latin_forms_for

    token = "".join(ch for ch in token if ch.isalpha())
    if not token:
        return ()
    scripts = {char_script(ch) for ch in token}
    forms: list[str] = []
    if "Arab" in scripts:
        if token.startswith("ال") and len(token) > 3:
            return tuple(f"al-{form}" for form in romanize_token(token[2:]))
        forms.extend(latin_forms_for(token))
        literal = arabic_literal(token)
        forms.append(_arabic_vowelled(literal))
        forms.append(literal)
    elif "Cyrl" in scripts:
        forms.append(cyrillic_canonical(token))
        forms.extend(_iuliia(token, scheme) for scheme in _IULIIA_SCHEMES)
        forms.append(latin_ascii(_cyrillic_german(token)))
    else:
        forms.append(latin_ascii(token))
    seen: dict[str, None] = {}
    for form in forms:
        if form and form not in seen:
            seen[form] = None
    return tuple(seen)


@lru_cache(maxsize=50_000)
def romanize(text: str) -> tuple[str, ...]:
    """Plausible lowercase ASCII Latin forms of a name in any script, canonical first.

    Cyrillic goes through the canonical scheme, ICAO 9303, BGN/PCGN, French, GOST 7034 and
    German habits; Arabic through the lexicon of common names and a letter-by-letter reading
    with and without guessed short vowels. Multi-word names combine the n-th spelling of every
    word (falling back to each word's canonical spelling).
    """
    tokens = [t for t in re.split(r"[\s\-]+", normalize(text)) if t]
    per_token = [romanize_token(t) for t in tokens]
    per_token = [forms for forms in per_token if forms]
    if not per_token:
        return ()
    width = max(len(forms) for forms in per_token)
    seen: dict[str, None] = {}
    for i in range(width):
        seen[" ".join(forms[i] if i < len(forms) else forms[0] for forms in per_token)] = None
    return tuple(seen)


# --- phonetic codes -------------------------------------------------------------------------

_DIGRAPHS = re.compile(
    r"schtsch|shch|szcz|tsch|dzh|sch|tch|sh|sz|ch|cz|zh|kh|dj|gh|ph|th|dh|ck|ts|tz|ou|oo|ee|"
    r"ae|oe|c(?=[eiy])|[cqwxyj]"
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
    "ae": "e",
    "oe": "e",
    "c": "k",
    "q": "k",
    "w": "v",
    "x": "ks",
    "y": "i",
    "j": "J",
}
_DOUBLES = re.compile(r"(.)\1+")


def _digraph(match: re.Match[str]) -> str:
    text = match.group(0)
    if text == "c":
        return "s"  # only reached before e/i/y by the lookahead alternative
    return _DIGRAPH_CODE[text]


@lru_cache(maxsize=500_000)
def phonetic(ascii_form: str) -> str:
    """Fine phonetic code of an ASCII spelling: digraphs to one symbol, doubles collapsed.

    sh/sch/sz -> S, ch/cz/tch -> C, zh -> Z, kh -> H, j/dzh/dj -> J, ts/tz -> Q, w -> v,
    y -> i, c -> k (s before e/i/y), ph -> f, th -> t.
    """
    return _DOUBLES.sub(r"\1", _DIGRAPHS.sub(_digraph, ascii_form))


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
        "Q": "s",
        "Z": "S",
        "C": "S",
        "J": "S",
    }
)
_VOWELS = re.compile("[aeiou]")


@lru_cache(maxsize=500_000)
def coarse(code: str) -> str:
    """Sound-class code: voiced/unvoiced pairs merged, vowels to a/i/u, sibilants merged."""
    return _DOUBLES.sub(r"\1", code.translate(_COARSE))


@lru_cache(maxsize=500_000)
def skeleton(code: str) -> str:
    """Consonant frame of a phonetic code: the sound classes without vowels."""
    return _DOUBLES.sub(r"\1", _VOWELS.sub("", coarse(code)))
