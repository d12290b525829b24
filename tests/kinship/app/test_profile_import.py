"""Lab results files: both layouts read, every genotype checked, a bad file refused whole."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from homeward.errors import ActionError
from homeward.kinship import actions
from homeward.kinship.imports import ProfileFileError, parse_results
from homeward.kinship.models import DnaSample, StrProfile


@pytest.fixture
def two_samples(family: dict[str, Any], lab: Any, bring_to_lab: Any) -> list[DnaSample]:
    when = timezone.now() - dt.timedelta(days=5)
    out = []
    for donor in (family["child"], family["links"]["grandmother"].relative):
        sample = actions.request_sample(actor=None, case=family["case"], donor=donor, requested_at=when)
        out.append(bring_to_lab(sample, lab))
    return out


def test_long_csv_becomes_one_profile_per_sample(two_samples: list[DnaSample], lab: Any) -> None:
    a, b = two_samples
    content = (f"Sample Name,Marker,Allele 1,Allele 2\n{a.code},D3S1358,15,16\n{a.code},vWA,17,\n"
               f"{b.code.lower()},D3S1358,14,15\n{b.code},TH01,9.3,6\n").encode()
    profiles = actions.import_profiles(actor=None, content=content, filename="run.csv", lab=lab)
    by_sample = {p.sample_id: p for p in profiles}
    assert by_sample[a.pk].genotypes == {"D3S1358": "15/16", "vWA": "17/17"}
    assert by_sample[b.pk].genotypes == {"D3S1358": "14/15", "TH01": "6/9.3"}
    assert by_sample[a.pk].person_id == a.donor_id and len(by_sample[a.pk].source_hash) == 64
    assert set(DnaSample.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)) == {"profiled"}


def test_pedtools_text_is_read_and_untyped_connecting_relatives_are_ignored(two_samples: list[DnaSample]) -> None:
    a, b = two_samples
    content = (
        "famid\tid\tfid\tmid\tsex\tD3S1358\tvWA\n"
        "F1\tfa\t0\t0\t1\t-/-\t-/-\n"
        f"F1\t{b.code}\t0\t0\t2\t15/16\t17/18\n"
        f"F1\t{a.code}\tfa\tmo\t1\t15/15\t17/-\n"
    ).encode()
    profiles = actions.import_profiles(actor=None, content=content, filename="fam.ped")
    got = {p.sample_id: p.genotypes for p in profiles}
    assert got == {b.pk: {"D3S1358": "15/16", "vWA": "17/18"}, a.pk: {"D3S1358": "15/15", "vWA": "17/-"}}


def test_a_bad_genotype_refuses_the_whole_file_naming_line_and_marker(two_samples: list[DnaSample], lab: Any) -> None:
    a, b = two_samples
    content = (f"sample_id,marker,allele1,allele2\n{a.code},D3S1358,15,16\n{a.code},vWA,17,18\n"
               f"{b.code},D3S1358,14,15\n{b.code},vWA,17,1x\n").encode()
    with pytest.raises(ActionError) as caught:
        actions.import_profiles(actor=None, content=content, filename="bad.csv", lab=lab)
    assert "line 5" in caught.value.message and "vWA" in caught.value.message
    assert not StrProfile.objects.exists()
    assert set(DnaSample.objects.values_list("status", flat=True)) == {"received"}


def test_an_unknown_sample_id_is_refused_naming_its_line(two_samples: list[DnaSample]) -> None:
    a, _b = two_samples
    content = f"sample_id,marker,allele1,allele2\n{a.code},D3S1358,15,16\nHW-NOPE-S01,vWA,17,18\n".encode()
    with pytest.raises(ActionError, match="line 3: no sample with id HW-NOPE-S01"):
        actions.import_profiles(actor=None, content=content)
    assert not StrProfile.objects.exists()


def test_a_sample_not_yet_at_the_lab_cannot_get_a_profile(family: dict[str, Any]) -> None:
    sample = actions.request_sample(actor=None, case=family["case"], donor=family["child"])
    content = f"sample_id,marker,allele1,allele2\n{sample.code},D3S1358,15,16\n".encode()
    with pytest.raises(ActionError, match="not received"):
        actions.import_profiles(actor=None, content=content)


def test_the_same_file_cannot_be_imported_twice(two_samples: list[DnaSample]) -> None:
    a, _b = two_samples
    content = f"sample_id,marker,allele1,allele2\n{a.code},D3S1358,15,16\n".encode()
    actions.import_profiles(actor=None, content=content)
    with pytest.raises(ActionError, match="already imported"):
        actions.import_profiles(actor=None, content=content)
    assert StrProfile.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sample_id,marker,allele1,allele2\nS1,D3S1358,15,16\nS1,D3S1358,15,17\n", "line 3, marker D3S1358"),
        ("sample_id,marker,allele1,allele2\nS1,AMEL,X,Z\n", "line 2, marker AMEL"),
        ("sample_id,marker,allele1,allele2\nS1,FGA,OL,22\n", "off-ladder"),
        ("sample_id,marker,allele1,allele2,allele3\nS1,FGA,21,22,23\n", "more than two alleles"),
        ("sample_id,marker,allele\nS1,FGA,21\n", "no allele 1 column"),
        ("famid id fid mid sex vWA TH01\nF S1 0 0 2 17/18 6/7/8\n", "line 2, marker TH01"),
        ("famid id fid mid sex vWA\nF S1 0 0 2 17/18 6/7\n", "line 2: 7 columns"),
        ("hello\n", "line 1"),
        ("", "empty"),
    ],
)
def test_parser_messages_name_the_line_and_marker(text: str, expected: str) -> None:
    with pytest.raises(ProfileFileError) as caught:
        parse_results(text)
    assert expected in str(caught.value)


def test_numeric_alleles_are_normalised_and_ordered() -> None:
    parsed = parse_results("sample_id;marker;allele1;allele2\nS1;TH01;10.0;9.3\nS1;Penta E;7;\n")
    assert parsed.samples["S1"].genotypes == {"TH01": "9.3/10", "Penta E": "7/7"}


allele = st.one_of(st.integers(5, 40).map(str), st.tuples(st.integers(5, 40), st.integers(1, 3)).map(
    lambda t: f"{t[0]}.{t[1]}"))
genotype = st.tuples(allele, allele)
profiles = st.dictionaries(
    st.from_regex(r"HW-20[0-9]{2}-[0-9]{4}-S0[1-9]", fullmatch=True),
    st.dictionaries(st.sampled_from(["D3S1358", "vWA", "TH01", "FGA", "D21S11", "SE33"]), genotype, min_size=1),
    min_size=1, max_size=4,
)


@settings(max_examples=40, deadline=None)
@given(profiles)
def test_both_layouts_read_back_what_was_written(data: dict[str, dict[str, tuple[str, str]]]) -> None:
    from homeward.kinship.engine.markers import allele_sort_key

    expected = {code.upper(): {m: "/".join(sorted(g, key=allele_sort_key)) for m, g in per.items()}
                for code, per in data.items()}
    csv_text = "sample_id,marker,allele1,allele2\n" + "".join(
        f"{code},{m},{a},{b}\n" for code, per in data.items() for m, (a, b) in per.items())
    got = {k: v.genotypes for k, v in parse_results(csv_text).samples.items()}
    assert got == expected
    markers = sorted({m for per in data.values() for m in per})
    ped_text = "famid\tid\tfid\tmid\tsex\t" + "\t".join(markers) + "\n" + "".join(
        f"F\t{code}\t0\t0\t0\t" + "\t".join("/".join(per[m]) if m in per else "-/-" for m in markers) + "\n"
        for code, per in data.items())
    got = {k: v.genotypes for k, v in parse_results(ped_text).samples.items()}
    assert got == expected
