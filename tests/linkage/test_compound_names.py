"""Compound given names, name chains read by their markers, and the keys of records known by
little more than a given name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homeward.linkage import Record, blocking
from homeward.linkage.engine import Session
from homeward.linkage.features import record_features
from homeward.linkage.model import Model


def _given_keys(name: str) -> set[str]:
    return set(record_features(Record("x", [name])).given_keys or [])


@pytest.mark.parametrize(
    ("one_word", "two_words"),
    [
        ("Гаджимурад", "حاجي مراد بن إبراهيم"),
        ("Нурмагомед", "نور محمد بن أرسلان"),
        ("Муртазали", "مرتضى علي بن عمر"),  # Murtaza + Ali, the shared vowel written once
        ("Магомедрасул", "Magomed Rasul bin Ali"),
        ("Магомед-Эмин", "محمد أمين"),
    ],
)
def test_a_compound_name_in_one_word_shares_a_key_with_its_two_words(
    one_word: str, two_words: str
) -> None:
    shared = _given_keys(f"{one_word} Алиев") & _given_keys(two_words)
    assert any(k.startswith("c:") for k in shared)


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from(["Гаджи", "Нур", "Магомед", "Али"]),
    st.sampled_from(["Мурад", "Расул", "Магомед", "Ахмед"]),
    st.sampled_from(["Алиев", "Гаджиев", "Юсупов"]),
    st.integers(2004, 2018),
)
def test_a_compound_written_joined_hyphenated_or_apart_meets_itself(
    first: str, second: str, family: str, year: int
) -> None:
    joined = Record("c", [f"{first}{second.lower()} {family}"], birth_date=f"{year}-03-01")
    hyphen = Record("r", [f"{family} {first}-{second}"], birth_year_min=year, birth_year_max=year)
    a, b = record_features(joined), record_features(hyphen)
    assert set(a.given_keys or []) & set(b.given_keys or [])
    assert set(a.block_keys or []) & set(b.block_keys or [])
    assert a.surname_canon == b.surname_canon


def test_a_name_the_lexicon_knows_whole_or_a_family_name_is_not_split() -> None:
    assert not any(k.startswith("c:") for k in _given_keys("Абдулгамид"))
    assert not any(k.startswith("c:") for k in _given_keys("Abubakar"))
    f = record_features(Record("x", ["Алимурадов Ислам"]))
    assert f.given_canon == "islam" and f.surname_canon == "alimuradov"


def test_a_hyphen_joins_two_given_names_not_a_double_family_name() -> None:
    f = record_features(Record("x", ["Магомед-Эмин Юсупов"]))
    assert f.given_canon is not None and f.given_canon.startswith("magomed")
    assert f.given_canon != "magomed" and f.surname_canon == "yusupov"
    assert record_features(Record("x", ["Amin Aliev-Khanov"])).given_canon == "amin"


def test_the_words_before_the_first_marker_are_the_given_name() -> None:
    f = record_features(Record("x", ["حاجي مراد بن إبرهم بن خاسن"]))
    assert f.given_canon is not None and " " in f.given_canon  # Hajji Murad
    assert f.father_forms is not None and not {"murad", "murat"} & set(f.father_forms)
    # "bin Khasan" names a grandfather, no family
    assert f.surname_canon is None


def test_a_given_name_after_the_last_marker_is_no_family_name() -> None:
    # Leila, daughter of Muhammad, son of Nur Muhammad
    f = record_features(Record("x", ["ليلى بنت محمد بن نور محمد"]))
    assert f.surname_canon is None
    g = record_features(Record("x", ["Muhammad bin Musa Jusupow"]))
    assert g.surname_canon == "jusupow" and g.father_canon == "musa"


@pytest.mark.parametrize(("heard", "written"), [("Fatim", "Фатима"), ("Omina", "Амина")])
def test_a_name_heard_off_every_spelling_keeps_a_lone_key_by_its_sound(
    heard: str, written: str
) -> None:
    one = record_features(Record("c", [heard]))
    other = record_features(Record("r", [f"{written} Алиева"], birth_date="2012-01-01"))
    lone = {k for k in (one.age_keys or []) if k.startswith("n:")}
    assert lone & set(other.age_keys or [])


def _blocked(children: list[Record], requests: list[Record]) -> set[tuple[str, str]]:
    session = Session(
        Model.default(),
        [record_features(r) for r in children],
        [record_features(r) for r in requests],
    )
    try:
        table = session.block()
        rows = session.con.execute(
            f"SELECT split_part(join_key_l, '-__-', 2), split_part(join_key_r, '-__-', 2) "
            f"FROM {table}"
        ).fetchall()
    finally:
        session.close()
    return {(str(a), str(b)) for a, b in rows}


def test_a_common_name_with_nothing_else_is_still_paired(monkeypatch: pytest.MonkeyPatch) -> None:
    # many children of unknown age called Magomed, each with a family name; one known by
    # the name alone. With the bound lowered, "n:" of Magomed is dropped, "o:" is not.
    monkeypatch.setattr(blocking, "MAX_LONE_NAME_PAIRS", 60)
    children = [Record(f"c{i}", [f"Магомед Фамилия{i}ов"]) for i in range(8)]
    children.append(Record("alone", ["Магомед"]))
    requests = [
        Record(f"r{i}", [f"Алиев Магомед {i}"], birth_date=f"{2005 + i}-01-01") for i in range(8)
    ]
    pairs = _blocked(children, requests)
    assert ("alone", "r0") in pairs
    assert ("c1", "r0") not in pairs  # the lone-name key of the common name went


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from(["Али", "Дауд", "Хасан", "Салах"]), st.integers(2004, 2018), st.integers(-1, 1)
)
def test_a_chain_child_misheard_meets_by_fathers_name_and_year(
    father: str, year: int, off: int
) -> None:
    # "Aisa bint Ali" (Aisha as heard), no family name: the father's name is the family line
    one = Record("c", [f"Xqzw бинт {father}"], birth_year_min=year, birth_year_max=year)
    other = Record(
        "r",
        [f"Дадаева Аиша {father}евна"],
        father_names=[f"Дадаев {father}"],
        birth_date=f"{year + off}-05-01",
    )
    a, b = record_features(one), record_features(other)
    assert a.surname_canon is None
    assert any(k.startswith("f:") for k in set(a.age_keys or []) & set(b.age_keys or []))


def test_the_fathers_name_and_year_pair_only_where_a_family_name_is_missing() -> None:
    children = [
        Record("chain", ["Xqzw bint Ali"], birth_year_min=2010, birth_year_max=2010),
        Record("full", ["Qwxz Дадаева"], father_names=["Дадаев Али"], birth_date="2010-03-01"),
    ]
    requests = [
        Record(
            "r", ["Аиша Алиевна Гаджиева"], father_names=["Гаджиев Али"], birth_date="2010-05-01"
        ),
    ]
    pairs = _blocked(children, requests)
    assert ("chain", "r") in pairs
    assert ("full", "r") not in pairs
