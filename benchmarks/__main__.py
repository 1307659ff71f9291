"""`python -m benchmarks` (what `make bench` runs): the benchmark, written to reports/bench.md."""

from __future__ import annotations

import argparse
import sys

from benchmarks.harness import default_snapshot, run_bench
from benchmarks.timing import DEFAULT_PER_CALL_RUNS
from training_impacts.warehouse import resolve_in_project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", help="comma-separated run counts (default 10000,100000,1000000)")
    parser.add_argument("--with-10m", action="store_true", help="also 10 million runs")
    parser.add_argument("--snapshot", help="Epoch CSV for the Monte Carlo and make build timings (default: the "
                                           "2025-11 snapshot beside the project, else data/raw)")
    parser.add_argument("--per-call-runs", type=int,
                        help=f"time the per-call loop on at most this many runs of each file (default "
                             f"{DEFAULT_PER_CALL_RUNS:,}; 0: all)")
    parser.add_argument("--out", default="reports/bench.md", help="where to write the report (default reports/bench.md)")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")] if args.sizes else [10_000, 100_000, 1_000_000]
    if args.with_10m:
        sizes.append(10_000_000)
    snapshot = resolve_in_project(args.snapshot) if args.snapshot else default_snapshot()
    out = resolve_in_project(args.out)
    per_call_runs = DEFAULT_PER_CALL_RUNS if args.per_call_runs is None else (args.per_call_runs or None)
    print(run_bench(sizes, out, snapshot, per_call_runs))
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
