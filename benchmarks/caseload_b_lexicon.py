"""Names and spelling habits for caseload B (``benchmarks.caseload_b``).

Written apart from ``linkage_lexicon`` on purpose: other name tables, and no list of
"known variants" at all. Each name is kept as it is *said* (a phoneme string in a plain
notation: ``kh`` ``gh`` ``sh`` ``ch`` ``zh`` ``dzh`` ``ts`` ``q`` ``'``), with its official
Cyrillic form and the Arabic form a literate relative would write. What a clerk writes is
derived from the spoken form by that clerk's spelling habits (``STYLES``) after mishearing
(``mishear``), so a variant shows up because of who wrote it down, not because a table
lists it.
"""

from __future__ import annotations

import random
import re

# (spoken, official Cyrillic, Arabic, weight)
Name = tuple[str, str, str, float]

BOYS: list[Name] = [
    ("mukhammad", "Мухаммад", "محمد", 70),
    ("magomed", "Магомед", "محمد", 45),
    ("abdurakhman", "Абдурахман", "عبد الرحمن", 9),
    ("akhmad", "Ахмад", "أحمد", 20),
    ("khamza", "Хамза", "حمزة", 14),
    ("bilal", "Билал", "بلال", 10),
    ("zubair", "Зубайр", "زبير", 6),
    ("usman", "Усман", "عثمان", 9),
    ("abubakar", "Абубакар", "أبو بكر", 9),
    ("salakh", "Салах", "صلاح", 5),
    ("yakhya", "Яхья", "يحيى", 8),
    ("idris", "Идрис", "إدريس", 7),
    ("ilyas", "Ильяс", "إلياس", 8),
    ("daud", "Дауд", "داود", 6),
    ("sulim", "Сулим", "سليم", 5),
    ("turpal", "Турпал", "تورپال", 4),
    ("aslan", "Аслан", "أصلان", 6),
    ("rizvan", "Ризван", "رضوان", 5),
    ("zelimkhan", "Зелимхан", "زليمخان", 5),
    ("said-ali", "Саид-Али", "سعيد علي", 3),
    ("magomed-emin", "Магомед-Эмин", "محمد أمين", 3),
    ("dzhamal", "Джамал", "جمال", 5),
    ("tagir", "Тагир", "طاهر", 6),
    ("nabi", "Наби", "نبي", 4),
    ("kurban", "Курбан", "قربان", 5),
    ("arslan", "Арслан", "أرسلان", 4),
    ("timur", "Тимур", "تيمور", 6),
    ("eldar", "Эльдар", "إلدار", 4),
    ("anzor", "Анзор", "أنزور", 4),
    ("islam", "Ислам", "إسلام", 10),
    ("ibrakhim", "Ибрахим", "إبراهيم", 9),
    ("umar", "Умар", "عمر", 12),
    ("ali", "Али", "علي", 12),
    ("khasan", "Хасан", "حسن", 8),
    ("khusein", "Хусейн", "حسين", 7),
    ("musa", "Муса", "موسى", 7),
    ("yusup", "Юсуп", "يوسف", 7),
    ("abdulla", "Абдулла", "عبد الله", 8),
    ("shamil", "Шамиль", "شامل", 5),
    ("gadzhimurad", "Гаджимурад", "حاجي مراد", 3),
    ("nurmagomed", "Нурмагомед", "نور محمد", 3),
    ("kamil", "Камиль", "كامل", 4),
    ("rashid", "Рашид", "رشيد", 5),
    ("mansur", "Мансур", "منصور", 5),
    ("askhab", "Асхаб", "أصحاب", 3),
    ("dzhabrail", "Джабраил", "جبرائيل", 4),
    ("salman", "Салман", "سلمان", 4),
    ("murtazali", "Муртазали", "مرتضى علي", 2),
]

