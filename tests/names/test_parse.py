from __future__ import annotations

import pytest

from homeward.names import ParsedName, parse_name
from homeward.names.parse import father_from_patronymic


def test_russian_surname_given_patronymic_parses() -> None:
    parsed = parse_name("Хасанов Магомед Русланович")
    assert isinstance(parsed, ParsedName)
    assert (parsed.surname, parsed.given, parsed.patronymic) == ("хасанов", "магомед", "русланович")
    assert parsed.script == "Cyrl"


def test_given_patronymic_surname_order_parses_the_same() -> None:
    parsed = parse_name("Магомед Русланович Хасанов")
    assert (parsed.surname, parsed.given, parsed.father_given) == ("хасанов", "магомед", "руслан")


def test_patronymic_gives_the_fathers_given_name() -> None:
    assert parse_name("Хасанов Магомед Русланович").father_given == "руслан"


@pytest.mark.parametrize(
    ("patronymic", "father"),
    [
        ("Сергеевич", "сергей"),
        ("Юрьевна", "юрий"),
        ("Игоревич", "игорь"),
        ("Ильич", "илья"),
        ("Ахмедовна", "ахмед"),
        ("Ruslanovich", "ruslan"),
    ],
)
def test_father_from_patronymic(patronymic: str, father: str) -> None:
    assert father_from_patronymic(patronymic) == father


def test_turkic_patronymic_word_names_the_father() -> None:
    parsed = parse_name("Алиев Тофиг Руслан оглы")
    assert parsed.father_given == "руслан"
    assert parsed.surname == "алиев"
    assert parsed.given == "тофиг"


def test_arabic_chain_gives_given_father_grandfather_and_family() -> None:
    parsed = parse_name("محمد حسن علي الجبوري")
    assert (parsed.given, parsed.father_given, parsed.grandfather, parsed.surname) == (
        "محمد",
        "حسن",
        "علي",
        "الجبوري",
    )


def test_bin_marks_a_chain_in_latin_script() -> None:
    parsed = parse_name("Muhammad bin Hasan bin Ali")
    assert (parsed.given, parsed.father_given, parsed.grandfather) == ("muhammad", "hasan", "ali")


def test_kunya_and_origin_names_are_weak_aliases() -> None:
    parsed = parse_name("أبو عمر الشيشاني")
    assert parsed.teknonyms == ("ابو عمر",)
    assert parsed.origins == ("الشيشاني",)
    assert parsed.given is None
    latin = parse_name("Abu Umar al-Shishani")
    assert latin.teknonyms == ("abu umar",)
    assert latin.origins == ("al-shishani",)


def test_empty_name_parses_to_nothing() -> None:
    parsed = parse_name("")
    assert parsed.given is None and parsed.tokens == ()


def test_patronymic_spelled_with_soft_sign_offers_both_fathers() -> None:
    from homeward.names.parse import father_candidates

    assert father_candidates("Шамильевич") == ("шамилий", "шамиль")
    assert father_candidates("Магомед") == ()


def test_arabic_chain_written_in_latin_letters_is_read_as_a_chain() -> None:
    parsed = parse_name("Mohammed Hassan Ali al-Jubouri")
    assert (parsed.given, parsed.father_given, parsed.grandfather, parsed.surname) == (
        "mohammed",
        "hassan",
        "ali",
        "al-jubouri",
    )
    assert parse_name("Ivan Petrov Sidorov").father_given is None


def test_surname_ending_in_ich_is_not_taken_for_the_patronymic() -> None:
    parsed = parse_name("Бабич Иван Петрович")
    assert (parsed.surname, parsed.given, parsed.father_given) == ("бабич", "иван", "петр")
    assert parse_name("Иван Бабич").patronymic is None
