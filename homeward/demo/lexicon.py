"""Names for synthetic demo people: given names in Cyrillic, Latin and Arabic, and surnames.

Common names of the North Caucasus and the Volga region with the Arabic form of the same name
(Магомед is written محمد in an Iraqi register). Every person the demo creates is invented.
"""

from __future__ import annotations

# (Cyrillic, Latin as in a passport, Arabic)
MALE = [
    ("Магомед", "Magomed", "محمد"), ("Мухаммад", "Mukhammad", "محمد"), ("Ахмед", "Akhmed", "أحمد"),
    ("Али", "Ali", "علي"), ("Хасан", "Khasan", "حسن"), ("Хусейн", "Khuseyn", "حسين"),
    ("Ибрагим", "Ibragim", "إبراهيم"), ("Юсуп", "Yusup", "يوسف"), ("Умар", "Umar", "عمر"),
    ("Абдулла", "Abdulla", "عبد الله"), ("Рамзан", "Ramzan", "رمضان"), ("Идрис", "Idris", "إدريس"),
    ("Иса", "Isa", "عيسى"), ("Муса", "Musa", "موسى"), ("Салман", "Salman", "سلمان"),
    ("Шамиль", "Shamil", "شامل"), ("Адам", "Adam", "آدم"), ("Ислам", "Islam", "إسلام"),
    ("Абубакар", "Abubakar", "أبو بكر"), ("Хамзат", "Khamzat", "حمزة"), ("Билал", "Bilal", "بلال"),
    ("Якуб", "Yakub", "يعقوب"), ("Сулейман", "Suleyman", "سليمان"), ("Мансур", "Mansur", "منصور"),
    ("Карим", "Karim", "كريم"), ("Рашид", "Rashid", "رشيد"), ("Тимур", "Timur", "تيمور"),
    ("Руслан", "Ruslan", "روسلان"), ("Аслан", "Aslan", "أصلان"), ("Заур", "Zaur", "زاور"),
    ("Саид", "Said", "سعيد"), ("Халид", "Khalid", "خالد"), ("Юнус", "Yunus", "يونس"),
]
FEMALE = [
    ("Хадижат", "Khadizhat", "خديجة"), ("Аминат", "Aminat", "آمنة"), ("Фатима", "Fatima", "فاطمة"),
    ("Патимат", "Patimat", "فاطمة"), ("Айшат", "Aishat", "عائشة"), ("Марьям", "Maryam", "مريم"),
    ("Зайнаб", "Zaynab", "زينب"), ("Хава", "Khava", "حواء"), ("Асият", "Asiyat", "آسية"),
    ("Сафия", "Safiya", "صفية"), ("Рукият", "Rukiyat", "رقية"), ("Мадина", "Madina", "مدينة"),
    ("Зарема", "Zarema", "زاريما"), ("Луиза", "Luiza", "لويزا"), ("Малика", "Malika", "مليكة"),
    ("Раяна", "Rayana", "ريانة"), ("Хеда", "Kheda", "خيدا"), ("Седа", "Seda", "سيدا"),
    ("Залина", "Zalina", "زالينا"), ("Амина", "Amina", "أمينة"), ("Халима", "Khalima", "حليمة"),
    ("Сумайя", "Sumayya", "سمية"), ("Хафса", "Khafsa", "حفصة"), ("Лейла", "Leyla", "ليلى"),
    ("Диана", "Diana", "ديانا"), ("Эльмира", "Elmira", "إلميرا"), ("Гульнара", "Gulnara", "غولنارا"),
]
# Surnames, male form; the female form adds "а" (Хасанов -> Хасанова).
SURNAMES = [
    "Хасанов", "Магомедов", "Алиев", "Ахмедов", "Исаев", "Умаров", "Юсупов", "Ибрагимов", "Гаджиев",
    "Абдуллаев", "Муртазалиев", "Баталов", "Эльмурзаев", "Арсанукаев", "Бисултанов", "Гайрбеков",
    "Хаджиев", "Сайдулаев", "Межидов", "Тагиров", "Рамазанов", "Курбанов", "Сулейманов", "Салихов",
    "Галиев", "Хабибуллин", "Валиев", "Мусаев", "Идрисов", "Шамилев", "Дадаев", "Закриев", "Мамаев",
    "Темирханов", "Байсултанов", "Цечоев", "Евлоев", "Мальсагов", "Кодзоев", "Албогачиев", "Шогенов",
    "Кушхов", "Байрамуков", "Эркенов", "Гусейнов", "Омаров", "Рабаданов", "Нурмагомедов", "Хизриев",
    "Сафин", "Гарипов", "Юлдашев", "Ахмадуллин", "Каримов", "Назаров", "Расулов", "Зайнулабидов",
]

# Latin letters to Arabic letters, for writing a Russian surname the way an Iraqi clerk might.
_LATIN_TO_ARABIC = [
    ("kh", "خ"), ("sh", "ش"), ("ch", "تش"), ("zh", "ج"), ("ts", "تس"), ("yu", "يو"), ("ya", "يا"),
    ("a", "ا"), ("b", "ب"), ("v", "ف"), ("g", "غ"), ("d", "د"), ("e", "ي"), ("z", "ز"), ("i", "ي"),
    ("y", "ي"), ("k", "ك"), ("l", "ل"), ("m", "م"), ("n", "ن"), ("o", "و"), ("p", "ب"), ("r", "ر"),
    ("s", "س"), ("t", "ت"), ("u", "و"), ("f", "ف"), ("h", "ه"), ("c", "ك"), ("j", "ج"), ("q", "ق"),
    ("w", "و"), ("x", "كس"),
]


def latin_to_arabic(latin: str) -> str:
    """A plausible Arabic spelling of a romanised name (short vowels inside a word dropped)."""
    word = latin.lower()
    out: list[str] = []
    i = 0
    while i < len(word):
        for src, dst in _LATIN_TO_ARABIC:
            if word.startswith(src, i):
                # Arabic script usually omits short a/e/i inside a word.
                if src in {"a", "e", "i"} and 0 < i < len(word) - 1 and word[i - 1] not in "aeiouy":
                    pass
                else:
                    out.append(dst)
                i += len(src)
                break
        else:
            i += 1
    return "".join(out)


def patronymic(father_cyrillic: str, female: bool) -> str:
    """Russian patronymic from the father's given name: Руслан -> Русланович / Руслановна."""
    name = father_cyrillic
    if name.endswith(("а", "я")):
        stem = name[:-1]
        return stem + ("ична" if female else "ич")
    if name.endswith("й"):
        return name[:-1] + ("евна" if female else "евич")
    if name.endswith("ь"):
        return name[:-1] + ("евна" if female else "евич")
    if name.endswith("и"):
        return name + ("евна" if female else "евич")
    return name + ("овна" if female else "ович")


def feminine(surname: str) -> str:
    return surname + "а" if surname.endswith(("ов", "ев", "ин")) else surname