GIRLS: list[Name] = [
    ("fatima", "Фатима", "فاطمة", 40),
    ("aisha", "Аиша", "عائشة", 30),
    ("khadizha", "Хадижа", "خديجة", 22),
    ("maryam", "Марьям", "مريم", 25),
    ("zainab", "Зайнаб", "زينب", 15),
    ("asiya", "Асия", "آسيا", 12),
    ("safiya", "Сафия", "صفية", 10),
    ("sumaiya", "Сумайя", "سمية", 8),
    ("khava", "Хава", "حواء", 9),
    ("amina", "Амина", "أمينة", 14),
    ("zarema", "Зарема", "زاريما", 5),
    ("madina", "Мадина", "مدينة", 10),
    ("elina", "Элина", "إلينا", 4),
    ("milana", "Милана", "ميلانا", 5),
    ("diana", "Диана", "ديانا", 4),
    ("kheda", "Хеда", "هيدا", 4),
    ("luiza", "Луиза", "لويزا", 4),
    ("patimat", "Патимат", "فاطمة", 12),
    ("aminat", "Аминат", "أمينة", 8),
    ("khalimat", "Халимат", "حليمة", 6),
    ("saida", "Саида", "سعيدة", 5),
    ("dzhamilya", "Джамиля", "جميلة", 5),
    ("leila", "Лейла", "ليلى", 6),
    ("rukiya", "Рукия", "رقية", 5),
    ("naida", "Наида", "نايدا", 4),
    ("seda", "Седа", "سيدا", 3),
    ("malika", "Малика", "مليكة", 5),
    ("yasmina", "Ясмина", "ياسمينة", 4),
    ("salikha", "Салиха", "صالحة", 3),
    ("umukusum", "Умукусум", "أم كلثوم", 3),
    ("raziyat", "Разият", "رضية", 3),
    ("kamila", "Камила", "كاملة", 5),
]

# Family names: stem spoken, official Cyrillic family (masculine) form, weight (clan size).
# A few clans are huge: in one village half the families may carry one name.
CLANS: list[tuple[str, str, float]] = [
    ("magomedov", "Магомедов", 60),
    ("abdulaev", "Абдулаев", 25),
    ("gadzhiev", "Гаджиев", 30),
    ("aliev", "Алиев", 35),
    ("ramazanov", "Рамазанов", 15),
    ("omarov", "Омаров", 22),
    ("ibragimov", "Ибрагимов", 18),
    ("musaev", "Мусаев", 16),
    ("khasanov", "Хасанов", 12),
    ("yusupov", "Юсупов", 12),
    ("kurbanov", "Курбанов", 12),
    ("akhmedov", "Ахмедов", 20),
    ("dadaev", "Дадаев", 7),
    ("tsechoev", "Цечоев", 4),
    ("evloev", "Евлоев", 6),
    ("khadzhiev", "Хаджиев", 7),
    ("batalov", "Баталов", 5),
    ("isaev", "Исаев", 10),
    ("mamedov", "Мамедов", 8),
    ("sultanov", "Султанов", 8),
    ("kadyrov", "Кадыров", 5),
    ("dudaev", "Дудаев", 4),
    ("bagomedov", "Багомедов", 6),
    ("shikhsaidov", "Шихсаидов", 3),
    ("kebedov", "Кебедов", 3),
    ("nurmagomedov", "Нурмагомедов", 5),
    ("temirkhanov", "Темирханов", 3),
    ("saidov", "Саидов", 9),
    ("umarov", "Умаров", 9),
    ("dzhabrailov", "Джабраилов", 5),
    ("zakaryaev", "Закарьяев", 3),
    ("mirzoev", "Мирзоев", 4),
    ("galimov", "Галимов", 4),
    ("valiev", "Валиев", 4),
    ("sharipov", "Шарипов", 5),
    ("eskerkhanov", "Эскерханов", 2),
]

