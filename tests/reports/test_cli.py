"""``homeward report``: output format and errors."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_as_of_prints_one_tab_separated_line_per_band(history: Callable[..., Any]) -> None:
    history(born=dt.date(2012, 3, 1), opened=dt.date(2018, 10, 1), repatriated=dt.date(2019, 1, 6))
    history(born=dt.date(2008, 3, 1), opened=dt.date(2018, 10, 1))
    history(born=dt.date(2006, 3, 1), opened=dt.date(2018, 10, 1))
    history(born=dt.date(2012, 3, 1), opened=dt.date(2018, 10, 1), repatriated=dt.date(2018, 12, 30))
    history(born=dt.date(2012, 3, 1), opened=dt.date(2018, 10, 1), host="SY")
    output = run("as-of", "2019-01-05", "--host-country", "IQ")
    assert output.splitlines() == ["0-9\t1", "10-17\t2"]


@pytest.mark.django_db
def test_as_of_with_no_children_prints_zeros(reference: None) -> None:
    assert run("as-of", "2019-01-05", "--host-country", "iq").splitlines() == ["0-9\t0", "10-17\t0"]


@pytest.mark.django_db
def test_as_of_refuses_a_bad_date_with_a_clear_message(reference: None) -> None:
    with pytest.raises(CommandError, match="not a date.*YYYY-MM-DD"):
        run("as-of", "5 January 2019")
    with pytest.raises(CommandError, match="--host-country"):
        run("as-of", "2019-01-05", "--host-country", "XX")


def test_a_bad_date_exits_non_zero_on_the_command_line(tmp_path: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "HOMEWARD_VAR_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "homeward.cli", "report", "as-of", "2019-02-30"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "not a date" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.django_db
def test_flights_prints_one_summary_per_batch_by_date(history: Callable[..., Any]) -> None:
    history(born=dt.date(2014, 6, 1), opened=dt.date(2018, 10, 1), repatriated=dt.date(2019, 2, 10), region="DA")
    history(born=dt.date(2010, 1, 1), opened=dt.date(2018, 10, 1), repatriated=dt.date(2018, 12, 30))
    history(born=dt.date(2008, 1, 1), opened=dt.date(2018, 10, 1), repatriated=dt.date(2018, 12, 30))
    assert run("flights").splitlines() == [
        "2 children aged 8 to 10 from 1 region arrived from Iraq on 30 December 2018",
        "1 child aged 4 from 1 region arrived from Iraq on 10 February 2019",
    ]
