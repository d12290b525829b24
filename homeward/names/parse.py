"""Parsing of name structures: Russian surname/given/patronymic, Arabic chains, kunya, nisba.

Relatives at home write "Хасанов Магомед Русланович"; the same man appears in Iraqi papers as
"محمد روسلان" (given, then father's given name) or with a kunya ("أبو عمر") and an origin name
("الشيشاني"). Parsing recovers the pieces so that a patronymic can meet the father's name of an
Arabic chain, and so that kunya and nisba count only as weak evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from homeward.names.normalization import char_script, detect_script, normalize

__all__ = [
    "ParsedName",
    "parse_name",
    "father_from_patronymic",
    "father_candidates",
    "surname_stem",
    "tokenize",
]

# Word lists are written as spaced strings: one line of data reads better than one per word.
_ARTICLES = frozenset("al el ul ad ar as ash at az an ал аль эль".split())
CHAIN_MARKERS = frozenset("bin ibn ben bint binti bn ould walad بن بنت ابن ибн бин бинт".split())
TEKNONYM_MARKERS = frozenset("abu abou abo abi umm um oum omm ابو ابي ام абу умм ум".split())
_PATRONYMIC_WORDS = frozenset(
    "оглы оглу кызы кизи улы уулу ogly oglu ogli kyzy qizi kizi uly uulu".split()
)

# Place and people names that follow the article in an origin name (nisba). Stems only: the
# nisba ending -i/ي is removed before the lookup.
_ORIGIN_STEMS = frozenset(
    """
    shishan chechen dagestan daghestan daghistan kavkaz qawqaz qoqaz rus rusi ingush azer
    uzbek tajik kazakh kirgiz tatar turk turkistan turkmen almani alman faransi britan shami
    sham iraq misr tunis libi urdun jazair maghrib yaman kurd muhajir kabardin balkar avar
    lezgin karachay afghan bosn albani kosov gruzin gurj
    qabard qabardin kabard osset bashkir bashkort cherkes shirkas kumyk nogai dargin
    شيشان داغستان قوقاز قفقاز روس انغوش ازر اوزبك طاجيك تتار ترك الماني عراق شام مصر تونس
    ليب اردن كرد مهاجر افغان جورج كازاخ
    قبرد قبردين قبارد بلقار اوار لزك قرشاي قراشاي اوسيت بشكير باشكير شركس قموق نوغاي
    """.split()
)

_CYR_PATRONYMIC = re.compile(r"(ович|евич|ьич|ич|овна|евна|ична|оглы|кызы|улы|уулу)$")
_WEAK_PATRONYMIC = re.compile(r"(?<![ое]в)(ич|ovic|evic)$")
_LAT_PATRONYMIC = re.compile(
    r"(ovich|evich|ovitch|evitch|owitsch|ewitsch|ovic|evic|ovna|evna|ichna|ogly|oglu|kyzy|qizi|uulu)$"
)
_CYR_SURNAME = re.compile(
    r"(ов|ев|ёв|ин|ын|ова|ева|ина|ына|ский|ская|цкий|цкая|ых|их|швили|дзе|ян|янц|ли|лы|ич|енко|ко|ук|юк)$"
)
_LAT_SURNAME = re.compile(
    r"(ov|ev|off|eff|ow|ew|in|yn|ova|eva|ina|yna|sky|skiy|skii|skaya|ski|shvili|dze|yan|ian|lu|li|ic|ich|vich)$"
)
_SURNAME_STRIP = re.compile(
    r"(ова|ева|ёва|ина|ына|ов|ев|ёв|ин|ын|ova|eva|ina|yna|ov|ev|off|eff|ow|ew|in|yn|zade|заде)$"
)


@dataclass(frozen=True, slots=True)
class ParsedName:
    """The structure of one written name; every part normalised, absent parts None/empty."""

    given: str | None
    surname: str | None
    patronymic: str | None
    father_given: str | None
    grandfather: str | None
    teknonyms: tuple[str, ...] = field(default_factory=tuple)
    origins: tuple[str, ...] = field(default_factory=tuple)
    tokens: tuple[str, ...] = field(default_factory=tuple)
    script: str = "Unknown"


# First words of compound given names written as two words: Abd al-Rahman, Абдул Керим.
_ABD = frozenset(
    ["abd", "abdul", "abdel", "abdal", "abdu", "abdur", "абд", "абдул", "абдель", "абду", "عبد"]
)


@lru_cache(maxsize=100_000)
def tokenize(text: str) -> tuple[str, ...]:
    """Normalised tokens of a name, with the pieces of one name joined.

    An article joins the word it introduces ("al Shishani", "al-Shishani" -> "al-shishani");
    Abd/عبد joins the rest of its compound ("Abd al-Rahman" -> "abdal-rahman", "عبد الرحمن" ->
    "عبدالرحمن"); Abu/ابو joins the next word when together they are a known given name
    (Abu Bakr). Other hyphenated names (Сайд-Магомед) are separate tokens.
    """
    from homeward.names.lexicon import groups_for_token

    words: list[str] = []
    for chunk in normalize(text).split(" "):
        # Words without a letter (numbers, stray marks) are no part of a name.
        parts = [p for p in chunk.strip("-'").split("-") if any(ch.isalpha() for ch in p)]
        if len(parts) > 1 and parts[0] in _ARTICLES:
            words.append(parts[0] + "-" + "".join(parts[1:]))
        else:
            words.extend(parts)
    out: list[str] = []
    i = 0
    while i < len(words):
        tok = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if tok in _ARTICLES and len(nxt) >= 3:
            out.append(f"{tok}-{nxt}")
            i += 2
        elif tok in _ABD and nxt and not _looks_like_surname(nxt):
            if nxt in _ARTICLES and i + 2 < len(words):
                nxt = f"{nxt}-{words[i + 2]}"
                i += 1
            out.append(tok + nxt)
            i += 2
        elif tok in TEKNONYM_MARKERS and nxt and groups_for_token(tok + nxt, fuzzy=False):
            # exact only: a fuzzy guess turns "Umm Magomed" (his mother) into "Muhammad"
            out.append(tok + nxt)
            i += 2
        else:
            out.append(tok)
            i += 1
    return tuple(out)


def strip_article(token: str) -> str:
    """The word without its Arabic article (al-, el-, ال)."""
    if "-" in token:
        head, _, rest = token.partition("-")
        if head in _ARTICLES and rest:
            return rest
    if token.startswith("ال") and len(token) > 3:
        return token[2:]
    return token


def is_origin(token: str) -> bool:
    """An article + place/people name + nisba ending: al-Shishani, الشيشاني."""
    bare = strip_article(token)
    if bare == token:
        return False
    stem = bare[:-1] if bare.endswith(("i", "y", "ي")) else bare
    return stem in _ORIGIN_STEMS or bare in _ORIGIN_STEMS


def is_patronymic(token: str) -> bool:
    """Does a normalised token look like an East Slavic or Turkic patronymic?"""
    if len(token) < 5:
        return False
    if any(char_script(ch) == "Cyrl" for ch in token):
        return bool(_CYR_PATRONYMIC.search(token))
    return bool(_LAT_PATRONYMIC.search(token))


_PATRONYMIC_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Юрьевич -> Юрий, but Шамильевич (a common spelling of Шамилевич) -> Шамиль.
    ("ьевич", ("ий", "ь")),
    ("ьевна", ("ий", "ь")),
    ("иевич", ("ий",)),
    ("иевна", ("ий",)),
    ("оглы", ("",)),
    ("кызы", ("",)),
    ("уулу", ("",)),
    ("улы", ("",)),
    ("ovitch", ("",)),
    ("evitch", ("",)),
    ("owitsch", ("",)),
    ("ewitsch", ("",)),
    ("ovich", ("",)),
    ("evich", ("", "y")),
    ("ovna", ("",)),
    ("evna", ("", "y")),
    ("ovic", ("",)),
    ("evic", ("",)),
    ("ogly", ("",)),
    ("oglu", ("",)),
    ("kyzy", ("",)),
    ("qizi", ("",)),
    ("uulu", ("",)),
    ("ович", ("",)),
    ("овна", ("",)),
)


@lru_cache(maxsize=50_000)
def father_candidates(token: str) -> tuple[str, ...]:
    """Possible given names of the father inside a patronymic, likeliest first.

    Русланович -> руслан; Сергеевич -> сергей; Игоревич -> игорь; Шамильевич -> шамилий or
    шамиль; Ильич -> илья. Empty when the token is not a patronymic.
    """
    t = normalize(token)
    for suffix, endings in _PATRONYMIC_RULES:
        if t.endswith(suffix) and len(t) > len(suffix) + 1:
            stem = t[: -len(suffix)]
            return tuple(stem + ending for ending in endings)
    for suffix in ("евич", "евна"):
        if t.endswith(suffix) and len(t) > len(suffix) + 1:
            stem = t[: -len(suffix)]
            if stem[-1] in "аеиоуыэюя":
                return (stem + "й",)  # Сергеевич -> Сергей
            if stem[-1] in "рл":
                return (stem + "ь", stem)  # Игоревич -> Игорь, Шамилевич -> Шамиль
            return (stem,)
    if t.endswith("ьич") and len(t) > 4:
        return (t[:-3] + "ья",)  # Ильич -> Илья
    if t.endswith(("ич", "ична")) and len(t) > 4:
        return (t[: -(2 if t.endswith("ич") else 4)] + "а",)  # Никитич -> Никита
    return ()


def father_from_patronymic(token: str) -> str | None:
    """The father's given name inside a patronymic: Русланович -> руслан, Сергеевич -> сергей."""
    candidates = father_candidates(token)
    return candidates[0] if candidates else None


