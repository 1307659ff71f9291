"""The benchmark's pieces, without timing anything: synthetic jobs go through a whole build and
the warehouse agrees, run by run, with the independent per-run Python implementation."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import build
from training_impacts.bench import max_relative_difference, per_run_loop, write_synthetic_jobs

pytestmark = pytest.mark.build


def test_synthetic_jobs_agree_with_the_per_run_loop(tmp_path):
    jobs = write_synthetic_jobs(tmp_path / "jobs.csv", 500)
    frame = pd.read_csv(jobs)
    assert len(frame) == 500 and frame["job_id"].is_unique
    assert frame["gpu_hours"].notna().sum() == 50 and frame["measured_energy_kwh"].notna().sum() == 25

    result = build(tmp_path, env={"CUSTOM_RUNS_CSV": str(jobs)})
    assert result.ok, result.output[-3000:]
    loop, _ = per_run_loop(jobs)
    worst, compared = max_relative_difference(result.warehouse, loop)
    assert compared == 500
    assert worst < 1e-9


def test_the_comparison_notices_a_different_formula(tmp_path, monkeypatch):
    jobs = write_synthetic_jobs(tmp_path / "jobs.csv", 50)
    result = build(tmp_path, env={"CUSTOM_RUNS_CSV": str(jobs)})
    assert result.ok
    loop, _ = per_run_loop(jobs)
    loop["gwp_embodied_kgco2e"] *= 1.01
    worst, _ = max_relative_difference(result.warehouse, loop)
    assert worst == pytest.approx(0.01 / 1.01, rel=1e-3)
