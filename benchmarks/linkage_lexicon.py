"""A generated North-Caucasus / Arabic name lexicon for synthetic caseloads.

Each entry: official Cyrillic form, Latin forms as they are heard and written abroad, the
Arabic form a host-country clerk would write, and a popularity weight (roughly Zipfian, with
Magomed/Muhammad far ahead, as in Dagestan's birth registers).
"""

from __future__ import annotations

# (cyrillic, latin variants, arabic, weight)
BOYS: list[tuple[str, tuple[str, ...], str, float]] = [
    ("Магомед", ("Magomed", "Mohammed", "Muhammad", "Mukhammad", "Mokhammad"), "محمد", 60),
    ("Мухаммад", ("Muhammad", "Mukhammad", "Mohammad", "Muhammed"), "محمد", 25),
    ("Ахмед", ("Akhmed", "Ahmed", "Ahmad", "Akhmad"), "أحمد", 18),
    ("Али", ("Ali", "Aly"), "علي", 16),
    ("Умар", ("Umar", "Omar", "Oumar"), "عمر", 14),
    ("Ибрагим", ("Ibragim", "Ibrahim", "Ibraheem"), "إبراهيم", 12),
    ("Ислам", ("Islam", "Eslam"), "إسلام", 11),
    ("Абдулла", ("Abdulla", "Abdullah", "Abdallah"), "عبد الله", 10),
    ("Хасан", ("Khasan", "Hasan", "Hassan"), "حسن", 10),
    ("Хусейн", ("Khusein", "Husein", "Hussein", "Husayn"), "حسين", 9),
    ("Юсуф", ("Yusuf", "Yousef", "Yusup"), "يوسف", 9),
    ("Исмаил", ("Ismail", "Ismayil", "Esmail"), "إسماعيل", 8),
    ("Муса", ("Musa", "Moussa", "Mousa"), "موسى", 8),
    ("Иса", ("Isa", "Issa", "Eisa"), "عيسى", 7),
    ("Расул", ("Rasul", "Rasoul", "Rassul"), "رسول", 7),
    ("Саид", ("Said", "Saeed", "Sayid"), "سعيد", 7),
    ("Руслан", ("Ruslan", "Rouslan"), "رسلان", 6),
    ("Шамиль", ("Shamil", "Chamil", "Shamill"), "شامل", 6),
    ("Амир", ("Amir", "Ameer"), "أمير", 6),
    ("Адам", ("Adam", "Adem"), "آدم", 6),
    ("Хамзат", ("Khamzat", "Hamzat", "Hamza"), "حمزة", 5),
    ("Сулейман", ("Suleiman", "Sulayman", "Suleyman"), "سليمان", 5),
    ("Якуб", ("Yakub", "Yaqub", "Yaakub"), "يعقوب", 4),
    ("Джабраил", ("Dzhabrail", "Jabrail", "Jibril"), "جبريل", 4),
    ("Микаил", ("Mikail", "Mikhail", "Mikael"), "ميكائيل", 4),
    ("Абдурахман", ("Abdurakhman", "Abdurrahman", "Abdulrahman"), "عبد الرحمن", 4),
    ("Гаджи", ("Gadzhi", "Hajji", "Hadji"), "حاجي", 4),
    ("Мурад", ("Murad", "Mourad"), "مراد", 4),
    ("Рустам", ("Rustam", "Rostam"), "رستم", 3),
    ("Тимур", ("Timur", "Teymur"), "تيمور", 3),
    ("Ильяс", ("Ilyas", "Ilias", "Elias"), "إلياس", 3),
    ("Идрис", ("Idris", "Idriss"), "إدريس", 3),
    ("Салман", ("Salman", "Salmane"), "سلمان", 3),
    ("Зелимхан", ("Zelimkhan", "Zelimhan"), "زليمخان", 2),
    ("Арсен", ("Arsen", "Arsene"), "أرسين", 2),
    ("Заур", ("Zaur", "Zawur"), "زاور", 2),
    ("Абубакар", ("Abubakar", "Abu Bakr", "Abubakr"), "أبو بكر", 2),
    ("Билал", ("Bilal", "Belal"), "بلال", 2),
    ("Усман", ("Usman", "Osman", "Uthman"), "عثمان", 2),
    ("Халид", ("Khalid", "Khaled", "Halid"), "خالد", 2),
    ("Карим", ("Karim", "Kareem"), "كريم", 2),
    ("Тагир", ("Tagir", "Tahir", "Taher"), "طاهر", 2),
    ("Камиль", ("Kamil", "Kamel"), "كامل", 2),
    ("Эльдар", ("Eldar", "Eldor"), "إلدار", 1),
    ("Марат", ("Marat", "Marrat"), "مارات", 1),
    ("Артур", ("Artur", "Arthur"), "أرتور", 1),
]

