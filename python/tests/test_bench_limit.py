"""The benchmark's limit (one DuckDB statement, benchmarks/limit.sql) computes what the independent
per-run Python loop computes, for every synthetic job, without a warehouse build."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest

from benchmarks.calculators import COMPARED, LeanLoopCalculator, per_run_loop
from benchmarks.limit import run_limit
from benchmarks.timing import write_synthetic_jobs


def _limit_frame(path):
    with duckdb.connect(str(path), read_only=True) as db:
        return db.execute("select * from limit_runs").df()


def test_the_limit_agrees_with_the_lean_loop_on_every_job(tmp_path):
    jobs = write_synthetic_jobs(tmp_path / "jobs.csv", 2000)
    timing = run_limit(jobs, tmp_path / "limit.duckdb")
    assert timing.runs == 2000 and timing.seconds > 0
    loop, _ = per_run_loop(jobs, LeanLoopCalculator())
    merged = _limit_frame(tmp_path / "limit.duckdb").merge(loop, on="job_id", suffixes=("_limit", "_loop"))
    assert len(merged) == 2000
    for column in COMPARED:
        limit, expected = merged[f"{column}_limit"].to_numpy(), merged[f"{column}_loop"].to_numpy()
        assert np.all(np.abs(limit - expected) <= 1e-9 * np.abs(expected)), column


def test_the_limit_follows_the_vars(tmp_path):
    jobs = write_synthetic_jobs(tmp_path / "jobs.csv", 200)
    run_limit(jobs, tmp_path / "default.duckdb")
    run_limit(jobs, tmp_path / "late_pue.duckdb", overrides={"pue_late": 2.0, "pue_early": 2.0})
    default, changed = _limit_frame(tmp_path / "default.duckdb"), _limit_frame(tmp_path / "late_pue.duckdb")
    merged = default.merge(changed, on="job_id", suffixes=("_default", "_changed"))
    metered = merged["energy_kwh_default"] == merged["energy_kwh_changed"]
    assert 0 < metered.sum() < len(merged)  # only metered jobs keep their energy
    assert (merged["gwp_embodied_kgco2e_default"] == merged["gwp_embodied_kgco2e_changed"]).all()


def test_a_failing_statement_names_the_file(tmp_path):
    missing = tmp_path / "no_such_jobs.csv"
    with pytest.raises(RuntimeError, match="no_such_jobs.csv"):
        run_limit(missing, tmp_path / "limit.duckdb")
