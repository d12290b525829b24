"""The shortcuts that make large caseloads fast give what the plain Splink path gives."""

from __future__ import annotations

import pytest

from homeward.linkage import Record
from homeward.linkage.em import LevelSession
from homeward.linkage.engine import Session
from homeward.linkage.features import features_of
from homeward.linkage.model import Model

Caseload = tuple[list[Record], list[Record], set[tuple[str, str]]]


def _weights(rows: list[tuple[object, ...]]) -> dict[tuple[str, str], float]:
    return {(str(c), str(r)): float(w) for c, r, w in rows}  # type: ignore[arg-type]


def test_pairs_compared_once_weigh_what_splink_gives_them(caseload: Caseload) -> None:
    children, requests, _ = caseload
    cf, rf = features_of(children), features_of(requests)
    model = Model.default()
    model.levels["surname"][0].m = 0.6  # not the shipped m: weights follow the model
    plain = Session(model, cf, rf)
    try:
        want = _weights(
            plain.predict(None).select("unique_id_l, unique_id_r, match_weight").fetchall()
        )
    finally:
        plain.close()
    cached = LevelSession(Model.default(), cf, rf)
    try:
        cached.model = model  # weights are taken from the model at the time of scoring
        cached._raw_table("_t", 0.0)
        got = _weights(
            cached.con.execute("SELECT unique_id_l, unique_id_r, match_weight FROM _t").fetchall()
        )
    finally:
        cached.close()
    assert want and got.keys() == want.keys()
    assert max(abs(got[k] - want[k]) for k in want) < 1e-9


def test_blocking_once_then_scoring_gives_the_same_pairs(caseload: Caseload) -> None:
    children, requests, _ = caseload
    cf, rf = features_of(children), features_of(requests)
    out = []
    for materialise in (False, True):
        session = Session(Model.default(), cf, rf)
        try:
            if materialise:
                session.block()
            rel = session.predict_one_to_one(0.01)
            out.append(
                {
                    (str(c), str(r)): float(p)
                    for c, r, p in rel.select(
                        "unique_id_l, unique_id_r, match_probability"
                    ).fetchall()
                }
            )
        finally:
            session.close()
    assert out[0] and out[0].keys() == out[1].keys()
    assert max(abs(out[0][k] - out[1][k]) for k in out[0]) == pytest.approx(0.0, abs=1e-12)
