"""The benchmark's pieces, without timing anything: synthetic jobs go through a whole build and
the warehouse agrees, run by run, with both independent per-run Python implementations; the
per-call one really evaluates boaviztapi's objects; the targets are marked from the numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks.calculators import (
    BoaviztaPerCallCalculator,
    LeanLoopCalculator,
    loop_against_warehouse,
    max_relative_difference,
    per_run_loop,
)
from benchmarks.harness import SizeResult, _verdicts
from benchmarks.limit import limit_against_warehouse, run_limit
from benchmarks.timing import Timing, _beyond_startup, write_synthetic_jobs
from conftest import build


@pytest.mark.build
def test_synthetic_jobs_agree_with_both_per_run_loops(tmp_path):
    jobs = write_synthetic_jobs(tmp_path / "jobs.csv", 500)
    frame = pd.read_csv(jobs)
    assert len(frame) == 500 and frame["job_id"].is_unique
    assert frame["gpu_hours"].notna().sum() == 50 and frame["measured_energy_kwh"].notna().sum() == 25

    result = build(tmp_path, env={"CUSTOM_RUNS_CSV": str(jobs)})
    assert result.ok, result.output[-3000:]
    for calculator in (BoaviztaPerCallCalculator(), LeanLoopCalculator()):
        loop, _ = per_run_loop(jobs, calculator)
        worst, compared = max_relative_difference(result.warehouse, loop)
        assert compared == 500, type(calculator).__name__
        assert worst < 1e-9, type(calculator).__name__

    # chunk by chunk, as the benchmark runs the loops, every run is compared once
    seconds, computed, worst, compared = loop_against_warehouse(result.warehouse, jobs, LeanLoopCalculator(),
                                                                chunk_runs=64)
    assert (computed, compared) == (500, 500) and worst < 1e-9 and seconds > 0

    # a limit compares only the runs the loop computed
    first, _ = per_run_loop(jobs, LeanLoopCalculator(), limit=40)
    assert max_relative_difference(result.warehouse, first)[1] == 40

    # and the comparison notices a 1 % change (relative to the warehouse's value)
    first["gwp_embodied_kgco2e"] *= 1.01
    worst, _ = max_relative_difference(result.warehouse, first)
    assert worst == pytest.approx(0.01, rel=1e-3)

    # the limit statement (benchmarks/limit.sql) agrees with the warehouse too, and the comparison
    # notices when it computes with another lifetime (embodied halved at 6 years instead of 3)
    limit_db = tmp_path / "limit.duckdb"
    limit = run_limit(jobs, limit_db)
    assert limit.runs == 500 and limit.cpu_seconds > 0
    assert limit_against_warehouse(limit_db, result.warehouse) == (pytest.approx(0, abs=1e-9), 500)
    run_limit(jobs, limit_db, overrides={"hardware_lifetime_years": 6})
    worst, _ = limit_against_warehouse(limit_db, result.warehouse)
    assert worst == pytest.approx(0.5, rel=1e-9)


def test_the_per_call_loop_evaluates_boaviztapi_objects(tmp_path, monkeypatch):
    """The baseline must do the per-call work, not read our own copy of the factors: a change to
    boaviztapi's in-memory motherboard factor moves its result, and not the lean loop's."""
    from boaviztapi.data import factor_provider

    jobs = write_synthetic_jobs(tmp_path / "jobs.csv", 20)
    before, _ = per_run_loop(jobs, BoaviztaPerCallCalculator())
    lean_before, _ = per_run_loop(jobs, LeanLoopCalculator())
    motherboard = factor_provider.impact_factors["motherboard"]["gwp"]
    monkeypatch.setitem(motherboard, "impact", motherboard["impact"] * 2)
    after, _ = per_run_loop(jobs, BoaviztaPerCallCalculator())
    lean_after, _ = per_run_loop(jobs, LeanLoopCalculator())
    assert (after["gwp_embodied_kgco2e"] > before["gwp_embodied_kgco2e"]).all()
    assert (after["gwp_use_kgco2e"] == before["gwp_use_kgco2e"]).all()
    assert (lean_after["gwp_embodied_kgco2e"] == lean_before["gwp_embodied_kgco2e"]).all()


def _size(runs: int, wall: float, beyond: float, per_call_us: float, peak: float = 1000.0) -> SizeResult:
    return SizeResult(runs, Timing(f"{runs}", runs, wall, peak), beyond, 1000, per_call_us * 1000 / 1e6, 0.0,
                      runs, runs * 10e-6, 0.0)


def test_the_targets_are_marked_from_the_measurements():
    startup = Timing("start-up", 0, 9.0, 300.0)
    monte_carlo = Timing("Monte Carlo", 0, 5.0, 400.0)
    good = _verdicts([_size(100_000, 10.0, 1.0, 1500.0), _size(1_000_000, 19.0, 10.0, 1500.0)], startup, monte_carlo)
    assert all("met" in line and "not met" not in line for line in good), good

    slow = _verdicts([_size(100_000, 10.0, 1.0, 1500.0), _size(1_000_000, 40.0, 31.0, 1500.0, peak=5000.0)],
                     startup, Timing("Monte Carlo", 0, 70.0, 400.0))
    failed = [line for line in slow if "not met" in line]
    # 1 M over 30 s, per-run cost x3.1, 1,500 / 31 us < 50x, Monte Carlo over 60 s, 5,000 MiB
    assert len(failed) == 5, slow


def test_small_files_are_shown_but_not_judged():
    from benchmarks.harness import _report

    startups = [Timing("start-up", 0, seconds, 300.0) for seconds in (11.2, 11.9, 11.5)]
    rows = [_size(10_000, 12.2, 0.7, 1500.0), _size(100_000, 12.5, 1.0, 1500.0), _size(1_000_000, 21.5, 10.0, 1500.0)]
    text = _report(rows, startups, None, 0, 0, None, 1000)
    assert "| 70.0 † |" in text and "† Under 100,000 runs" in text and "11.2 to 11.9 s over 3 rounds" in text
    assert "**11.5 s** (median of 3 rounds, 11.2 to 11.9 s)" in text
    targets = text.split("## Targets")[1]
    assert "10,000 runs:" not in targets  # not judged
    assert "from 100,000 to 1,000,000 runs" in targets and "1,000,000 runs: warehouse cost per run" in targets


def test_linearity_and_the_ratio_are_judged_up_to_one_million_and_reported_beyond():
    startup = Timing("start-up", 0, 11.0, 300.0)
    rows = [_size(100_000, 12.0, 1.0, 1500.0), _size(1_000_000, 21.0, 10.0, 1500.0),
            _size(10_000_000, 171.0, 160.0, 1500.0)]
    verdicts = _verdicts(rows, startup, None)
    lines = [line for line in verdicts if line.startswith("- Cost growing")]
    assert lines[0].endswith("(x1.00), met.")
    assert "(x1.60), for information" in lines[1] and "not met" not in lines[1]
    # the ratio to the per-call loop likewise: judged up to 1 M runs, reported at 10 M (1,500 / 16 us = 94x)
    ratios = [line for line in verdicts if "below the per-call loop's" in line]
    assert ratios[0].startswith("- 100,000 runs") and "met." in ratios[0]
    assert ratios[2].startswith("- 10,000,000 runs") and "94x, for information" in ratios[2]

    slow_10m = _verdicts([_size(1_000_000, 21.0, 10.0, 1500.0), _size(10_000_000, 400.0, 390.0, 1500.0)], startup, None)
    assert not any("not met" in line for line in slow_10m), slow_10m  # 38x at 10 M: shown, not judged


def test_the_cost_beyond_start_up_pairs_each_round_with_its_own_start_up():
    """A slow round (the second) slows start-up and the sized build alike: each round's build is
    set against that round's start-up."""
    startups = [Timing("start-up", 0, seconds, 300.0) for seconds in (9.0, 12.0, 8.5, 9.1, 8.6)]
    builds = [Timing("100,000 runs", 100_000, seconds, 600.0) for seconds in (9.8, 12.9, 9.2, 9.9, 9.4)]
    beyond, spread = _beyond_startup(builds, startups)
    assert beyond == pytest.approx(0.8) and spread == pytest.approx((0.7, 0.9))
    # a build made once (10 M) is set against one start-up, and has no spread
    assert _beyond_startup(builds[:1], startups[1:2]) == (pytest.approx(9.8 - 12.0), None)