# (spoken, official Cyrillic, Arabic nisba, weight)
REGIONS: list[tuple[str, str, str, float]] = [
    ("dagestan", "Республика Дагестан", "الداغستاني", 40),
    ("chechnya", "Чеченская Республика", "الشيشاني", 25),
    ("ingushetiya", "Республика Ингушетия", "الإنغوشي", 8),
    ("kabardino-balkariya", "Кабардино-Балкарская Республика", "القبردي", 6),
    ("tatarstan", "Республика Татарстан", "التتاري", 6),
    ("bashkortostan", "Республика Башкортостан", "البشكيري", 3),
    ("moskva", "Москва", "الروسي", 5),
    ("astrakhan", "Астраханская область", "الروسي", 3),
    ("stavropol", "Ставропольский край", "الروسي", 4),
]

_PHONEME = re.compile(r"dzh|kh|gh|sh|ch|zh|ts|ya|yu|ye|yo|[a-z'\-]")

#: Spelling habits: phoneme -> ways a clerk of that background writes it.
STYLES: dict[str, dict[str, tuple[str, ...]]] = {
    "english": {
        "kh": ("kh", "h"),
        "gh": ("gh", "g"),
        "zh": ("zh", "j"),
        "dzh": ("j", "dj"),
        "u": ("u", "oo", "u"),
        "i": ("i", "i", "ee"),
        "q": ("q", "k"),
        "ya": ("ya", "ia"),
        "yu": ("yu", "you"),
        "ye": ("ye", "e"),
        "'": ("", "'"),
    },
    "french": {
        "u": ("ou",),
        "sh": ("ch",),
        "ch": ("tch",),
        "kh": ("kh", "h", "r"),
        "zh": ("j",),
        "dzh": ("dj",),
        "y": ("y", "i"),
        "ya": ("ia", "ya"),
        "yu": ("iou",),
        "ye": ("ie",),
        "ts": ("ts", "tz"),
        "'": ("",),
    },
    "german": {
        "sh": ("sch",),
        "ch": ("tsch",),
        "zh": ("sh", "j"),
        "dzh": ("dsch",),
        "y": ("j",),
        "ya": ("ja",),
        "yu": ("ju",),
        "ye": ("je",),
        "v": ("w",),
        "z": ("s",),
        "ts": ("z",),
        "kh": ("ch", "kh"),
        "'": ("",),
    },
    "turkish": {
        "sh": ("ş", "s"),
        "ch": ("ç", "c"),
        "dzh": ("c",),
        "zh": ("j",),
        "kh": ("h",),
        "gh": ("ğ", "g"),
        "ya": ("ya",),
        "yu": ("yu",),
        "ye": ("ye", "e"),
        "q": ("k",),
        "i": ("i", "ı"),
        "'": ("",),
    },
    # Latin as a Russian foreign passport prints it (ICAO 9303, 2013 onwards)
    "passport": {
        "kh": ("kh",),
        "zh": ("zh",),
        "dzh": ("dzh",),
        "ts": ("ts",),
        "ya": ("ia",),
        "yu": ("iu",),
        "ye": ("e",),
        "y": ("i",),
        "'": ("",),
        "gh": ("g",),
        "q": ("k",),
    },
}

_CYRILLIC = {
    "a": "а",
    "b": "б",
    "v": "в",
    "g": "г",
    "gh": "г",
    "d": "д",
    "e": "е",
    "ye": "е",
    "yo": "ё",
    "zh": "ж",
    "z": "з",
    "i": "и",
    "y": "й",
    "k": "к",
    "q": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "f": "ф",
    "kh": "х",
    "h": "х",
    "ts": "ц",
    "ch": "ч",
    "sh": "ш",
    "ya": "я",
    "yu": "ю",
    "dzh": "дж",
    "'": "ъ",
    "-": "-",
    "w": "в",
    "j": "дж",
    "c": "к",
    "x": "кс",
}

_ARABIC = {
    "b": "ب",
    "p": "ب",
    "t": "ت",
    "d": "د",
    "dzh": "ج",
    "zh": "ج",
    "j": "ج",
    "kh": "خ",
    "h": "ه",
    "gh": "غ",
    "g": "غ",
    "r": "ر",
    "z": "ز",
    "s": "س",
    "sh": "ش",
    "ch": "تش",
    "ts": "تس",
    "f": "ف",
    "v": "ف",
    "w": "و",
    "q": "ق",
    "k": "ك",
    "l": "ل",
    "m": "م",
    "n": "ن",
    "y": "ي",
    "'": "ع",
    "-": " ",
    "c": "ك",
    "x": "كس",
}

