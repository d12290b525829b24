from __future__ import annotations

import pytest

from homeward.names import name_keys, romanize, similarity, token_similarity


@pytest.mark.parametrize(
    ("a", "b"),
    [("Магомед", "محمد"), ("Магомед", "Mokhammad"), ("محمد", "Mokhammad"), ("Muhammad", "Magomed")],
)
def test_magomed_muhammad_and_mokhammad_are_close(a: str, b: str) -> None:
    assert token_similarity(a, b) >= 0.9


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ибрагим", "Ibrahim"),
        ("Юсуп", "يوسف"),
        ("Хадижат", "Khadija"),
        ("Аишат", "عائشة"),
        ("Патимат", "Fatima"),
        ("Рамзан", "رمضان"),
        ("Khasan", "Hassan"),
        ("Заур", "Zaur"),
    ],
)
def test_lexicon_maps_caucasian_forms_to_arabic_forms(a: str, b: str) -> None:
    assert token_similarity(a, b) >= 0.9


def test_full_names_match_across_scripts_and_orders() -> None:
    assert similarity("Хасанов Магомед Русланович", "Mokhammad Khasanov") >= 0.8
    assert similarity("Хасанов Магомед Русланович", "محمد روسلان") >= 0.75


def test_random_pair_scores_low() -> None:
    assert similarity("Петрова Анна Ивановна", "محمد حسن") < 0.4
    assert token_similarity("Schlegel", "محمد") < 0.4


def test_missing_token_costs_less_than_a_wrong_token() -> None:
    full = "Хасанов Магомед Русланович"
    assert similarity(full, "Хасанов Магомед") > similarity(full, "Хасанов Магомед Иванович")


def test_cyrillic_romanisation_offers_the_documented_schemes() -> None:
    forms = romanize("Хасанов")
    assert forms[0] == "khasanov"
    assert {"xasanov", "chasanow"} <= set(forms)
    assert romanize("Магомед")[0] == "magomed"


def test_arabic_romanisation_offers_plausible_forms() -> None:
    forms = romanize("محمد")
    assert {"muhammad", "mohammed"} <= set(forms)
    assert all(form.isascii() and form == form.lower() for form in forms)


def test_keys_of_one_name_in_three_scripts_overlap() -> None:
    arabic = name_keys("محمد")
    assert arabic & name_keys("Магомед")
    assert arabic & name_keys("Mukhammad")
    assert "g:muhammad" in arabic


@pytest.mark.parametrize(
    ("a", "b"),
    [("Абдурахман", "عبد الرحمن"), ("Abd al-Rahman", "Абдурахман"), ("Абубакар", "أبو بكر")],
)
def test_compound_given_names_written_as_two_words_match_one_word(a: str, b: str) -> None:
    assert similarity(a, b) >= 0.9


def test_known_different_names_score_below_their_look_alike_score() -> None:
    # Salman and Sulayman share a consonant frame but are different names.
    assert token_similarity("Салман", "سليمان") < 0.6
    assert token_similarity("Хасан", "حسين") < 0.6


def test_unlisted_spelling_of_a_listed_name_finds_its_group() -> None:
    assert "g:muhammad" in name_keys("Mukhammet")


def test_kunya_alone_is_weak_evidence() -> None:
    assert similarity("Abu Umar al-Shishani", "Umar Khasanov") < similarity("Umar", "Umar Khasanov")


def test_initials_agree_with_names_that_start_with_their_sound() -> None:
    listed = "Хасанов М.Р."
    assert similarity(listed, "Mokhammad Khasanov") > similarity("Хасанов А.", "Mokhammad Khasanov")
    assert similarity(listed, "Mokhammad Khasanov") <= similarity(
        "Хасанов Магомед", "Mokhammad Khasanov"
    )


def test_arabic_romanisation_guesses_vowels_and_russian_surname_endings() -> None:
    assert romanize("حسن")[0] == "hasan"
    assert romanize("زكاييف")[0] == "zakayev"
    assert romanize("خسبولاتوف")[0] == "khasbulatov"
    assert romanize("الجبوري")[0] == "al-jaburi"


def test_each_document_scheme_spells_the_whole_name() -> None:
    forms = romanize("Юсупова Хадижат")
    assert forms[0] == "yusupova khadizhat"
    assert "iusupova khadizhat" in forms  # ICAO 9303
    assert "ioussoupova khadijat" in forms  # French
    assert "yusupova xadizhat" in forms  # GOST 7034
    assert "jusupowa chadischat" in forms  # German


def test_patronymic_keys_include_the_fathers_name() -> None:
    assert "g:ruslan" in name_keys("Русланович")
    assert name_keys("Русланович") & name_keys("روسلان")
