"""The full-data build on Epoch AI's 2025-11 snapshot (../shared/data; skipped where absent)."""

from __future__ import annotations

import pytest

from conftest import EPOCH_SNAPSHOT, count_csv_records
from training_impacts.warehouse import read_only

pytestmark = pytest.mark.build


ACCELERATOR_REASONS = ("unknown_accelerator", "unknown_nvidia_card", "card_missing_specs", "no_peak_flops_for_card")


def test_every_accelerator_epoch_names_is_estimated_and_the_paper_scope_stays_nvidia(snapshot_build):
    with read_only(snapshot_build.warehouse) as db:
        by_scope = dict(db.execute("""
            select analysis_scope, count(*) from fct_training_run_impacts
            where publication_year between 2013 and 2025 group by 1""").fetchall())
        vendors = dict(db.execute(
            "select accelerator_vendor, count(*) from fct_training_run_impacts group by 1").fetchall())
        paper_vendors = db.execute(
            "select distinct accelerator_vendor from fct_training_run_impacts where analysis_scope = 'paper'").fetchall()
        for_accelerator = db.execute(f"""
            select model_name, exclusion_reason, exclusion_detail from fct_training_runs_excluded
            where exclusion_reason in {ACCELERATOR_REASONS}""").fetchall()
    # the paper's 206 runs less the fine-tunes the best estimate cannot separate from their base
    assert by_scope.get("paper", 0) >= 195 and by_scope.get("with_imputed", 0) == 0
    assert by_scope["paper"] + by_scope["named_hardware"] >= 260      # every named accelerator, 2013-2025
    assert vendors["Google"] >= 60 and {"Huawei", "Amazon AWS", "Cerebras"} <= set(vendors)
    assert paper_vendors == [("NVIDIA",)]
    # at most 5 records lost for their chip, each naming it (TPU v1: integer-only, no FLOP/s to use)
    assert len(for_accelerator) <= 5
    assert all("tpu_v1" in detail for _, _, detail in for_accelerator), for_accelerator


def test_palm_540b_on_tpu_v4_by_hand(snapshot_build):
    """The paper profile: 6,144 TPU v4 chips x 1,536 h = 9,437,184 chip-hours; x 340 W x PUE 1.2 (2022) =
    3,850,371 kWh; x the USA grid 0.37 kgCO2e/kWh = 1,424,637 kgCO2e; embodied 9,437,184 x (159.1716 per chip
    + 570.102 of the server per chip) / (3 x 8760 x 0.5) = 523,766 kgCO2e. The best estimate (the build's
    own, in fct_training_run_impacts): the same chip-hours in Google's data centre (training_locations.csv),
    a hyperscaler's PUE 1.10 instead of 1.2."""
    with read_only(snapshot_build.warehouse) as db:
        row = db.execute("""
            select gpu_card_id, accelerator_vendor, gpu_hours, energy_kwh, gwp_use_kgco2e, gwp_embodied_kgco2e,
                   adpe_total_kgsbeq, pe_total_mj, analysis_scope
            from intermediate.int_training_runs__impacts
            where model_name = 'PaLM (540B)' and method_profile = 'paper'""").fetchone()
        best = db.execute("""
            select gpu_hours, pue, pue_source, location_source, energy_kwh, gwp_use_kgco2e, gwp_embodied_kgco2e
            from fct_training_run_impacts where model_name = 'PaLM (540B)'""").fetchone()
        gemini = db.execute("""
            select gwp_total_kgco2e, adpe_total_kgsbeq, pe_total_mj, gwp_embodied_share
            from fct_training_run_impacts where model_name = 'Gemini 1.0 Ultra'""").fetchone()
    assert row[:2] == ("tpu_v4", "Google") and row[-1] == "named_hardware"
    assert row[2] == pytest.approx(9_437_184)
    assert row[3] == pytest.approx(9_437_184 * 340 / 1000 * 1.2)
    assert row[4] == pytest.approx(9_437_184 * 0.340 * 1.2 * 0.37)
    assert row[5] == pytest.approx(9_437_184 * (159.1716 + 570.102) / (3 * 8760 * 0.5))
    assert row[6] > 0 and row[7] > 0
    assert best[:4] == (pytest.approx(9_437_184), pytest.approx(1.10), "operator_type_hyperscale", "training_location")
    assert best[4] == pytest.approx(9_437_184 * 340 / 1000 * 1.10)
    assert best[5] == pytest.approx(9_437_184 * 0.340 * 1.10 * 0.37)
    assert best[6] == pytest.approx(row[5])                   # embodied allocation does not depend on the profile
    assert gemini is not None and all(value is not None and value > 0 for value in gemini)


