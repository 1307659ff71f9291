"""`python -m training_impacts.dbt_process ARGS`: dbt's own command line (`dbt ARGS`), with
Python's cyclic garbage collector set for it.

dbt builds its manifest and graph out of hundreds of thousands of small, long-lived objects, and
with Python's default thresholds (a young collection every 700 net allocations, a full one every
100 young ones) the collector walks them again and again: py-spy put about a sixth of a build's
CPU time in `gc_collect_main`. With the thresholds below, young collections stay frequent enough
for short-lived garbage while the full collections of the long-lived objects become rare. Memory
is not at stake: the data lives in DuckDB, not in Python objects. Measured on `dbt build` over
Epoch's full snapshot in interleaved rounds, with dbt's file log at info (dbt_project.yml's
`flags:`): the two together took the build from about 15.6 to 14.0 CPU-s; `make bench` reports
the build's whole cost."""

from __future__ import annotations

import gc
import sys

# young collections every 50,000 net allocations, a middle one every 20 young, a full one every
# 100 middle ones
GC_THRESHOLDS = (50_000, 20, 100)


def main() -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    from dbt.cli.main import cli

    sys.argv[0] = "dbt"
    sys.exit(cli())


if __name__ == "__main__":
    main()
