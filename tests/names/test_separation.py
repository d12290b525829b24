"""True pairs must outscore random pairs: small samples of real transliteration data and of
the Caucasian/Arabic names Homeward matches. The full figures come from benchmarks.names_auc."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from homeward.names import name_keys, similarity

DATA = Path(__file__).parent / "data"


def _pairs(name: str) -> list[tuple[str, str]]:
    pairs = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if name.startswith("google"):
            pairs.append((cells[1], cells[0]))
        elif name.startswith("wikidata"):
            pairs.append((cells[0], cells[1].replace(" ", "")))
        else:
            pairs.append((cells[0], cells[1]))
    return pairs


def _auc(pairs: list[tuple[str, str]]) -> float:
    partners = [b for _, b in pairs]
    random.Random(3).shuffle(partners)
    true = [similarity(a, b) for a, b in pairs]
    rand = [similarity(a, b) for (a, _), b in zip(pairs, partners, strict=True)]
    wins = sum((t > r) + 0.5 * (t == r) for t in true for r in rand)
    return wins / (len(true) * len(rand))


@pytest.mark.parametrize(
    "sample",
    ["wikidata-russian-sample.tsv", "wikidata-arabic-sample.tsv", "google-ar2en-sample.tsv"],
)
def test_true_transliteration_pairs_outscore_random_pairs(sample: str) -> None:
    assert _auc(_pairs(sample)) >= 0.97


def test_caucasian_names_match_their_arabic_and_latin_forms() -> None:
    pairs = _pairs("caucasian-pairs.tsv")
    low = [(a, b, round(similarity(a, b), 3)) for a, b in pairs if similarity(a, b) < 0.7]
    assert low == []
    assert _auc(pairs) >= 0.98


def test_caucasian_pairs_share_a_blocking_key() -> None:
    missing = [(a, b) for a, b in _pairs("caucasian-pairs.tsv") if not name_keys(a) & name_keys(b)]
    assert missing == []