GIRLS: list[tuple[str, tuple[str, ...], str, float]] = [
    ("Патимат", ("Patimat", "Fatima", "Fatimat"), "فاطمة", 30),
    ("Фатима", ("Fatima", "Fatimah", "Fatma"), "فاطمة", 25),
    ("Аиша", ("Aisha", "Aysha", "Aicha", "Ayesha"), "عائشة", 20),
    ("Хадижат", ("Khadizhat", "Khadija", "Hadija", "Khadidja"), "خديجة", 14),
    ("Марьям", ("Maryam", "Mariam", "Mariyam"), "مريم", 14),
    ("Амина", ("Amina", "Aminah", "Ameena"), "أمينة", 12),
    ("Зайнаб", ("Zaynab", "Zainab", "Zeinab"), "زينب", 10),
    ("Мадина", ("Madina", "Medina"), "مدينة", 9),
    ("Хава", ("Khava", "Hawa", "Hava"), "حواء", 8),
    ("Асият", ("Asiyat", "Asiya", "Asia"), "آسية", 7),
    ("Зарема", ("Zarema", "Zaryema"), "زاريما", 7),
    ("Сафия", ("Safiya", "Safia", "Sofia"), "صفية", 6),
    ("Рукият", ("Rukiyat", "Ruqayya", "Rukiya"), "رقية", 5),
    ("Сумайя", ("Sumaya", "Sumayya", "Somaya"), "سمية", 5),
    ("Халимат", ("Khalimat", "Halima", "Khalima"), "حليمة", 5),
    ("Саида", ("Saida", "Saeeda"), "سعيدة", 4),
    ("Малика", ("Malika", "Malikah"), "مليكة", 4),
    ("Камила", ("Kamila", "Kamilla"), "كاملة", 4),
    ("Милана", ("Milana", "Millana"), "ميلانا", 4),
    ("Диана", ("Diana", "Dianna"), "ديانا", 3),
    ("Луиза", ("Luiza", "Louisa", "Luisa"), "لويزا", 3),
    ("Жанна", ("Zhanna", "Janna"), "جانا", 2),
    ("Ясмина", ("Yasmina", "Yasmin", "Jasmina"), "ياسمينة", 3),
    ("Нур", ("Nur", "Noor", "Nour"), "نور", 2),
    ("Салима", ("Salima", "Saleema"), "سليمة", 2),
    ("Эльмира", ("Elmira", "Elmyra"), "إلميرا", 2),
    ("Заира", ("Zaira", "Zahira"), "زائرة", 2),
    ("Лейла", ("Leyla", "Layla", "Leila"), "ليلى", 3),
    ("Румиса", ("Rumisa", "Roumisa"), "روميسة", 1),
    ("Джамиля", ("Dzhamilya", "Jamila", "Djamila"), "جميلة", 2),
]

# Surname stems, Latin and Cyrillic (the -ov / -ev suffix is added by the generator).
SURNAME_STEMS: list[tuple[str, str, float]] = [
    ("Magomed", "Магомед", 40),
    ("Akhmed", "Ахмед", 14),
    ("Ali", "Али", 14),
    ("Umar", "Умар", 10),
    ("Ibragim", "Ибрагим", 9),
    ("Khasan", "Хасан", 8),
    ("Gadzhi", "Гаджи", 12),
    ("Abdulla", "Абдулла", 9),
    ("Yusup", "Юсуп", 7),
    ("Ismail", "Исмаил", 6),
    ("Musa", "Муса", 7),
    ("Isa", "Иса", 6),
    ("Rasul", "Расул", 6),
    ("Said", "Саид", 6),
    ("Khusein", "Хусейн", 4),
    ("Idris", "Идрис", 4),
    ("Murtazali", "Муртазали", 3),
    ("Dzhabrail", "Джабраил", 3),
    ("Kurban", "Курбан", 4),
    ("Ramazan", "Рамазан", 5),
    ("Shamil", "Шамил", 3),
    ("Omar", "Омар", 3),
    ("Ruslan", "Руслан", 3),
    ("Suleiman", "Сулейман", 4),
    ("Dadash", "Дадаш", 2),
    ("Khalil", "Халил", 2),
    ("Yakub", "Якуб", 2),
    ("Amirkhan", "Амирхан", 2),
    ("Batyr", "Батыр", 2),
    ("Dzhamal", "Джамал", 2),
    ("Khamid", "Хамид", 2),
    ("Tagir", "Тагир", 3),
    ("Nurmagomed", "Нурмагомед", 2),
    ("Shakhban", "Шахбан", 1),
    ("Abakar", "Абакар", 2),
    ("Zakari", "Закари", 1),
    ("Gasan", "Гасан", 3),
    ("Alibek", "Алибек", 2),
    ("Mamed", "Мамед", 2),
    ("Kadyr", "Кадыр", 2),
]

