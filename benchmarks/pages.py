"""CPU per page, in-process: each page of the load test's mix, rendered by the Django test client
against the configured database (no HTTP, no server), as the benchmark of one page's own cost.

    DATABASE_URL=postgres://... uv run python benchmarks/pages.py --pages 60

Signs in as the load test does (benchmarks/load.py), opens each page a few times to warm up, then
N times, and prints the CPU (process time) and wall time per page and the statements it sent.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import load  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=60, help="views of each page measured")
    parser.add_argument("--only", choices=["search", "case", "review", "pair", "figures"], action="append")
    parser.add_argument("--as", dest="username", default="natalia")
    args = parser.parse_args()
    cookie, sessions = load.mint_sessions([args.username])
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cases, pairs = load.targets(args.username)
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[cookie] = sessions[args.username]
    rng = random.Random(1)
    urls: dict[str, Callable[[], str]] = {
        "search": lambda: "/cases/?q=" + rng.choice(load.SEARCHES),
        "case": lambda: f"/cases/{rng.choice(cases)}/",
        "review": lambda: "/tracing/review/",
        "pair": lambda: f"/tracing/review/{rng.choice(pairs)}/",
        "figures": lambda: "/figures/",
    }
    print(f"{'page':<8}{'CPU ms':>9}{'wall ms':>9}{'statements':>12}")
    for name, url in urls.items():
        if args.only and name not in args.only:
            continue
        for _ in range(3):
            response = client.get(url())
        if response.status_code != 200:
            print(f"{name:<8} answered {response.status_code}")
            continue
        with CaptureQueriesContext(connection) as queries:
            client.get(url())
        statements = len(queries.captured_queries)  # before the next request empties the log
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(args.pages):
            client.get(url())
        cpu, wall = (time.process_time() - cpu) / args.pages, (time.perf_counter() - wall) / args.pages
        print(f"{name:<8}{cpu * 1000:>9.1f}{wall * 1000:>9.1f}{statements:>12}")
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
