from __future__ import annotations

from homeward.linkage import Record
from homeward.linkage.features import fold_surname, record_features


def test_patronymic_gives_the_fathers_given_name() -> None:
    f = record_features(Record("r", ["Хасанов Магомед Русланович"]))
    assert f.father_forms is not None and "ruslan" in f.father_forms
    assert f.given_canon == "magomed"
    assert f.surname_canon == "khasanov"


def test_arabic_second_name_is_the_fathers_given_name() -> None:
    f = record_features(Record("c", ["محمد رسلان"]))
    assert f.father_forms is not None and "ruslan" in f.father_forms
    assert f.given_forms is not None and "muhammad" in f.given_forms


def test_feminine_surname_folds_to_the_family_name() -> None:
    assert fold_surname("khasanova") == "khasanov"
    assert fold_surname("gadzhieva") == "gadzhiev"
    assert fold_surname("dostoevskaya") == "dostoevskiy"
    assert fold_surname("ali") == "ali"


def test_same_child_in_two_scripts_shares_a_blocking_key(khasanov: tuple[Record, ...]) -> None:
    child, sought, _ = khasanov
    a, b = record_features(child), record_features(sought)
    assert a.block_keys and b.block_keys
    assert set(a.block_keys) & set(b.block_keys)


def test_region_in_cyrillic_and_latin_is_one_value() -> None:
    a = record_features(Record("a", ["Ali"], home_region="Дагестан"))
    b = record_features(Record("b", ["Ali"], home_region=" Dagestan "))
    assert a.region == b.region == "dagestan"


def test_record_with_no_usable_evidence_has_no_blocking_keys() -> None:
    f = record_features(Record("x", ["Ali"]))
    assert f.block_keys is None
