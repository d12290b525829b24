from __future__ import annotations

import csv
from pathlib import Path

import pytest

from homeward.linkage.cli import main

HEADER = (
    "id,name,sex,birth_date,birth_year_min,birth_year_max,mother_name,father_name,home_region\n"
)


def _write(path: Path, rows: str) -> Path:
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_match_round_trip_writes_pairs_and_reports_bad_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    children = _write(
        tmp_path / "children.csv",
        "c1,Mokhammad Khasanov | محمد رسلان,M,,2011,2013,Patimat,,Dagestan\n"
        "c2,Aisha,X,,,,,,\n"  # bad sex
        ",Nobody,,,,,,,\n"  # no id
        "c3,Umar Aliev,M,12.03.2012,,,,,\n",  # bad date
    )
    requests = _write(
        tmp_path / "requests.csv",
        "r1,Хасанов Магомед Русланович,M,2012-03-04,,,Хасанова Патимат,Хасанов Руслан,Дагестан\n"
        "r2,Алиева Аиша,F,2014,,,,,\n"
        "r3,Гаджиев Умар,M,,2015,2010,,,\n",  # min after max
    )
    out = tmp_path / "pairs.csv"
    code = main(["--children", str(children), "--requests", str(requests), "--out", str(out)])
    assert code == 0
    err = capsys.readouterr().err
    assert f"{children}:3: skipped: sex 'X'" in err
    assert f"{children}:4: skipped: id is empty" in err
    assert f"{children}:5: skipped: birth date '12.03.2012'" in err
    assert f"{requests}:4: skipped: birth_year_min 2015 is after birth_year_max 2010" in err
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and set(rows[0]) == {"child_id", "request_id", "match_probability"}
    best = max(rows, key=lambda r: float(r["match_probability"]))
    assert (best["child_id"], best["request_id"]) == ("c1", "r1")
    assert float(best["match_probability"]) >= 0.5
    assert all(float(r["match_probability"]) >= 0.01 for r in rows)


def test_model_saved_by_one_run_is_used_by_the_next(tmp_path: Path) -> None:
    children = _write(tmp_path / "c.csv", "c1,Umar Aliev,M,,2010,2012,Amina,,\n")
    requests = _write(tmp_path / "r.csv", "r1,Алиев Умар,M,2011,,,Амина,,\n")
    model = tmp_path / "model.json"
    args = [
        "--children",
        str(children),
        "--requests",
        str(requests),
        "--out",
        str(tmp_path / "o.csv"),
    ]
    assert main([*args, "--save-model", str(model)]) == 0
    assert main([*args, "--model", str(model)]) == 0
    assert "r1" in (tmp_path / "o.csv").read_text(encoding="utf-8")


def test_file_without_a_name_column_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,nom\n1,Ali\n", encoding="utf-8")
    good = _write(tmp_path / "r.csv", "r1,Али,M,,,,,,\n")
    code = main(["--children", str(bad), "--requests", str(good), "--out", str(tmp_path / "o.csv")])
    assert code == 2
    assert "lacks column(s) name" in capsys.readouterr().err


def test_missing_input_file_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "--children",
            str(tmp_path / "none.csv"),
            "--requests",
            str(tmp_path / "none.csv"),
            "--out",
            str(tmp_path / "o.csv"),
        ]
    )
    assert code == 2
    assert "none.csv" in capsys.readouterr().err


def test_file_that_is_not_utf8_is_named_in_the_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "latin1.csv"
    bad.write_bytes((HEADER + "c1,Ali\xe9,M,,,,,,\n").encode("latin-1"))
    good = _write(tmp_path / "r.csv", "r1,Али,M,,,,,,\n")
    code = main(["--children", str(bad), "--requests", str(good), "--out", str(tmp_path / "o.csv")])
    assert code == 2
    assert "latin1.csv: not UTF-8" in capsys.readouterr().err


def test_optional_family_and_mother_birth_year_columns_are_read() -> None:
    from homeward.linkage.cli import RowError, parse_row

    record = parse_row({"id": "c1", "name": "Magomed", "family": "f7", "mother_birth_year": "1990"})
    assert (record.family, record.mother_birth_year) == ("f7", 1990)
    plain = parse_row({"id": "c2", "name": "Aisha"})
    assert (plain.family, plain.mother_birth_year) == (None, None)
    try:
        parse_row({"id": "c3", "name": "Ali", "mother_birth_year": "199"})
    except RowError as exc:
        assert "mother_birth_year" in str(exc)
    else:
        raise AssertionError("a three-digit year was accepted")


def test_a_run_reports_the_parameters_it_fitted_and_how_they_moved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from benchmarks.caseload import write_csv
    from benchmarks.caseload_b import build_caseload_b

    case = build_caseload_b(260, 260, seed=4)
    write_csv(tmp_path / "c.csv", case.children)
    write_csv(tmp_path / "r.csv", case.requests)
    report = tmp_path / "fit.json"
    args = ["--children", str(tmp_path / "c.csv"), "--requests", str(tmp_path / "r.csv")]
    assert main([*args, "--out", str(tmp_path / "o.csv"), "--report", str(report)]) == 0
    err = capsys.readouterr().err
    assert "fitted parameters" in err and "match rate" in err
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["provenance"]["source"] == "trained"
    assert 0.02 <= data["match_rate"] <= 0.98
    level = data["levels"]["given_name"][0]
    assert {"m", "u", "weight", "m_start", "u_start", "weight_start"} <= set(level)
    assert "em_iterations" in data["provenance"]
