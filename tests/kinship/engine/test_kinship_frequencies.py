"""Frequency tables: the three formats, marker names, unseen alleles, shipped databases."""

from __future__ import annotations

from pathlib import Path

import pytest

from homeward.kinship.engine import (
    SHIPPED,
    KinshipInputError,
    allele_label,
    load_frequencies,
    marker_key,
    parse_frequencies,
    shipped_database,
)

NORSTR = "D1S1656\n11\t0.25\n15.3\t0.75\n\nPenta E\n5\t0.5\n7\t0.5\n\nvWA\n17\t1.0\n"
NIST = (
    "\ufeffSTR;vWA;Penta_E;D21S11\n"
    "N;100;50;100\n"
    "Allele;;;\n"
    "5.0;;0.4;\n"
    "7.0;;0.6;\n"
    "17.0;0.5;;\n"
    "18.0;0.5;;\n"
    "29.0;;;0.3\n"
    "30.2;;;0.7\n"
    "PI;0.1;0.2;0.3\n"
)


def test_marker_names_from_different_sources_are_the_same_marker() -> None:
    assert marker_key("vWA") == marker_key("VWA")
    assert (
        marker_key("Penta E")
        == marker_key("PENTA_E")
        == marker_key("PentaE")
        == marker_key("penta-e")
    )
    assert marker_key("THO1") == marker_key("TH01")
    assert marker_key("D21S11") != marker_key("D2S1338")


def test_allele_labels_drop_a_zero_decimal_but_keep_microvariants() -> None:
    assert allele_label("10.0") == "10"
    assert allele_label(" 9.30") == "9.3"
    assert allele_label("13.2") == "13.2"
    assert allele_label("X") == "X"


def test_norstr_text_is_parsed_with_marker_names_containing_spaces() -> None:
    db = parse_frequencies(NORSTR)
    assert set(db["PENTA_E"].alleles) == {"5", "7"}
    assert db["D1S1656"].alleles == ("11", "15.3")
    assert db["vwa"].freqs.tolist() == [1.0]


def test_nist_csv_is_parsed_with_sample_sizes_and_without_summary_rows() -> None:
    db = parse_frequencies(NIST)
    assert db["Penta E"].sample_size == 50
    assert db["VWA"].alleles == ("17", "18")
    assert db["D21S11"].alleles == ("29", "30.2")
    assert len(db) == 3


def test_unseen_allele_gets_five_over_two_n_and_frequencies_are_renormalised() -> None:
    db = parse_frequencies(NIST)
    ext = db.for_alleles("vWA", ["17", "21"])
    expected = 5 / 200
    assert ext.alleles == ("17", "18", "21")
    assert ext.freqs[2] == pytest.approx(expected / (1 + expected))
    assert ext.freqs.sum() == pytest.approx(1.0)


def test_unseen_allele_gets_the_given_minimum_frequency() -> None:
    db = parse_frequencies(NORSTR).with_min_freq(0.01)
    ext = db.for_alleles("Penta E", ["9"])
    assert ext.freqs[ext.index()["9"]] == pytest.approx(0.01 / 1.01)


def test_without_sample_size_unseen_allele_gets_the_smallest_frequency_at_the_marker() -> None:
    ext = parse_frequencies(NORSTR).for_alleles("D1S1656", ["16"])
    assert ext.freqs[ext.index()["16"]] == pytest.approx(0.25 / 1.25)


def test_pedtools_freq_file_is_read_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "db.freq"
    path.write_text("TH01\n6\t0.2\n9.3\t0.8\n")
    assert load_frequencies(path)["TH01"].alleles == ("6", "9.3")


def test_bad_frequency_names_the_file_line_and_marker(tmp_path: Path) -> None:
    path = tmp_path / "bad.freq"
    path.write_text("TH01\n6\t0.2\n9.3\tabc\n")
    with pytest.raises(KinshipInputError, match=r"bad.freq line 3, marker TH01: frequency 'abc'"):
        load_frequencies(path)


def test_every_shipped_database_loads_and_has_the_globalfiler_core() -> None:
    for name in SHIPPED:
        db = shipped_database(name)
        for marker in ("D3S1358", "vWA", "TH01", "FGA", "D21S11", "SE33"):
            assert marker in db, (name, marker)
            assert db[marker].freqs.sum() == pytest.approx(1.0)


def test_unknown_shipped_database_is_a_clear_error() -> None:
    with pytest.raises(KinshipInputError, match="unknown frequency database"):
        shipped_database("atlantis")
