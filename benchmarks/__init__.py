"""The benchmark (`make bench`, `python -m benchmarks`): the warehouse at 10 thousand to 10 million
synthetic runs against the limit and the per-run loops, written to reports/bench.md
(docs/benchmark.md says what it measures). Not part of the installed package: it measures it.

    timing       synthetic job files, timed dbt builds, the interleaved rounds
    calculators  the per-run Python loops (the per-call baseline and the lean loop; the tests' oracle)
    limit        one plain DuckDB statement (limit.sql) doing the core per-run work
    costs        CPU per run against the limit, make build's fixed cost, the data tests at 1 M runs
    harness      run_bench: all of the above, and the report
"""
