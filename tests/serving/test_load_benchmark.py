"""The load benchmark's reading of the server's CPU (benchmarks/load.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import load  # noqa: E402


def test_cpu_spent_counts_each_process_from_its_first_reading_and_names_the_ended_ones() -> None:
    before = {10: ("web", 5.0), 11: ("web", 2.0), 20: ("postgres", 1.0), 21: ("postgres", 9.0)}
    after = {10: ("web", 7.5), 11: ("web", 2.5), 12: ("web", 0.5), 20: ("postgres", 1.25)}
    spent, ended = load.cpu_spent(before, after)
    assert spent == {"web": 3.5, "postgres": 0.25}  # 12 began during the run; 21 ended, uncounted
    assert ended == 1


def test_a_reused_process_id_of_another_kind_counts_from_zero() -> None:
    spent, ended = load.cpu_spent({30: ("postgres", 4.0)}, {30: ("web", 1.0)})
    assert spent == {"web": 1.0, "postgres": 0.0} and ended == 0


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads Linux's /proc")
def test_server_cpu_reads_the_web_server_and_postgres_alone() -> None:
    found = load.server_cpu()
    assert found is None or all(kind in ("web", "postgres") for kind, _ in found.values())
    assert os.getpid() not in (found or {})