def surname_stem(token: str) -> str | None:
    """The given name a Russian-style surname is built on: Хасанов -> хасан, Yusupova -> yusup."""
    t = normalize(token)
    match = _SURNAME_STRIP.search(t)
    if match and len(t) - len(match.group(1)) >= 3:
        return t[: match.start()]
    return None


def _looks_like_surname(token: str) -> bool:
    if any(char_script(ch) == "Cyrl" for ch in token):
        return bool(_CYR_SURNAME.search(token)) and len(token) > 4
    if any(char_script(ch) == "Latn" for ch in token):
        return bool(_LAT_SURNAME.search(token)) and len(token) > 4
    return False


def _find_patronymic(tokens: list[str]) -> int | None:
    """Index of the patronymic: a full -ович/-евна/оглы form first; a bare -ич (Ильич, but
    also the surnames Бабич, Петрович) only when nothing better is there and it is not the
    first word, where Russian order puts the surname."""
    strong = [
        k
        for k, t in enumerate(tokens)
        if " " in t or (is_patronymic(t) and not _WEAK_PATRONYMIC.search(t))
    ]
    if strong:
        return strong[-1]
    weak = [k for k, t in enumerate(tokens) if k > 0 and len(tokens) >= 3 and is_patronymic(t)]
    return weak[-1] if weak else None


