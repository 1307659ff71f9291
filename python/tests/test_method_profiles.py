"""The two method profiles on Epoch AI's 2025-11 snapshot: the best estimate's rules worked by hand
from the seeds, the validation it reaches, and the paper profile unchanged whichever path computes it."""

from __future__ import annotations

import csv
import math

import numpy as np
import pytest

from conftest import ROOT
from training_impacts.warehouse import read_only

pytestmark = pytest.mark.build

CARDS = ROOT / "seeds" / "hardware" / "gpu_cards.csv"
IMPACT_COLUMNS = ["gpu_hours", "energy_kwh", "pue", "grid_gwp_kgco2e_per_kwh"] + [
    f"{c}_{phase}_{unit}" for c, unit in (("gwp", "kgco2e"), ("adpe", "kgsbeq"), ("pe", "mj"))
    for phase in ("use", "embodied", "total")]


def peak_tflops(card_id: str, column: str) -> float:
    with CARDS.open(newline="", encoding="utf-8") as handle:
        return float(next(row for row in csv.DictReader(handle) if row["gpu_card_id"] == card_id)[column])


def test_no_finetune_is_charged_its_base_pretraining(snapshot_build):
    with read_only(snapshot_build.warehouse) as db:
        scopes = dict(db.execute(
            "select compute_scope, count(*) from fct_training_run_impacts where is_finetune group by 1").fetchall())
        excluded = db.execute("""
            select model_name, exclusion_detail from fct_training_runs_excluded
            where exclusion_reason = 'finetune_compute_unknown'""").fetchall()
        rows = {name: rest for name, *rest in db.execute("""
            select model_name, method_profile, compute_scope, estimate_compute_flop, performance_ratio, gpu_hours
            from intermediate.int_training_runs__impacts
            where model_name in ('Llama Guard', 'Llama 3.2 11B') and method_profile = 'best_estimate'""").fetchall()}
        paper_guard = db.execute("""
            select gpu_hours from intermediate.int_training_runs__impacts
            where model_name = 'Llama Guard' and method_profile = 'paper'""").fetchone()[0]
    assert "finetune_recorded_total" not in scopes and sum(scopes.values()) >= 30
    assert set(scopes) <= {"finetune_compute", "finetune_duration", "finetune_total_below_base"}
    assert len(excluded) >= 5 and all("includes the base's pretraining" in detail for _, detail in excluded)
    assert "FLAN 137B" in {name for name, _ in excluded}
    # Llama Guard: its own 1.7e17 FLOP on A100 SXM4 80 GB (312 TFLOP/s BF16) at the median MFU 0.34,
    # not Llama 2-7B's 8.4e22 of pretraining (527,593 GPU-hours under the paper's rule)
    a100 = peak_tflops("a100_sxm4_80_gb", "tensor_fp16_tflops") * 1e12
    assert rows["Llama Guard"][1:3] == ["finetune_compute", pytest.approx(1.7e17)]
    assert rows["Llama Guard"][4] == pytest.approx(1.7e17 / (a100 * 0.34) / 3600)
    assert paper_guard == pytest.approx(1.6e23 / (a100 * 0.27) / 3600)
    # Llama 3.2 11B: its 3.5001e23 FLOP of vision training on H100 SXM5 (989.4 TFLOP/s), 0.34
    h100 = peak_tflops("h100_sxm5_80_gb", "tensor_fp16_tflops") * 1e12
    assert rows["Llama 3.2 11B"][4] == pytest.approx(3.5001e23 / (h100 * 0.34) / 3600, rel=1e-6)


def test_best_estimate_rules_for_mfu_fp8_location_and_pue(snapshot_build):
    with read_only(snapshot_build.warehouse) as db:
        deepseek = db.execute("""
            select performance_ratio_source, performance_ratio, peak_format, gpu_hours
            from fct_training_run_impacts where model_name = 'DeepSeek-V3'""").fetchone()
        bloom = db.execute("""
            select location_source, grid_countries_iso3, pue_source, pue, gwp_grid_factor_source
            from fct_training_run_impacts where model_name = 'BLOOM-176B'""").fetchone()
        france = db.execute("select gwp_kgco2e_per_kwh from staging.stg_boavizta__electricity_factors "
                            "where country_iso3 = 'FRA'").fetchone()[0]
        bloom_gwp = db.execute("select grid_gwp_kgco2e_per_kwh from fct_training_run_impacts "
                               "where model_name = 'BLOOM-176B'").fetchone()[0]
        no_own_fp8 = db.execute("""
            select count(*), count(*) filter (where peak_format = 'BF16') from fct_training_run_impacts
            where upper(numerical_format) = 'FP8' and performance_ratio_source <> 'run_mfu'""").fetchone()
    # DeepSeek-V3: Epoch's MFU 0.1947 is relative to the FP8 peak it records: 3.4078e24 FLOP / (1,978.9 TFLOP/s x 0.1947)
    h800_fp8 = peak_tflops("h800_sxm5_80_gb", "fp8_tflops") * 1e12
    assert deepseek[:3] == ("run_mfu", pytest.approx(0.1947), "FP8")
    assert deepseek[3] == pytest.approx(3.4078e24 / (h800_fp8 * 0.1947) / 3600, rel=1e-4)
    # BLOOM on Jean Zay: the French grid, and the PUE of an operator other than a hyperscaler (1.25)
    assert bloom == ("training_location", "FRA", "operator_type_other", pytest.approx(1.25), "boavizta")
    assert bloom_gwp == pytest.approx(france)
    assert no_own_fp8[0] == no_own_fp8[1]            # FP8 without the run's own MFU: the 16-bit peak


