"""Pedigree files in the pedtools text format: families, singletons, clear errors."""

from __future__ import annotations

import pytest

from homeward.kinship.engine import KinshipInputError, parse_ped, write_ped

TEXT = (
    "famid\tid\tfid\tmid\tsex\tvWA\tPenta E\n"
    "F1\tfa\t0\t0\t1\t17/18\t-/-\n"
    "F1\tmo\t0\t0\t2\t-/-\t-/-\n"
    "F1\tch\tfa\tmo\t2\t17/17\t9/12\n"
    "S\tx\t0\t0\t1\t16/17.3\t5/-\n"
    "S\ty\t0\t0\t2\t-/-\t-/-\n"
)


def test_families_and_singletons_become_separate_pedigrees() -> None:
    peds = parse_ped(TEXT)
    assert [p.name for p in peds] == ["F1", "x", "y"]
    fam = peds[0]
    assert fam.persons["ch"].father == "fa"
    assert fam.genotype("ch", "PENTA_E") == ("9", "12")
    assert fam.genotype("mo", "vWA") is None
    assert peds[1].genotype("x", "Penta E") == ("5", "-")
    assert peds[1].genotype("x", "VWA") == ("16", "17.3")


def test_file_without_famid_column_is_read() -> None:
    peds = parse_ped("id fid mid sex TH01\na 0 0 1 6/7\nb 0 0 2 9.3/9.3\nc a b 1 6/9.3\n")
    assert len(peds) == 1 and set(peds[0].persons) == {"a", "b", "c"}


def test_written_file_reads_back_the_same() -> None:
    peds = parse_ped(TEXT)
    again = parse_ped(write_ped(peds))
    assert [p.name for p in again] == [p.name for p in peds]
    assert again[0].genotypes == peds[0].genotypes


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("F2\tz\tfa\t0\t1\t-/-\t-/-", "line 7: 'z' has one parent"),
        ("F2\tz\tdad\tmum\t1\t-/-\t-/-", "line 7: parent 'dad' of 'z' is not in the file"),
        ("F2\tz\t0\t0\tm\t-/-\t-/-", "line 7: sex 'm' must be 1 (male), 2 (female) or 0"),
        ("F2\tz\t0\t0\t1\t-/-", "line 7: 6 columns where the header has 7"),
        (
            "F2\tz\t0\t0\t1\t1/2/3\t-/-",
            "line 7, marker vWA: genotype '1/2/3' is not of the form a/b",
        ),
        ("F1\tfa\t0\t0\t1\t-/-\t-/-", "line 7: person 'fa' already given on line 2"),
    ],
)
def test_bad_lines_are_named_in_the_error(line: str, message: str) -> None:
    with pytest.raises(KinshipInputError) as info:
        parse_ped(TEXT + line + "\n", source="cases.ped")
    assert str(info.value).startswith("cases.ped ")
    assert message in str(info.value)


def test_bad_header_is_refused() -> None:
    with pytest.raises(KinshipInputError, match="line 1: the header must start"):
        parse_ped("name\tfather\tmother\n")