def test_rounds_alternate_their_order_and_keep_the_last_build_of_each_size(monkeypatch, tmp_path):
    """Every other round runs its builds in reverse, so a drift within rounds does not favour the
    sizes built after start-up; the last build of each size is kept for the loops."""
    from benchmarks import timing

    built = []

    def fake_build(base, warehouse, jobs, exclude, label, runs):
        built.append(runs if label != "warm-up" else "warm-up")
        warehouse.write_text(label)
        return Timing(label, runs, 1.0, 1.0)

    monkeypatch.setattr(timing, "_timed_build", fake_build)
    base = tmp_path / "base.duckdb"
    timings = timing._timed_rounds(base, {0: None, 10: tmp_path / "a", 100: tmp_path / "b"}, [], 3,
                                  {1000: tmp_path / "c"})
    assert built == ["warm-up", 0, 10, 100, 100, 10, 0, 0, 10, 100, 1000]
    assert {size: len(t) for size, t in timings.items()} == {0: 3, 10: 3, 100: 3, 1000: 1}
    assert {p.name for p in tmp_path.glob("bench_*.duckdb")} == {"bench_10.duckdb", "bench_100.duckdb",
                                                                 "bench_1000.duckdb"}


def test_cpu_per_run_is_set_against_each_rounds_startup_and_marked_against_the_limit():
    from benchmarks.costs import LimitResult, cpu_beyond_startup, verdict_lines
    from benchmarks.timing import _size_timing

    def timing(cpu):
        return Timing("t", 0, cpu, 100.0, cpu)

    # rounds: (30 - 10), (35 - 12), (29 - 11): median 20; a size built once takes start-up's median
    assert cpu_beyond_startup([timing(30), timing(35), timing(29)], [timing(10), timing(12), timing(11)]) == 20
    assert cpu_beyond_startup([timing(40)], [timing(10), timing(12), timing(11)]) == 29

    limit = Timing("limit", 1_000_000, 1.0, 200.0, 2.0)  # 2 CPU-us a run
    close = LimitResult(1_000_000, 5.0, limit, 1e-16, 1_000_000)
    far = LimitResult(1_000_000, 9.0, limit, 1e-16, 1_000_000)
    assert (close.ratio, far.ratio) == (2.5, 4.5)
    # 10 M runs, built once or in rounds: the verdict quotes the builds' CPU time, not zero
    ten_million = _size_timing(10_000_000, [Timing("a", 0, 140.0, 3000.0, 260.0), Timing("b", 0, 160.0, 3900.0, 250.0),
                                            Timing("c", 0, 145.0, 3500.0, 270.0)])
    assert (ten_million.seconds, ten_million.cpu_seconds, ten_million.peak_rss_mib) == (145.0, 260.0, 3900.0)
    lines = verdict_lines([close, far, LimitResult(10_000, 90.0, limit, 1e-16, 10_000)], None, None, ten_million)
    assert "met" in lines[0] and "**not met**" not in lines[0] and "**not met**" in lines[1]
    assert "for information" in lines[2]  # judged from 1 M runs up
    assert "145 s, 260 CPU-s, peak 3,900 MiB, met" in lines[3]


@pytest.mark.build
def test_the_tests_pair_runs_dbt_build_with_the_data_tests_and_without_monte_carlo(tmp_path):
    """costs.tests_on_a_million on a small file: `dbt run`, then `dbt build` with the data
    tests, both succeed (a test of a left-out Monte Carlo model once failed the pair) and the
    build ran the data tests but neither the Monte Carlo models nor their tests."""
    import json

    from benchmarks import costs
    from benchmarks.timing import MONTE_CARLO_MODELS, _dbt_args, _dbt_env, _timed_dbt

    base = tmp_path / "base.duckdb"
    _timed_dbt(_dbt_args("seed", tmp_path, []), _dbt_env(base, None), "seed", 0)
    jobs = write_synthetic_jobs(tmp_path / "jobs.csv", 60)
    without_tests, with_tests = costs.tests_on_a_million(base, jobs, ["--exclude", *MONTE_CARLO_MODELS])
    assert without_tests.seconds > 0 and with_tests.cpu_seconds > 0

    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    ran = {result["unique_id"].split(".")[2]: result["status"] for result in results}
    assert ran["assert_every_input_record_is_accounted_for"] == "pass"
    assert not [node for node in ran if "monte_carlo" in node or "uncertainty" in node]
