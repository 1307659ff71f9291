"""The full-data build on Epoch AI's 2025-11 snapshot (../shared/data; skipped where absent)."""

from __future__ import annotations

import pytest

from conftest import EPOCH_SNAPSHOT, count_csv_records
from training_impacts.warehouse import read_only

pytestmark = pytest.mark.build


def test_at_least_200_nvidia_runs_from_2013_to_2025_are_estimated(snapshot_build):
    with read_only(snapshot_build.warehouse) as db:
        estimated = db.execute("""
            select count(*) from fct_training_run_impacts
            where publication_year between 2013 and 2025""").fetchone()[0]
    assert estimated >= 200


def test_every_snapshot_record_is_accounted_for(snapshot_build):
    records = count_csv_records(EPOCH_SNAPSHOT)
    assert records == 952
    with read_only(snapshot_build.warehouse) as db:
        estimated, excluded = db.execute("""
            select (select count(*) from fct_training_run_impacts), (select count(*) from fct_training_runs_excluded)""").fetchone()
        reasons = dict(db.execute("select exclusion_reason, count(*) from fct_training_runs_excluded group by 1").fetchall())
    assert estimated + excluded == records
    assert reasons.get("published_before_min_year", 0) > 100
    assert reasons.get("non_nvidia_hardware", 0) > 50  # TPUs and others


def test_no_estimated_run_has_a_null_impact(snapshot_build):
    columns = ["gpu_hours", "energy_kwh", "pue"] + [
        f"{c}_{phase}_{unit}" for c, unit in (("gwp", "kgco2e"), ("adpe", "kgsbeq"), ("pe", "mj"))
        for phase in ("use", "embodied", "total")]
    condition = " or ".join(f"{column} is null" for column in columns)
    with read_only(snapshot_build.warehouse) as db:
        assert db.execute(f"select count(*) from fct_training_run_impacts where {condition}").fetchone()[0] == 0


def test_gpt3_gpu_h1_is_3_552_000(snapshot_build):
    with read_only(snapshot_build.warehouse) as db:
        row = db.execute("""
            select gpu_hours_h1, gpu_hours, gpu_hours_method, hardware_quantity, training_time_hours
            from fct_training_run_impacts where model_name = 'GPT-3 175B (davinci)'""").fetchone()
    assert row is not None
    assert row[0] == pytest.approx(3_552_000)
    assert row[1:] == (pytest.approx(3_552_000), "h1_time_x_quantity", 10000, 355.2)


def test_monte_carlo_intervals_bracket_the_estimates_and_repeat_exactly(snapshot_build, sample_build):
    with read_only(snapshot_build.warehouse) as db:
        draws, inside, total = db.execute("""
            select min(u.draw_count),
                   count(*) filter (where r.gwp_total_kgco2e between u.gwp_total_kgco2e_p5 and u.gwp_total_kgco2e_p95),
                   count(*)
            from fct_training_run_impacts_uncertainty as u
            inner join fct_training_run_impacts as r using (model_id)""").fetchone()
        growth = dict(db.execute(
            "select metric, growth_factor_per_year_p50 from rpt_growth_factor_uncertainty").fetchall())
        point = dict(db.execute("select metric, growth_factor_per_year from rpt_trend_fits").fetchall())
        snapshot_draws = db.execute("select * from intermediate.int_monte_carlo__parameter_draws order by draw_id").fetchall()
    with read_only(sample_build.warehouse) as db:
        sample_draws = db.execute("select * from intermediate.int_monte_carlo__parameter_draws order by draw_id").fetchall()
    assert draws == 1000 and total >= 200
    assert inside >= 0.9 * total            # the point estimate lies inside its 90 % interval for nearly every run
    assert growth["gwp_total_kgco2e"] == pytest.approx(point["gwp_total_kgco2e"], rel=0.05)
    assert snapshot_draws == sample_draws   # a fixed seed: two builds draw the same parameters