REGIONS: list[tuple[str, str, float]] = [
    ("Dagestan", "Дагестан", 45),
    ("Chechnya", "Чечня", 20),
    ("Ingushetia", "Ингушетия", 8),
    ("Kabardino-Balkaria", "Кабардино-Балкария", 6),
    ("Karachay-Cherkessia", "Карачаево-Черкесия", 4),
    ("Tatarstan", "Татарстан", 4),
    ("Bashkortostan", "Башкортостан", 3),
    ("Moscow", "Москва", 4),
    ("Stavropol", "Ставрополь", 3),
    ("Astrakhan", "Астрахань", 3),
]

# Rough Latin -> Cyrillic and Latin -> Arabic spelling, as a clerk writes a name by ear.
LAT_CYR: list[tuple[str, str]] = [
    ("shch", "щ"),
    ("kh", "х"),
    ("zh", "ж"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("ts", "ц"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "ё"),
    ("a", "а"),
    ("b", "б"),
    ("c", "к"),
    ("d", "д"),
    ("e", "е"),
    ("f", "ф"),
    ("g", "г"),
    ("h", "х"),
    ("i", "и"),
    ("j", "дж"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("q", "к"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("v", "в"),
    ("w", "в"),
    ("x", "кс"),
    ("y", "й"),
    ("z", "з"),
]
LAT_AR: list[tuple[str, str]] = [
    ("kh", "خ"),
    ("sh", "ش"),
    ("zh", "ج"),
    ("dzh", "ج"),
    ("ch", "تش"),
    ("ts", "تس"),
    ("gh", "غ"),
    ("th", "ث"),
    ("aa", "ا"),
    ("ee", "ي"),
    ("oo", "و"),
    ("ou", "و"),
    ("a", "ا"),
    ("b", "ب"),
    ("c", "ك"),
    ("d", "د"),
    ("e", "ي"),
    ("f", "ف"),
    ("g", "غ"),
    ("h", "ه"),
    ("i", "ي"),
    ("j", "ج"),
    ("k", "ك"),
    ("l", "ل"),
    ("m", "م"),
    ("n", "ن"),
    ("o", "و"),
    ("p", "ب"),
    ("q", "ق"),
    ("r", "ر"),
    ("s", "س"),
    ("t", "ت"),
    ("u", "و"),
    ("v", "ف"),
    ("w", "و"),
    ("x", "كس"),
    ("y", "ي"),
    ("z", "ز"),
]


def _by_table(text: str, table: list[tuple[str, str]]) -> str:
    rules = sorted(table, key=lambda kv: -len(kv[0]))
    out: list[str] = []
    i, low = 0, text.lower()
    while i < len(low):
        for src, dst in rules:
            if low.startswith(src, i):
                out.append(dst)
                i += len(src)
                break
        else:
            out.append(low[i] if not low[i].isalpha() else "")
            i += 1
    return "".join(out)


def latin_to_cyrillic(text: str) -> str:
    """Rough Cyrillic spelling of a Latin name (capitalised)."""
    return " ".join(w.capitalize() for w in _by_table(text, LAT_CYR).split())


def latin_to_arabic(text: str) -> str:
    """Rough Arabic spelling of a Latin name, short vowels inside words dropped."""
    words = []
    for word in text.split():
        low = word.lower()
        # Arabic writes long vowels only; drop a, e, i, u between consonants but keep o/u
        skeleton = low[0] + "".join(
            ch for j, ch in enumerate(low[1:], 1) if ch not in "aei" or j == len(low) - 1
        )
        words.append(_by_table(skeleton, LAT_AR))
    return " ".join(words)
