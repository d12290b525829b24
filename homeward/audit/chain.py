"""Checking the audit chain: every row's hash, and every link to the row before it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from homeward.audit.models import GENESIS, AuditEntry


@dataclass(frozen=True)
class Verdict:
    """The result of walking the chain: ``problem`` names the first row that does not hold."""

    rows: int
    head_seq: int
    head_hash: str
    problem: str = ""
    problem_seq: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problem


def verify(progress: Callable[[int, int], None] | None = None) -> Verdict:
    """Walk the chain in order; stop at the first row altered, removed or inserted."""
    total = AuditEntry.objects.count()
    expected_seq = 1
    prev = GENESIS
    done = 0
    rows = AuditEntry.objects.order_by("seq").iterator(chunk_size=5000)
    for entry in rows:
        if entry.seq != expected_seq:
            if entry.seq > expected_seq:
                what = (f"row {expected_seq} is missing" if entry.seq == expected_seq + 1
                        else f"rows {expected_seq} to {entry.seq - 1} are missing")
                return Verdict(done, expected_seq - 1, prev, f"{what} (removed): the chain jumps to row {entry.seq}",
                               expected_seq)
            return Verdict(done, expected_seq - 1, prev, f"row {entry.seq} appears out of order", entry.seq)
        if entry.prev_hash != prev:
            return Verdict(done, entry.seq - 1, prev, f"row {entry.seq} does not follow row {entry.seq - 1}: "
                           "a row was inserted or replaced before it", entry.seq)
        if entry.compute_hash() != entry.row_hash:
            return Verdict(done, entry.seq - 1, prev, f"row {entry.seq} (id {entry.pk}, {entry.action}) "
                           "was altered after it was written", entry.seq)
        prev = entry.row_hash
        expected_seq += 1
        done += 1
        if progress is not None and done % 1000 == 0:
            progress(done, total)
    if progress is not None:
        progress(done, total)
    return Verdict(done, expected_seq - 1, prev)


def check_anchors(path: Path) -> str:
    """Rows anchored earlier (``seq hash`` lines written by past checks) must still be there as
    they were: a chain cut short at its end still verifies, its anchors do not."""
    if not path.exists():
        return ""
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2 or not parts[0].isdigit():
            continue
        seq, digest = int(parts[0]), parts[1]
        row = AuditEntry.objects.filter(seq=seq).values_list("row_hash", flat=True).first()
        if row is None:
            return f"row {seq}, anchored on {' '.join(parts[2:]) or 'an earlier check'}, is gone"
        if row != digest:
            return f"row {seq} no longer has the hash anchored on {' '.join(parts[2:]) or 'an earlier check'}"
    return ""


def write_anchor(path: Path, verdict: Verdict) -> None:
    """Append the head of a verified chain to the anchor file (kept outside the database)."""
    if verdict.head_seq == 0:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with path.open("a", encoding="utf-8") as out:
        out.write(f"{verdict.head_seq} {verdict.head_hash} {stamp}\n")
