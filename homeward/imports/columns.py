"""The columns each kind of file may carry, with their names in English, Russian and Arabic.

A header is matched after folding (case, spaces, underscores); a header no synonym knows is left
for the user to map on the page, and the mapping is saved for the next file with the same headers
(its *shape*).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence

IGNORE = "-"

# field -> synonyms (besides the field name itself)
CHILD_COLUMNS: dict[str, tuple[str, ...]] = {
    "external_id": ("id", "source id", "record id", "номер", "ид", "идентификатор", "الرقم", "المعرف", "رقم"),
    "name": ("child name", "full name", "фио", "имя", "имя ребенка", "имя ребёнка", "ребенок", "الاسم",
             "اسم الطفل"),
    "sex": ("gender", "пол", "الجنس"),
    "birth_date": ("date of birth", "dob", "born", "дата рождения", "تاريخ الميلاد"),
    "birth_year_min": ("born from", "year from", "год рождения с", "год от", "سنة الميلاد من"),
    "birth_year_max": ("born to", "year to", "год рождения по", "год до", "سنة الميلاد إلى"),
    "host_country": ("country", "страна", "страна пребывания", "البلد", "الدولة"),
    "facility": ("place", "prison", "orphanage", "camp", "учреждение", "место", "المؤسسة", "المكان"),
    "home_region": ("region", "home region", "регион", "субъект", "المنطقة", "الإقليم"),
    "mother_name": ("mother", "mother's name", "мать", "имя матери", "фио матери", "الأم", "اسم الأم"),
    "father_name": ("father", "father's name", "отец", "имя отца", "фио отца", "الأب", "اسم الأب"),
    "summary": ("notes", "comment", "примечание", "комментарий", "ملاحظات"),
}

PEOPLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "external_id": CHILD_COLUMNS["external_id"],
    "name": ("full name", "фио", "имя", "الاسم"),
    "kind": ("role", "who", "кто", "роль", "الصفة"),
    "sex": CHILD_COLUMNS["sex"],
    "birth_date": CHILD_COLUMNS["birth_date"],
    "birth_year_min": CHILD_COLUMNS["birth_year_min"],
    "birth_year_max": CHILD_COLUMNS["birth_year_max"],
    "home_region": CHILD_COLUMNS["home_region"],
    "facility": CHILD_COLUMNS["facility"],
    "child_external_id": ("child id", "id ребенка", "номер ребенка", "رقم الطفل"),
    "relation": ("relationship", "родство", "степень родства", "القرابة", "صلة القرابة"),
}

REQUEST_COLUMNS: dict[str, tuple[str, ...]] = {
    "external_id": CHILD_COLUMNS["external_id"],
    "requester_name": ("requester", "applicant", "заявитель", "фио заявителя", "مقدم الطلب"),
    "relation": PEOPLE_COLUMNS["relation"],
    "region": CHILD_COLUMNS["home_region"],
    "received_on": ("date", "received", "дата", "дата обращения", "التاريخ"),
    "phone": ("telephone", "телефон", "الهاتف"),
    "child_name": ("child", "sought child", "ребенок", "имя ребенка", "الطفل", "اسم الطفل"),
    "child_sex": ("child sex", "пол ребенка", "جنس الطفل"),
    "child_birth": ("child birth", "child born", "год рождения ребенка", "рождение ребенка", "ميلاد الطفل"),
    "mother_name": CHILD_COLUMNS["mother_name"],
    "father_name": CHILD_COLUMNS["father_name"],
}

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "cases": CHILD_COLUMNS, "people": PEOPLE_COLUMNS, "requests": REQUEST_COLUMNS,
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "cases": ("name",), "people": ("name", "kind"), "requests": ("requester_name", "region", "child_name"),
}


def fold(header: str) -> str:
    """A header as compared: lower case, one space between words, no punctuation around."""
    text = re.sub(r"[\s_]+", " ", header.strip().lower().replace("ё", "е"))
    return text.strip(" .:*")


def shape_of(headers: Sequence[str]) -> str:
    """One file shape: the folded headers in order."""
    return hashlib.sha256("\x1f".join(fold(h) for h in headers).encode()).hexdigest()


def guess_mapping(kind: str, headers: Sequence[str]) -> dict[str, str]:
    """header -> field for every header a synonym knows; unknown headers are left out."""
    known: dict[str, str] = {}
    for fieldname, synonyms in COLUMNS[kind].items():
        known[fold(fieldname)] = fieldname
        for synonym in synonyms:
            known.setdefault(fold(synonym), fieldname)
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        found = known.get(fold(header))
        if found and found not in taken:
            fieldname = found
            mapping[header] = fieldname
            taken.add(fieldname)
    return mapping


def unmapped(kind: str, headers: Sequence[str], mapping: Mapping[str, str]) -> list[str]:
    """Headers neither mapped nor deliberately ignored."""
    return [h for h in headers if h and h not in mapping]


def missing_required(kind: str, mapping: Mapping[str, str]) -> list[str]:
    """Required fields no column maps to."""
    mapped = set(mapping.values())
    return [f for f in REQUIRED[kind] if f not in mapped]
