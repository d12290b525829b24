"""Profile import parsing time against the number of markers (linear, not quadratic).

    uv run python -m benchmarks.kinship_import_bench [--sizes 1000 5000 20000] [--module FILE]

Builds a pedtools-style and a long-CSV results file of one sample typed at N made-up markers and
times ``homeward.kinship.imports.parse_results`` on each (no kit restriction, so every marker is
read), then with the extended kit (every marker refused and named). ``--module`` times another
copy of imports.py instead (e.g. an older one, from ``git show REV:homeward/kinship/imports.py``).
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import time
from types import ModuleType


def _module(path: str | None) -> ModuleType:
    if path is None:
        from homeward.kinship import imports

        return imports
    spec = importlib.util.spec_from_file_location("imports_under_test", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["imports_under_test"] = mod
    spec.loader.exec_module(mod)
    return mod


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--module", help="time this copy of imports.py instead")
    args = parser.parse_args(argv)
    mod = _module(args.module)
    from homeward.kinship.engine.kits import kit_markers

    for n in args.sizes:
        names = [f"X{i:05d}" for i in range(n)]
        ped = "id\tfid\tmid\tsex\t" + "\t".join(names) + "\nS1\t0\t0\t1\t" + "\t".join(["12/13"] * n) + "\n"
        csv = "sample_id,marker,allele1,allele2\n" + "".join(f"S1,{m},12,13\n" for m in names)
        for label, text in (("pedtools", ped), ("csv", csv)):
            t0 = time.perf_counter()
            mod.parse_results(text)
            read = time.perf_counter() - t0
            refused = ""
            if args.module is None:
                t0 = time.perf_counter()
                try:
                    mod.parse_results(text, markers=kit_markers("extended"))
                except mod.ProfileFileError as exc:
                    took = time.perf_counter() - t0
                    named = len(set(re.findall(r"X\d{5}", str(exc))) & set(names))
                    refused = f"; refused by the kit in {took:6.2f} s, {named:,} markers named"
            print(f"{n:>6} markers, {label:<8} read in {read:7.2f} s{refused}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
