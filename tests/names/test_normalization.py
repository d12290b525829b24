from __future__ import annotations

import pytest

from homeward.names import UnsafeNameError, detect_script, normalize, validate_name


@pytest.mark.parametrize(
    "control", ["\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\u061c"]
)
def test_validate_name_rejects_direction_controls_and_names_them(control: str) -> None:
    with pytest.raises(UnsafeNameError) as caught:
        validate_name(f"Магомед{control} Хасанов")
    assert f"U+{ord(control):04X}" in str(caught.value)
    assert "position 8" in str(caught.value)


def test_unsafe_name_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        validate_name("abc\u202edef")


def test_validate_name_keeps_case_and_diacritics_but_applies_nfkc() -> None:
    assert validate_name("  Ｍagomed   Ёлкин ") == "Magomed Ёлкин"
    assert validate_name("مُحَمَّد") == "مُحَمَّد"


def test_normalize_strips_direction_controls_for_matching() -> None:
    assert normalize("Маго\u200eмед") == "магомед"


def test_normalize_folds_arabic_diacritics_tatweel_and_letter_variants() -> None:
    assert normalize("مُحَمَّد") == "محمد"
    assert normalize("مـحـمـد") == "محمد"
    assert normalize("أحمد إبراهيم آدم ٱلله") == "احمد ابراهيم ادم الله"
    assert normalize("مصطفى فاطمة") == "مصطفي فاطمه"


def test_normalize_folds_yo_to_ye() -> None:
    assert normalize("Ёлкин Пётр") == "елкин петр"


@pytest.mark.parametrize("typed", ["КӀант", "Кӏант", "КIант", "Кlант", "К1ант"])
def test_palochka_lookalikes_inside_cyrillic_words_fold_to_palochka(typed: str) -> None:
    assert normalize(typed) == "кӏант"


def test_latin_i_outside_cyrillic_words_is_left_alone() -> None:
    assert normalize("Ilyas Ali") == "ilyas ali"


def test_cyrillic_lookalikes_inside_latin_words_become_latin() -> None:
    assert normalize("Mоhammed") == "mohammed"  # the first o is Cyrillic


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("محمد حسن", "Arab"),
        ("Хасанов Магомед", "Cyrl"),
        ("Mokhammad Khasanov", "Latn"),
        ("Magomed Хасанов", "Mixed"),
        ("123 -", "Unknown"),
        ("", "Unknown"),
        ("КIант", "Cyrl"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_typographic_apostrophe_reads_as_the_plain_one() -> None:
    assert normalize("D’Artagnan") == normalize("D'Artagnan") == "d'artagnan"
