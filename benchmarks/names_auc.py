"""How well ``homeward names score`` separates true cross-script pairs from random pairs.

    uv run python -m benchmarks.names_auc ../shared/data/names [--split dev|train] [--limit N]

For each file, true pairs are the two spellings on one line; random pairs join each Latin
spelling with the other-script spelling of a shuffled line. Prints the ROC AUC per file and
the pairs scored per CPU second (cold caches, then warm; CPU time, so that other work on a
shared machine does not distort it), and how often the blocking keys
(``name_keys``) of a true pair and of a random pair overlap. "AUC near" measures true pairs
against wrong partners that share a blocking key with them: the look-alikes that reach
scoring in a linkage run, a harder test than random partners.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from tqdm import tqdm

from homeward.names.compare import similarity
from homeward.names.keys import name_keys

FILES = ("wikidata-russian", "wikidata-arabic", "google-ar2en")


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """(Latin, other script) pairs of one data file; spaced characters are joined."""
    pairs: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            cells = line.rstrip("\n").split("\t")
            if len(cells) < 2:
                print(
                    f"{path.name} line {number}: fewer than two columns, skipped", file=sys.stderr
                )
                continue
            if path.name.startswith("google"):
                other, latin = cells[0], cells[1]
            else:
                latin, other = cells[0], cells[1].replace(" ", "")
            pairs.append((latin, other))
    return pairs


def roc_auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    scored = sorted([(s, 1) for s in positives] + [(s, 0) for s in negatives])
    rank_sum = 0.0
    i = 0
    while i < len(scored):
        j = i
        while j < len(scored) and scored[j][0] == scored[i][0]:
            j += 1
        mean_rank = (i + 1 + j) / 2
        rank_sum += mean_rank * sum(1 for k in range(i, j) if scored[k][1])
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def score_all(
    pairs: Iterable[tuple[str, str]], total: int, label: str, score: Callable[[str, str], float]
) -> list[float]:
    """Score pairs with a progress bar on stderr."""
    return [
        score(a, b)
        for a, b in tqdm(
            pairs, total=total, desc=label, file=sys.stderr, leave=False, mininterval=0.5
        )
    ]


def same_key_partners(pairs: list[tuple[str, str]], seed: int) -> list[tuple[int, str]]:
    """For each pair that has one, a wrong partner sharing a blocking key with its Latin side:
    the look-alikes that blocking lets through to scoring. Returns (pair index, partner)."""
    index: dict[str, list[int]] = {}
    for i, (_, other) in enumerate(pairs):
        for key in name_keys(other):
            bucket = index.setdefault(key, [])
            if len(bucket) < 50:
                bucket.append(i)
    rng = random.Random(seed)
    chosen: list[tuple[int, str]] = []
    for i, (latin, other) in enumerate(pairs):
        near = sorted({j for key in name_keys(latin) for j in index.get(key, ())})
        candidates = [j for j in near if pairs[j][1] != other and pairs[j][0] != latin]
        if candidates:
            chosen.append((i, pairs[rng.choice(candidates)][1]))
    return chosen


def main(argv: list[str] | None = None) -> int:
    """Print AUC and throughput for every data file of the chosen split."""
    parser = argparse.ArgumentParser(prog="benchmarks.names_auc", description=__doc__)
    parser.add_argument("data", type=Path, help="the directory holding the names data files")
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--limit", type=int, default=0, help="use only the first N pairs of a file")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    print(
        f"{'file':<28}{'pairs':>8}{'AUC':>9}{'true mean':>11}{'random mean':>13}{'pairs/s':>10}"
        f"{'keys: true':>12}{'random':>9}{'AUC near':>11}"
    )
    for stem in FILES:
        path = args.data / f"{stem}-{args.split}.tsv"
        if not path.exists():
            print(f"{path}: not found", file=sys.stderr)
            continue
        pairs = read_pairs(path)
        if args.limit:
            pairs = pairs[: args.limit]
        rng = random.Random(args.seed)
        partners = [other for _, other in pairs]
        rng.shuffle(partners)
        random_pairs = [(latin, other) for (latin, _), other in zip(pairs, partners, strict=True)]
        started = time.process_time()
        true_scores = score_all(pairs, len(pairs), f"{stem} true", similarity)
        random_scores = score_all(random_pairs, len(pairs), f"{stem} random", similarity)
        elapsed = time.process_time() - started
        auc = roc_auc(true_scores, random_scores)
        true_keys = sum(1 for a, b in pairs if name_keys(a) & name_keys(b)) / len(pairs)
        random_keys = sum(1 for a, b in random_pairs if name_keys(a) & name_keys(b)) / len(pairs)
        near = same_key_partners(pairs, args.seed)
        near_auc = roc_auc(
            [true_scores[i] for i, _ in near], [similarity(pairs[i][0], b) for i, b in near]
        )
        print(
            f"{path.name:<28}{len(pairs):>8}{auc:>9.4f}"
            f"{sum(true_scores) / len(true_scores):>11.3f}"
            f"{sum(random_scores) / len(random_scores):>13.3f}"
            f"{2 * len(pairs) / elapsed:>10.0f}"
            f"{true_keys:>12.3f}{random_keys:>9.4f}{near_auc:>11.4f}"
        )
        # Warm throughput: new pairs of tokens already seen, as in a linkage run that meets
        # the same names again and again in different combinations.
        rng.shuffle(partners)
        fresh = [(latin, other) for (latin, _), other in zip(pairs, partners, strict=True)]
        started = time.process_time()
        for a, b in fresh:
            similarity(a, b)
        warm = len(fresh) / max(time.process_time() - started, 1e-9)
        print(f"{'':<28}{'':>8}{'':>9}{'':>11}{'warm pairs/s':>13}{warm:>10.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