def test_best_estimate_validation_against_published_footprints(snapshot_build):
    """Of the published GPU-hours, at least 90 % within x1.3, none beyond x1.5 and a median error below
    x1.15; BLOOM's use-phase GWP within x1.5 of the published use-phase total. The paper profile, for
    contrast, misses more: fine-tunes charged their base, FP8 at the FP8 peak, Falcon-180B's assumed
    six months on 4,096 GPUs (x2.53)."""
    with read_only(snapshot_build.warehouse) as db:
        rows = db.execute("""
            select method_profile, model_name, gpu_hours_ratio, gwp_use_ratio
            from rpt_validation_published_footprints""").fetchall()
    by_profile: dict[str, dict[str, tuple]] = {}
    for profile, name, gpu_ratio, gwp_ratio in rows:
        by_profile.setdefault(profile, {})[name] = (gpu_ratio, gwp_ratio)

    def errors(profile):
        return {name: math.exp(abs(math.log(r))) for name, (r, _) in by_profile[profile].items() if r}

    best, paper = errors("best_estimate"), errors("paper")
    assert len(best) >= 15
    assert sum(e <= 1.3 for e in best.values()) >= 0.9 * len(best)
    assert float(np.median(list(best.values()))) < 1.15
    assert max(best.values()) <= 1.5
    assert paper["Falcon-180B"] > 2 and best["Falcon-180B"] < 1.5   # Epoch's assumed duration, dropped
    assert sum(e <= 1.3 for e in best.values()) > sum(e <= 1.3 for e in paper.values())
    assert by_profile["best_estimate"]["BLOOM-176B"][1] == pytest.approx(1.0, abs=0.5)
    assert by_profile["paper"]["BLOOM-176B"][1] > 1.5


def test_the_paper_profile_is_the_same_whichever_path_computes_it(snapshot_build, snapshot_paper_build):
    """A build with method_profile: paper (its marts) against the paper rows a default build computes
    beside its best estimate (int_training_runs__impacts): the same runs and numbers."""
    columns = ", ".join(IMPACT_COLUMNS)

    def read(build_result, runs_relation):
        with read_only(build_result.warehouse) as db:
            runs = {row[0]: row[1:] for row in db.execute(
                f"select record_id, compute_scope, performance_ratio_source, location_source, {columns} "
                f"from {runs_relation}").fetchall()}
            by_year = db.execute("""select analysis_scope, publication_year, estimated_run_count, total_gwp_total_kgco2e
                                    from agg_impacts_by_year where method_profile = 'paper' order by 1, 2""").fetchall()
        return runs, by_year

    marts, by_year = read(snapshot_paper_build, "fct_training_run_impacts")
    compared, compared_by_year = read(
        snapshot_build, "intermediate.int_training_runs__impacts where method_profile = 'paper'")
    assert set(marts) == set(compared) and len(marts) >= 270
    for record_id, row in marts.items():
        assert row[:3] == compared[record_id][:3]
        assert {s for s in row[:3]} <= {"full_training", "finetune_recorded_total", "fixed_default", "organization_country"}
        assert row[3:] == pytest.approx(compared[record_id][3:], rel=1e-12), record_id
    assert [r[:3] for r in by_year] == [r[:3] for r in compared_by_year]
    assert [r[3] for r in by_year] == pytest.approx([r[3] for r in compared_by_year], rel=1e-12)


PAPER_GOLDEN = ROOT / "python" / "tests" / "data" / "paper_profile_snapshot_2025-11.csv"


def test_the_paper_profile_gives_the_numbers_of_the_build_before_the_profiles(snapshot_paper_build):
    """The per-run numbers of the warehouse before the method profiles existed (commit 9bfc84b, whose
    paper method an independent re-implementation matched; python/tests/data/paper_profile_snapshot_
    2025-11.csv), against a build with method_profile: paper today: the same runs, cards and methods,
    the same numbers to the rounding of a multi-country mean."""
    with PAPER_GOLDEN.open(newline="", encoding="utf-8") as handle:
        golden = {(row["model_name"], row["publication_date"]): row for row in csv.DictReader(handle)}
    numbers = [column for column in next(iter(golden.values())) if column not in
               ("model_name", "publication_date", "gpu_card_id", "gpu_hours_method")]
    with read_only(snapshot_paper_build.warehouse) as db:
        today = {(name, str(date)): rest for name, date, *rest in db.execute(f"""
            select model_name, publication_date, gpu_card_id, gpu_hours_method, {', '.join(numbers)}
            from fct_training_run_impacts where run_source = 'epoch'""").fetchall()}
    assert set(today) == set(golden) and len(golden) == 274
    for key, row in golden.items():
        assert today[key][:2] == [row["gpu_card_id"], row["gpu_hours_method"]], key
        assert today[key][2:] == pytest.approx([float(row[c]) for c in numbers], rel=1e-12), key
