"""Classes of real-world name variation the matcher must survive: name chains, kunyas,
swapped names, official region names, records with no birth year."""

from __future__ import annotations

import pytest

from homeward.linkage import Record
from homeward.linkage.features import normalise_region, record_features


def _keys(record: Record) -> set[str]:
    return set(record_features(record).block_keys or [])


def test_a_name_chain_keeps_its_first_name_as_the_given_name() -> None:
    # Kheda, daughter of Turpal, son of Abubakar (a known given name, unlike "Khida" as heard)
    f = record_features(Record("c", ["خيدا بنت تورپال بن أبوبكر"]))
    assert f.given_canon is not None and f.given_canon.startswith("kh")
    assert f.father_canon == "turpal"
    # "bin Abubakar" names a grandfather, not a family
    assert f.surname_canon is None


def test_a_chain_without_markers_may_end_with_the_family_name() -> None:
    f = record_features(Record("c", ["Mourtazali bin Abdourakhmon Tomari"]))
    assert f.given_canon == "mourtazali"
    assert f.surname_canon == "tomari"


@pytest.mark.parametrize("kunya", ["أم محمد", "Umm Magomed", "Abu Bilal", "Oum Yahia"])
def test_a_kunya_is_no_given_name(kunya: str) -> None:
    f = record_features(Record("c", ["Aisha"], mother_names=[kunya], father_names=[kunya]))
    assert f.mother_canon is None
    assert f.father_canon is None


def test_a_lexicon_kunya_name_stays_a_given_name() -> None:
    assert record_features(Record("c", ["Abu Bakr"])).given_canon is not None


def test_swapped_given_and_family_name_share_a_key_without_a_year() -> None:
    one = Record("c", ["Рафинескуе Асеят"])
    other = Record("r", ["Рафинескуе Асият Исмаиловна"], birth_year_min=2009, birth_year_max=2011)
    assert _keys(one) & _keys(other)


def test_surname_and_father_share_a_key_when_the_given_name_is_lost() -> None:
    one = Record("c", ["Xqzw Sultanov"], father_names=["Turpal"])
    other = Record("r", ["Султанова Хеда Турпаловна"])
    assert _keys(one) & _keys(other)


def test_a_record_without_birth_year_keeps_a_lone_given_name_key() -> None:
    f = record_features(Record("c", ["Rumisa"]))
    assert f.age_keys is not None and any(k.startswith("n:") for k in f.age_keys)


@pytest.mark.parametrize(
    ("official", "short"),
    [
        ("Республика Дагестан", "Dagestan"),
        ("Кабардино-Балкарская Республика", "Kabardino-Balkaria"),
        ("Ставропольский край", "Stavropol"),
        ("Астраханская область", "Astrakhan"),
        ("Республика Ингушетия", "Ingushetia"),
    ],
)
def test_an_official_region_name_reads_as_the_short_one(official: str, short: str) -> None:
    assert normalise_region(official) == normalise_region(short)


def test_different_regions_stay_different() -> None:
    assert normalise_region("Республика Дагестан") != normalise_region("Чечня")


def test_two_records_without_a_father_say_nothing_about_the_father() -> None:
    from homeward.linkage import Model, link

    child = Record("c", ["Rizvan Saidov"], sex="M", birth_year_min=2008, birth_year_max=2012)
    sought = Record("r", ["Ризван Саидов"], sex="M", birth_date="2009-06-14")
    (pair,) = link([child], [sought], model=Model.default(), threshold=0.0)
    assert pair.explanations["father"] == "missing"
    assert pair.contributions["father"] == 0.0


@pytest.mark.parametrize("origin", ["القبردي", "الأوسيتي", "البلقاري", "الأواري"])
def test_an_origin_name_of_the_caucasus_is_no_family_name(origin: str) -> None:
    # "of Kabarda", "the Ossetian": a nisba says where the family is from, not who it is
    f = record_features(Record("c", [f"خدا نورماغميد {origin}"]))
    assert f.surname_canon is None
    from homeward.names.parse import is_origin

    assert is_origin("al-qabardi") and not is_origin("al-tamimi")