def _is_latin_chain(tokens: list[str]) -> bool:
    """An Arabic chain written in Latin letters (Mohammed Hassan Ali): three or more names, no
    Russian-style surname, most of them known Arabic-origin given names."""
    from homeward.names.lexicon import groups_for_token

    if len(tokens) < 3 or any(_looks_like_surname(t) for t in tokens):
        return False
    known = sum(1 for t in tokens if groups_for_token(strip_article(t)))
    return known * 3 >= len(tokens) * 2


@lru_cache(maxsize=50_000)
def parse_name(text: str) -> ParsedName:
    """Parse a written name into its parts (any script; see ParsedName).

    Russian order may vary ("Хасанов Магомед Русланович", "Магомед Русланович Хасанов"); a
    patronymic gives the father's given name. Arabic-script names and names with bin/ibn are
    read as chains: given, father, grandfather, then a family or tribal name. Kunya (Abu/Umm X)
    and origin names (al-Shishani) are set apart as weak aliases.
    """
    script = detect_script(text)
    tokens = tokenize(text)
    teknonyms: list[str] = []
    origins: list[str] = []
    rest: list[str] = []
    chain_breaks: list[int] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in TEKNONYM_MARKERS and i + 1 < len(tokens):
            teknonyms.append(f"{tok} {tokens[i + 1]}")
            i += 2
            continue
        if is_origin(tok):
            origins.append(tok)
        elif tok in CHAIN_MARKERS:
            chain_breaks.append(len(rest))
        elif tok in _PATRONYMIC_WORDS and rest:
            rest[-1] = f"{rest[-1]} {tok}"
        else:
            rest.append(tok)
        i += 1

    given = surname = patronymic = father = grandfather = None
    patronymic_at = _find_patronymic(rest)
    if patronymic_at is not None and not chain_breaks:
        patronymic = rest[patronymic_at]
        father = (
            patronymic.split(" ")[0] if " " in patronymic else father_from_patronymic(patronymic)
        )
        others = rest[:patronymic_at] + rest[patronymic_at + 1 :]
        if len(others) == 1 and _looks_like_surname(others[0]):
            surname = others[0]
        elif patronymic_at > 0 and patronymic_at == len(rest) - 1 and len(others) >= 2:
            # "Хасанов Магомед Русланович": surname first unless the first looks like a given
            # name and the second like a surname.
            if _looks_like_surname(others[1]) and not _looks_like_surname(others[0]):
                given, surname = others[0], others[1]
            else:
                surname, given = others[0], others[1]
        elif patronymic_at > 0:
            given = rest[patronymic_at - 1]
            after = rest[patronymic_at + 1 :]
            surname = after[0] if after else (rest[0] if patronymic_at > 1 else None)
        elif others:
            given = others[0]
            surname = others[1] if len(others) > 1 else None
    elif chain_breaks or script == "Arab" or _is_latin_chain(rest):
        given = rest[0] if rest else None
        father = rest[1] if len(rest) > 1 else None
        grandfather = rest[2] if len(rest) > 2 else None
        surname = rest[-1] if len(rest) > 3 else None
    elif rest:
        if len(rest) >= 2 and _looks_like_surname(rest[0]) and not _looks_like_surname(rest[-1]):
            surname, given = rest[0], rest[1]
        else:
            given = rest[0]
            surname = rest[-1] if len(rest) > 1 else None
    return ParsedName(
        given=given,
        surname=surname,
        patronymic=patronymic,
        father_given=father,
        grandfather=grandfather,
        teknonyms=tuple(teknonyms),
        origins=tuple(origins),
        tokens=tokens,
        script=script,
    )