# sounds a speaker of another language readily hears as each other
_CONFUSED = {
    "b": "p",
    "p": "b",
    "d": "t",
    "t": "d",
    "g": "k",
    "k": "g",
    "z": "s",
    "s": "z",
    "kh": "h",
    "h": "kh",
    "q": "k",
    "gh": "g",
    "o": "a",
    "a": "o",
    "e": "i",
    "i": "e",
    "u": "o",
    "v": "f",
    "zh": "sh",
    "dzh": "zh",
    "ts": "s",
    "ch": "sh",
}


def phonemes(spoken: str) -> list[str]:
    """Split a spoken form into phonemes of the plain notation."""
    return _PHONEME.findall(spoken.lower())


def mishear(spoken: str, rng: random.Random, rate: float) -> str:
    """The name as a listener unfamiliar with it hears it: sounds confused, dropped, doubled."""
    out: list[str] = []
    for k, ph in enumerate(phonemes(spoken)):
        r = rng.random()
        if r < rate and ph in _CONFUSED:
            out.append(_CONFUSED[ph])
        elif r < rate * 1.3 and 0 < k and ph in "aeiouh":
            continue  # an unstressed vowel or a soft h lost
        elif r < rate * 1.5 and k > 0 and ph.isalpha() and len(ph) == 1 and ph not in "aeiou":
            out.append(ph + ph)
        else:
            out.append(ph)
    return "".join(out)


def spell(spoken: str, style: str, rng: random.Random) -> str:
    """Latin spelling of a spoken form in one clerk's habits, capitalised per word."""
    table = STYLES[style]
    text = "".join(rng.choice(table.get(ph, (ph,))) for ph in phonemes(spoken))
    return "-".join(w.capitalize() for w in text.split("-"))


def to_cyrillic(spoken: str) -> str:
    """Cyrillic as a consular officer types a name heard (no official form at hand)."""
    text = "".join(_CYRILLIC.get(ph, ph) for ph in phonemes(spoken))
    return "-".join(w.capitalize() for w in text.split("-"))


def to_arabic(spoken: str, rng: random.Random) -> str:
    """Arabic script as heard: consonants, long vowels written, short ones mostly not."""
    out: list[str] = []
    phs = phonemes(spoken)
    for k, ph in enumerate(phs):
        if ph in "aeiou" or ph in ("ya", "yu", "ye", "yo"):
            first = k == 0 or phs[k - 1] == "-"
            if ph.startswith("y"):
                out.append("ي")
                ph = ph[1]
            if first:
                out.append("أ" if ph in "ao" else "إ" if ph in "ei" else "او")
            elif ph == "a" and rng.random() < 0.5:
                out.append("ا")
            elif ph in "ie" and rng.random() < 0.6:
                out.append("ي")
            elif ph in "ou" and rng.random() < 0.75:
                out.append("و")
        else:
            out.append(_ARABIC.get(ph, ""))
    return "".join(out).strip()


def cyrillic_patronymic(father_cyr: str, sex: str) -> str:
    """Russian patronymic from the father's official given name (Мухаммад -> Мухаммадович)."""
    base = father_cyr.replace("-", "").capitalize()
    if base.endswith(("ь", "й")):
        stem, soft = base[:-1], True
    else:
        stem, soft = base, base.endswith(("а", "я", "и"))
    if base.endswith(("а", "я")):
        stem = base  # North Caucasian usage keeps the vowel: Муса -> Мусаевич
    return stem + (("евич" if soft else "ович") if sex == "M" else ("евна" if soft else "овна"))


def feminine(surname_cyr: str) -> str:
    """The feminine form of a Russian-style surname (Алиев -> Алиева)."""
    return surname_cyr + "а" if surname_cyr.endswith(("ов", "ев", "ин")) else surname_cyr
