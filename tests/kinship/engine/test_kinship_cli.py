"""``homeward kinship``: pair, identify and search on pedigree files; bad input is a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from homeward.kinship.engine import MarkerFrequencies, pairwise_lr, read_ped
from homeward.kinship.engine.cli import main

PED = (
    "famid\tid\tfid\tmid\tsex\tD3S1358\tvWA\tTH01\n"
    "F1\tgf\t0\t0\t1\t-/-\t-/-\t-/-\n"
    "F1\tgm\t0\t0\t2\t15/16\t17/18\t6/9.3\n"
    "F1\tfa\tgf\tgm\t1\t-/-\t-/-\t-/-\n"
    "F1\tuncle\tgf\tgm\t1\t15/17\t17/17\t9.3/9.3\n"
    "F1\tmo\t0\t0\t2\t-/-\t-/-\t-/-\n"
    "F1\tchild\tfa\tmo\t1\t-/-\t-/-\t-/-\n"
    "c1\tc1\t0\t0\t1\t15/15\t17/19\t9.3/7\n"
    "c2\tc2\t0\t0\t2\t14/18\t14/15\t8/8\n"
)
FREQ = "D3S1358\n14\t0.1\n15\t0.3\n16\t0.3\n17\t0.2\n18\t0.1\n\nvWA\n14\t0.1\n15\t0.1\n17\t0.3\n18\t0.3\n19\t0.2\n\nTH01\n6\t0.2\n7\t0.2\n8\t0.2\n9.3\t0.4\n"


@pytest.fixture()
def files(tmp_path: Path) -> tuple[str, str]:
    ped = tmp_path / "cases.ped"
    ped.write_text(PED)
    freq = tmp_path / "db.freq"
    freq.write_text(FREQ)
    return str(ped), str(freq)


def test_pair_prints_the_lr_matching_the_api(
    files: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    ped, freq = files
    assert (
        main(
            [
                "pair",
                "--ped",
                ped,
                "--freq",
                freq,
                "--a",
                "gm",
                "--b",
                "c1",
                "--relationship",
                "grandparent",
            ]
        )
        == 0
    )
    printed = float(capsys.readouterr().out.strip())
    peds = {p.name: p for p in read_ped(ped)}
    from homeward.kinship.engine import load_frequencies

    expected = pairwise_lr(
        peds["F1"].profile("gm"), peds["c1"].profile("c1"), "grandparent", load_frequencies(freq)
    ).lr
    assert printed == pytest.approx(expected, rel=1e-6)


def test_pair_per_marker_prints_each_marker_then_the_total(
    files: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    ped, freq = files
    main(["pair", "--ped", ped, "--freq", freq, "--a", "uncle", "--b", "c1", "--relationship", "avuncular", "--per-marker",
          "--mutation", "stepwise", "--rate", "0.002"])  # fmt: skip
    lines = capsys.readouterr().out.strip().splitlines()
    assert [ln.split("\t")[0] for ln in lines] == ["D3S1358", "vWA", "TH01", "total"]


def test_identify_and_search_agree(
    files: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    ped, freq = files
    assert (
        main(["identify", "--ped", ped, "--freq", freq, "--poi", "c1", "--missing", "child"]) == 0
    )
    lr = float(capsys.readouterr().out.strip())
    assert main(["search", "--ped", ped, "--freq", freq]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    header = out[0].split("\t")
    assert header == ["poi", "rank", "family", "missing", "LR", "log10_LR", "posterior", "exclusions", "markers"]
    first = dict(zip(header, out[1].split("\t"), strict=True))
    assert (first["poi"], first["family"], first["missing"]) == ("c1", "F1", "child")
    assert float(first["LR"]) == pytest.approx(lr, rel=1e-6)


def test_malformed_genotype_names_file_line_and_marker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "pedigree.ped"
    bad.write_text(
        "id\tfid\tmid\tsex\tD8S1179\na\t0\t0\t1\t12/13\nb\t0\t0\t1\t13/14\nc\t0\t0\t2\t12\n"
    )
    code = main(["pair", "--ped", str(bad), "--a", "a", "--b", "c", "--relationship", "full-sib"])
    err = capsys.readouterr().err
    assert code == 2
    assert "pedigree.ped line 4, marker D8S1179: genotype '12' is not of the form a/b" in err
    assert "Traceback" not in err


def test_unknown_person_and_missing_file_are_clear_errors(
    files: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    ped, freq = files
    assert (
        main(
            [
                "pair",
                "--ped",
                ped,
                "--freq",
                freq,
                "--a",
                "nobody",
                "--b",
                "c1",
                "--relationship",
                "full-sib",
            ]
        )
        == 2
    )
    assert "no person 'nobody'" in capsys.readouterr().err
    assert main(["search", "--ped", ped + ".missing"]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_mutation_without_rate_is_refused(
    files: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    ped, freq = files
    assert (
        main(
            [
                "identify",
                "--ped",
                ped,
                "--freq",
                freq,
                "--poi",
                "c1",
                "--missing",
                "child",
                "--mutation",
                "equal",
            ]
        )
        == 2
    )
    assert "--rate" in capsys.readouterr().err


def test_shipped_database_is_used_by_default(
    files: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    ped, _ = files
    assert (
        main(["identify", "--ped", ped, "--poi", "c1", "--missing", "child", "--theta", "0.01"])
        == 0
    )
    assert float(capsys.readouterr().out) > 0
    assert isinstance(MarkerFrequencies, type)


def test_marker_missing_from_the_table_is_skipped_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ped = tmp_path / "amel.ped"
    ped.write_text("id\tfid\tmid\tsex\tAMEL\tTH01\na\t0\t0\t1\tX/Y\t6/7\nb\t0\t0\t1\tX/Y\t7/7\n")
    assert (
        main(
            [
                "pair",
                "--ped",
                str(ped),
                "--a",
                "a",
                "--b",
                "b",
                "--relationship",
                "full-sib",
                "--per-marker",
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    assert "warning: marker AMEL is not in the frequency table; skipped" in captured.err
    assert [ln.split("\t")[0] for ln in captured.out.strip().splitlines()] == ["TH01", "total"]