def test_tpu_quantities_counting_tensorcores_are_corrected_to_chips(snapshot_build):
    with read_only(snapshot_build.warehouse) as db:
        corrected = dict(db.execute("""
            select model_name, hardware_quantity from fct_training_run_impacts
            where hardware_quantity_correction is not null""").fetchall())
    # Octo-Base 'TPU v4-128 pod' = 64 chips, for 14 h; UnifiedQA 'v3-8' = 4 chips, for 36 h
    assert corrected["Octo-Base"] == 64 and corrected["UnifiedQA"] == 4
    with read_only(snapshot_build.warehouse) as db:
        assert db.execute(
            "select gpu_hours from fct_training_run_impacts where model_name = 'Octo-Base'").fetchone()[0] == 64 * 14


def test_imputed_hardware_adds_runs_in_their_own_scope_with_wider_intervals(snapshot_build, snapshot_imputed_build):
    with read_only(snapshot_imputed_build.warehouse) as db:
        by_scope = dict(db.execute("""
            select analysis_scope, count(*) from fct_training_run_impacts
            where publication_year between 2013 and 2025 group by 1""").fetchall())
        imputed = db.execute("""
            select count(*), count(*) filter (where hardware_match_type like 'imputed_%' and analysis_scope = 'with_imputed')
            from fct_training_run_impacts where hardware_source = 'imputed'""").fetchone()
        estimated, excluded = db.execute("""
            select (select count(*) from fct_training_run_impacts),
                   (select count(*) from fct_training_runs_excluded)""").fetchone()
        spread = dict(db.execute("""
            select r.hardware_source, median(u.gwp_total_kgco2e_p95 / u.gwp_total_kgco2e_p5)
            from fct_training_run_impacts_uncertainty as u inner join fct_training_run_impacts as r using (model_id)
            group by 1""").fetchall())
        paper_rows = db.execute("""
            select method_profile, publication_year, estimated_run_count, total_gwp_total_kgco2e from agg_impacts_by_year
            where analysis_scope = 'paper' order by 1, 2""").fetchall()
    with read_only(snapshot_build.warehouse) as db:
        named_paper_rows = db.execute("""
            select method_profile, publication_year, estimated_run_count, total_gwp_total_kgco2e from agg_impacts_by_year
            where analysis_scope = 'paper' order by 1, 2""").fetchall()
    assert sum(by_scope.values()) >= 400
    assert imputed[0] == imputed[1] == by_scope["with_imputed"] > 100
    assert estimated + excluded == count_csv_records(EPOCH_SNAPSHOT)
    assert spread["imputed"] > 1.5 * spread["named"]     # imputed hardware: a wider 90 % interval
    # imputation never touches the paper's scope (totals to the rounding of a parallel sum)
    assert [r[:3] for r in paper_rows] == [r[:3] for r in named_paper_rows]
    assert [r[3] for r in paper_rows] == pytest.approx([r[3] for r in named_paper_rows], rel=1e-12)


def test_every_snapshot_record_is_accounted_for(snapshot_build):
    records = count_csv_records(EPOCH_SNAPSHOT)
    assert records == 952
    with read_only(snapshot_build.warehouse) as db:
        estimated, excluded = db.execute("""
            select (select count(*) from fct_training_run_impacts),
                   (select count(*) from fct_training_runs_excluded)""").fetchone()
        reasons = dict(db.execute("select exclusion_reason, count(*) from fct_training_runs_excluded group by 1").fetchall())
    assert estimated + excluded == records
    assert reasons.get("published_before_min_year", 0) > 100
    assert reasons.get("no_hardware", 0) > 400  # named no hardware: imputed only with var impute_missing_hardware


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
            "select metric, growth_factor_per_year_p50 from rpt_growth_factor_uncertainty"
            " where analysis_scope = 'paper'").fetchall())
        point = dict(db.execute("""select metric, growth_factor_per_year from rpt_trend_fits
                                    where analysis_scope = 'paper' and method_profile = 'best_estimate'""").fetchall())
        snapshot_draws = db.execute("select * from intermediate.int_monte_carlo__parameter_draws order by draw_id").fetchall()
    with read_only(sample_build.warehouse) as db:
        sample_draws = db.execute("select * from intermediate.int_monte_carlo__parameter_draws order by draw_id").fetchall()
    assert draws == 1000 and total >= 200
    assert inside >= 0.9 * total            # the point estimate lies inside its 90 % interval for nearly every run
    assert growth["gwp_total_kgco2e"] == pytest.approx(point["gwp_total_kgco2e"], rel=0.05)
    assert snapshot_draws == sample_draws   # a fixed seed: two builds draw the same parameters
