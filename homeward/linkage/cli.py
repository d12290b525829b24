"""``homeward match``: link two CSV files of children and write the candidate pairs.

Input columns (UTF-8, header row): id, name, sex, birth_date, birth_year_min,
birth_year_max, mother_name, father_name, home_region. Only id and name are required;
name, mother_name and father_name may hold variants separated by `` | ``. Two optional columns
carry more evidence where a file has it: family (the same value on siblings found together, or
on the children one request seeks) and mother_birth_year.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from homeward.linkage.backends import BACKENDS, backend_name, open_session
from homeward.linkage.features import record_features
from homeward.linkage.model import Model
from homeward.linkage.records import BirthDateError, Record, parse_birth_date
from homeward.linkage.report import parameter_changes, parameter_report
from homeward.linkage.training import fit

COLUMNS = (
    "id",
    "name",
    "sex",
    "birth_date",
    "birth_year_min",
    "birth_year_max",
    "mother_name",
    "father_name",
    "home_region",
)
_SEXES = {"M", "F"}
# Below this many records a run is over before a progress bar would be read.
_PROGRESS_MIN = 2000


class RowError(ValueError):
    """A row that cannot be read, with the reason."""


def _variants(cell: str | None) -> list[str]:
    return [v.strip() for v in (cell or "").split("|") if v.strip()]


def _year(cell: str | None, column: str) -> int | None:
    text = (cell or "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) != 4:
        raise RowError(f"{column} {text!r} is not a four-digit year")
    return int(text)


def parse_row(row: dict[str, str | None]) -> Record:
    """One CSV row as a ``Record``; raises ``RowError`` naming the bad field."""
    rid = (row.get("id") or "").strip()
    if not rid:
        raise RowError("id is empty")
    names = _variants(row.get("name"))
    if not names:
        raise RowError("name is empty")
    sex = (row.get("sex") or "").strip().upper() or None
    if sex is not None and sex not in _SEXES:
        raise RowError(f"sex {sex!r} is not M, F or empty")
    birth_date = (row.get("birth_date") or "").strip() or None
    try:
        parse_birth_date(birth_date)
    except BirthDateError as exc:
        raise RowError(str(exc)) from exc
    lo = _year(row.get("birth_year_min"), "birth_year_min")
    hi = _year(row.get("birth_year_max"), "birth_year_max")
    if lo is not None and hi is not None and lo > hi:
        raise RowError(f"birth_year_min {lo} is after birth_year_max {hi}")
    return Record(
        id=rid,
        names=names,
        sex=sex,
        birth_date=birth_date,
        birth_year_min=lo,
        birth_year_max=hi,
        mother_names=_variants(row.get("mother_name")),
        father_names=_variants(row.get("father_name")),
        home_region=(row.get("home_region") or "").strip() or None,
        mother_birth_year=_year(row.get("mother_birth_year"), "mother_birth_year"),
        family=(row.get("family") or "").strip() or None,
    )


def read_records(path: Path, err: TextIO) -> tuple[list[Record], int]:
    """Records of one CSV file and the number of rows skipped (each reported on ``err``)."""
    try:
        return _read_records(path, err)
    except UnicodeDecodeError as exc:
        raise RowError(f"{path}: not UTF-8 text (byte {exc.start} cannot be read)") from exc


def _read_records(path: Path, err: TextIO) -> tuple[list[Record], int]:
    records: list[Record] = []
    skipped = 0
    seen: set[str] = set()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in ("id", "name") if c not in header]
        if missing:
            raise RowError(f"{path}: header lacks column(s) {', '.join(missing)}")
        for row in _rows(reader):
            line = reader.line_num
            try:
                if None in row:
                    raise RowError("more cells than header columns")
                record = parse_row(row)
                if record.id in seen:
                    raise RowError(f"id {record.id!r} already used on an earlier line")
            except RowError as exc:
                print(f"{path}:{line}: skipped: {exc}", file=err)
                skipped += 1
                continue
            seen.add(record.id)
            records.append(record)
    return records, skipped


def _rows(reader: csv.DictReader[str]) -> Iterator[dict[str, str | None]]:
    for row in reader:
        yield dict(row)


def _progress(total: int, desc: str, enabled: bool) -> object:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="rec", disable=not enabled, file=sys.stderr)


def main(argv: list[str]) -> int:
    """Entry point of ``homeward match``; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="homeward match",
        description="Link children found abroad against children sought in requests.",
    )
    parser.add_argument("--children", required=True, type=Path, help="CSV of children found")
    parser.add_argument("--requests", required=True, type=Path, help="CSV of sought children")
    parser.add_argument("--out", required=True, type=Path, help="CSV of candidate pairs")
    parser.add_argument("--threshold", type=float, default=0.01, help="lowest probability kept")
    parser.add_argument("--model", type=Path, help="trained model JSON to use instead of training")
    parser.add_argument("--save-model", type=Path, help="write the trained model JSON here")
    parser.add_argument(
        "--report", type=Path, help="write the fitted parameters and how they moved (JSON)"
    )
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        help="engine that scores: duckdb (this machine) or spark (local or a cluster); "
        "default the HOMEWARD_LINKAGE_BACKEND setting, else duckdb",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    err = sys.stderr
    try:
        children, bad_c = read_records(args.children, err)
        requests, bad_r = read_records(args.requests, err)
        model = Model.from_json(args.model.read_text(encoding="utf-8")) if args.model else None
        backend = backend_name(args.backend)
    except (OSError, UnicodeDecodeError, RowError, ValueError) as exc:
        print(f"homeward match: {exc}", file=err)
        return 2
    show = not args.no_progress and len(children) + len(requests) >= _PROGRESS_MIN
    from tqdm import tqdm

    with tqdm(
        total=len(children) + len(requests) + 2,
        desc="matching",
        unit="rec",
        disable=not show,
        file=err,
    ) as bar:
        bar.set_postfix_str("reading names")
        child_f = []
        for r in children:
            child_f.append(record_features(r))
            bar.update(1)
        request_f = []
        for r in requests:
            request_f.append(record_features(r))
            bar.update(1)
        start = model or Model.default()
        if model is None:
            bar.set_postfix_str("training")
            model = fit(child_f, request_f)
        bar.update(1)
        bar.set_postfix_str("scoring")
        session = open_session(model, child_f, request_f, backend=backend)
        try:
            rel = (
                session.predict_one_to_one(args.threshold)
                .select(
                    "unique_id_l AS child_id, unique_id_r AS request_id, "
                    "round(match_probability, 6) AS match_probability"
                )
                .order("child_id, match_probability DESC, request_id")
            )
            rows = rel.fetchall()
        finally:
            session.close()
        bar.update(1)
    try:
        with args.out.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["child_id", "request_id", "match_probability"])
            w.writerows(rows)
        if args.save_model:
            args.save_model.write_text(model.to_json() + "\n", encoding="utf-8")
        if args.report:
            changes = parameter_changes(start, model)
            args.report.write_text(json.dumps(changes, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        print(f"homeward match: {exc}", file=err)
        return 2
    n_match = sum(1 for row in rows if row[2] >= 0.5)
    print(
        f"homeward match: {len(children)} children, {len(requests)} requests "
        f"({bad_c + bad_r} rows skipped): {len(rows)} candidate pairs, {n_match} at >= 0.5",
        file=err,
    )
    print("fitted parameters (start -> this run, weights in bits):", file=err)
    for line in parameter_report(start, model):
        print("  " + line, file=err)
    return 0
