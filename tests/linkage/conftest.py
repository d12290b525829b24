"""A small synthetic caseload, generated here so the tests need no shared data."""

from __future__ import annotations

import random

import pytest

from homeward.linkage import Record

# (Cyrillic, Latin as heard, Arabic)
BOYS = [
    ("Магомед", "Mokhammad", "محمد"),
    ("Ахмед", "Akhmed", "أحمد"),
    ("Умар", "Umar", "عمر"),
    ("Ибрагим", "Ibrahim", "إبراهيم"),
    ("Расул", "Rasul", "رسول"),
    ("Юсуф", "Yusuf", "يوسف"),
    ("Ислам", "Islam", "إسلام"),
    ("Муса", "Musa", "موسى"),
    ("Адам", "Adam", "آدم"),
]
GIRLS = [
    ("Патимат", "Fatima", "فاطمة"),
    ("Аиша", "Aisha", "عائشة"),
    ("Марьям", "Maryam", "مريم"),
    ("Амина", "Amina", "أمينة"),
    ("Зайнаб", "Zainab", "زينب"),
    ("Хава", "Hawa", "حواء"),
]
SURNAMES = [
    ("Хасанов", "Khasanov"),
    ("Алиев", "Aliev"),
    ("Гаджиев", "Gadzhiev"),
    ("Умаров", "Umarov"),
    ("Курбанов", "Kurbanov"),
    ("Исаев", "Isaev"),
    ("Рамазанов", "Ramazanov"),
    ("Шахбанов", "Shakhbanov"),
    ("Абакаров", "Abakarov"),
    ("Дадашев", "Dadashev"),
    ("Нурмагомедов", "Nurmagomedov"),
    ("Тагиров", "Tagirov"),
]


def make_caseload(n: int, seed: int = 1) -> tuple[list[Record], list[Record], set[tuple[str, str]]]:
    """``n`` children found abroad, ``n`` requests, 70% of them the same children."""
    rng = random.Random(seed)
    children: list[Record] = []
    requests: list[Record] = []
    truth: set[tuple[str, str]] = set()
    for i in range(n):
        sex = rng.choice("MF")
        given = rng.choice(BOYS if sex == "M" else GIRLS)
        father = rng.choice(BOYS)
        mother = rng.choice(GIRLS)
        cyr, lat = rng.choice(SURNAMES)
        fem = "а" if sex == "F" else ""
        year = rng.randint(2006, 2016)
        patronymic = father[0] + ("ович" if sex == "M" else "овна")
        request = Record(
            id=f"R{i}",
            names=[f"{cyr}{fem} {given[0]} {patronymic}"],
            sex=sex,
            birth_date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            mother_names=[mother[0]],
            father_names=[f"{cyr} {father[0]}"],
            home_region="Дагестан",
        )
        requests.append(request)
        if i < 0.7 * n:
            written = rng.choice(
                [
                    f"{given[1]} {lat}{'a' if fem else ''}",
                    f"{given[2]} {father[2]}",
                    f"{cyr}{fem} {given[0]}",
                ]
            )
            off = rng.choice([-1, 0, 0, 1])
            children.append(
                Record(
                    id=f"C{i}",
                    names=[written],
                    sex=sex,
                    birth_year_min=year + off - 1,
                    birth_year_max=year + off + 1,
                    mother_names=[rng.choice([mother[1], mother[2]])],
                    home_region="Dagestan" if rng.random() < 0.5 else None,
                )
            )
            truth.add((f"C{i}", f"R{i}"))
        else:
            children.append(
                Record(
                    id=f"C{i}",
                    names=[f"{rng.choice(BOYS + GIRLS)[1]} {rng.choice(SURNAMES)[1]}"],
                    sex=rng.choice("MF"),
                    birth_year_min=2008,
                    birth_year_max=2010,
                )
            )
    return children, requests, truth


@pytest.fixture(scope="session")
def caseload() -> tuple[list[Record], list[Record], set[tuple[str, str]]]:
    return make_caseload(240)


@pytest.fixture(scope="session")
def khasanov() -> tuple[Record, Record, Record]:
    """A child found abroad, the request that seeks him, and a namesake's request."""
    child = Record(
        id="c1",
        names=["Mokhammad Khasanov", "محمد رسلان"],
        sex="M",
        birth_year_min=2011,
        birth_year_max=2013,
        mother_names=["Patimat"],
        home_region="Dagestan",
    )
    sought = Record(
        id="r1",
        names=["Хасанов Магомед Русланович"],
        sex="M",
        birth_date="2012-03-04",
        mother_names=["Хасанова Патимат"],
        father_names=["Хасанов Руслан"],
        home_region="Дагестан",
    )
    namesake = Record(
        id="r2",
        names=["Хасанов Магомед Ибрагимович"],
        sex="M",
        birth_date="2005-01-01",
        mother_names=["Аиша"],
        home_region="Чечня",
    )
    return child, sought, namesake
