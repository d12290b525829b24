from __future__ import annotations

import io
import json

import pytest

from homeward.names.cli import main, score_stream


def test_score_appends_a_score_to_every_pair() -> None:
    out, err = io.StringIO(), io.StringIO()
    scored, skipped = score_stream(io.StringIO("Магомед\tمحمد\nAnna\tمحمد\n"), out, err)
    assert (scored, skipped) == (2, 0)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Магомед\tمحمد\t")
    high, low = (float(line.rsplit("\t", 1)[1]) for line in lines)
    assert high > 0.9 > low


def test_malformed_line_is_reported_by_number_and_skipped() -> None:
    out, err = io.StringIO(), io.StringIO()
    scored, skipped = score_stream(io.StringIO("a\tb\nno tab here\nc\td\n"), out, err)
    assert (scored, skipped) == (2, 1)
    assert "line 2" in err.getvalue()
    assert "no tab here" not in out.getvalue()


def test_score_command_fails_only_when_nothing_was_scorable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"nothing\n")))
    assert main(["score"]) == 1
    text = "nothing\nMagomed\tМагомед\n".encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text)))
    assert main(["score"]) == 0
    captured = capsys.readouterr()
    assert "line 1" in captured.err
    assert captured.out.startswith("Magomed\tМагомед\t1.0000")


def test_a_line_that_is_not_utf8_is_reported_not_fatal() -> None:
    out, err = io.StringIO(), io.StringIO()
    scored, skipped = score_stream([b"\xff\xfe\tx\n", "Ali\tعلي\n".encode()], out, err)
    assert (scored, skipped) == (1, 1)
    assert "line 1" in err.getvalue() and "UTF-8" in err.getvalue()


def test_parse_and_keys_print_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "Хасанов Магомед Русланович"]) == 0
    assert json.loads(capsys.readouterr().out)["father_given"] == "руслан"
    assert main(["keys", "محمد"]) == 0
    assert "g:muhammad" in json.loads(capsys.readouterr().out)["keys"]


def test_usage_error_returns_a_nonzero_code() -> None:
    assert main([]) == 2


def test_parse_warns_about_direction_controls_but_still_answers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["parse", "Маго\u202eмед"]) == 0
    captured = capsys.readouterr()
    assert "U+202E" in captured.err
    assert json.loads(captured.out)["given"] == "магомед"
