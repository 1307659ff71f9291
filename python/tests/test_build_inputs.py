"""Which input a build reads, and what happens when it is wrong: column variants of older
exports, a missing required column (clear error, last warehouse untouched)."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
from pathlib import Path

import pytest

from conftest import OWID_INTENSITY, ROOT, SAMPLE_SEED, build, count_csv_records, needs
from training_impacts.warehouse import read_only

pytestmark = pytest.mark.build


def write_variant(source: Path, target: Path, rename: dict[str, str] | None = None, drop: tuple[str, ...] = ()) -> Path:
    with source.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    header = [rename.get(name, name) if rename else name for name in rows[0] if name not in drop]
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([value for name, value in row.items() if name not in drop])
    return target


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_older_export_column_names_are_mapped(tmp_path):
    old_export = write_variant(
        SAMPLE_SEED, tmp_path / "old_export.csv",
        rename={"Country (of organization)": "Country (from Organization)",
                "Hardware utilization (MFU)": "Hardware utilization"},
        drop=("Numerical format", "Confidence"),
    )
    result = build(tmp_path, env={"EPOCH_MODELS_CSV": str(old_export)})
    assert result.ok, result.output[-3000:]
    assert any(str(old_export) in line for line in result.inputs)
    with read_only(result.warehouse) as db:
        fra = db.execute("select count(*) from fct_training_run_impacts where country_iso3 = 'FRA'").fetchone()[0]
        formats = db.execute("select count(numerical_format) from fct_training_run_impacts").fetchone()[0]
    assert fra > 0          # countries were read from the old column name
    assert formats == 0     # the dropped optional column is null, not an error


def test_missing_required_column_fails_naming_it_and_keeps_the_last_warehouse(tmp_path, sample_build):
    warehouse = tmp_path / "training_impacts.duckdb"
    shutil.copyfile(sample_build.warehouse, warehouse)
    before = digest(warehouse)
    broken = write_variant(SAMPLE_SEED, tmp_path / "no_hardware_column.csv", drop=("Training hardware",))

    result = build(tmp_path, env={"EPOCH_MODELS_CSV": str(broken)})

    assert not result.ok
    assert "required column(s) not found: 'Training hardware'" in result.output
    assert str(broken) in result.output
    assert digest(warehouse) == before, "a failed build must leave the last warehouse byte-identical"
    assert not list(tmp_path.glob(".building*"))


def test_a_missing_input_file_is_named(tmp_path):
    result = build(tmp_path, env={"EPOCH_MODELS_CSV": str(tmp_path / "nowhere.csv")})
    assert not result.ok
    assert "EPOCH_MODELS_CSV=" in result.output and "no such file" in result.output


@needs(OWID_INTENSITY)
def test_year_matched_grid_variant_uses_owid_intensity(tmp_path):
    result = build(
        tmp_path,
        env={"CARBON_INTENSITY_CSV": str(OWID_INTENSITY)},
        dbt_args=["--vars", "{gwp_grid_factor_source: year_matched}"],
    )
    assert result.ok, result.output[-3000:]
    assert any("Carbon intensity input" in line for line in result.inputs)
    with read_only(result.warehouse) as db:
        sources = dict(db.execute(
            "select gwp_grid_factor_source, count(*) from fct_training_run_impacts group by 1").fetchall())
        usa_2020 = db.execute("""
            select distinct grid_gwp_kgco2e_per_kwh from fct_training_run_impacts
            where grid_countries_iso3 = 'USA' and publication_year = 2020""").fetchall()
    assert sources.get("owid_country_year", 0) > 50
    assert usa_2020 == [(pytest.approx(0.41173, abs=1e-4),)]  # OWID: USA 2020 = 411.73 gCO2e/kWh


def test_year_matched_without_the_file_says_what_to_do(tmp_path):
    result = build(tmp_path, dbt_args=["--vars", "{gwp_grid_factor_source: year_matched}"])
    assert not result.ok
    assert "CARBON_INTENSITY_CSV" in result.output


CUSTOM_EXAMPLE = ROOT / "data" / "custom" / "example_training_jobs.csv"


def test_custom_runs_flow_through_the_same_marts(tmp_path, sample_build):
    result = build(tmp_path, env={"CUSTOM_RUNS_CSV": str(CUSTOM_EXAMPLE)})
    assert result.ok, result.output[-3000:]
    assert any("Custom runs input" in line for line in result.inputs)
    with read_only(result.warehouse) as db:
        runs = {row[0]: row[1:] for row in db.execute("""
            select model_name, gpu_hours, gpu_hours_method, energy_kwh, energy_method, gwp_use_kgco2e,
                   gwp_grid_factor_source, gwp_embodied_kgco2e
            from fct_training_run_impacts where run_source = 'custom'""").fetchall()}
        excluded = dict(db.execute(
            "select model_name, exclusion_reason from fct_training_runs_excluded where run_source = 'custom'").fetchall())
        epoch_runs = db.execute(
            "select sum(estimated_run_count) from agg_impacts_by_year"
            " where analysis_scope = 'with_imputed' and method_profile = 'best_estimate'").fetchone()[0]
        in_scenarios = db.execute(
            "select count(*) from scn_location_shifting where run_source = 'custom'").fetchone()[0]
    # 512 H100 x 240 h = 122,880 GPU-h; x 700 W x PUE 1.2 = 103,219.2 kWh; x FRA 0.098 = 10,115.48 kgCO2e;
    # embodied 122,880 x (329.8258 + 2,280.408 / 4) / (3 x 8760 x 0.5) = 8,415.76 kgCO2e
    gpu_hours, method, energy, energy_method, gwp_use, grid_source, embodied = runs["llm-pretrain-001"]
    assert (gpu_hours, method, energy_method, grid_source) == (122880, "h1_time_x_quantity", "gpu_hours_x_tdp_x_pue", "boavizta")
    assert energy == pytest.approx(103219.2) and gwp_use == pytest.approx(10115.4816)
    assert embodied == pytest.approx(8415.763, rel=1e-6)
    assert runs["finetune-7b-002"][:2] == (2000, "reported_gpu_hours")          # gpu_hours given directly
    assert runs["ppa-run-003"][4:6] == (pytest.approx(268.8), "reported")        # 5,376 kWh x its own 0.05
    assert runs["metered-004"][2:4] == (350, "measured")                         # metered energy replaces the estimate
    assert excluded == {"bad-gpu-005": "unknown_nvidia_card", "no-duration-006": "no_compute_and_no_duration"}
    assert epoch_runs == sample_build.row_counts["fct_training_run_impacts"]    # study aggregates stay Epoch-only
    assert in_scenarios == 3 * 4


def test_custom_runs_without_a_required_column_fail_naming_it(tmp_path):
    broken = tmp_path / "jobs.csv"
    broken.write_text("job_id,start_date,gpu_count,hours\nx,2024-01-01,8,10\n", encoding="utf-8")
    result = build(tmp_path, env={"CUSTOM_RUNS_CSV": str(broken)})
    assert not result.ok
    assert "Custom runs input" in result.output and "required column(s) not found: gpu" in result.output


def test_a_fifo_as_input_is_refused_before_dbt_reads_it(tmp_path):
    fifo = tmp_path / "jobs.csv"
    os.mkfifo(fifo)          # nobody writes to it: reading it would hang the build
    result = build(tmp_path, env={"CUSTOM_RUNS_CSV": str(fifo)})
    assert not result.ok
    assert result.message == f"CUSTOM_RUNS_CSV={fifo}: not a regular file (a FIFO, socket or device); point it at a CSV file"
    assert result.output == ""


def test_a_pattern_matching_several_files_is_refused_naming_them(tmp_path):
    for name in ("a.csv", "b.csv"):
        shutil.copyfile(SAMPLE_SEED, tmp_path / name)
    result = build(tmp_path, env={"EPOCH_MODELS_CSV": str(tmp_path / "*.csv")})
    assert not result.ok
    assert f"matches 2 files ({tmp_path}/a.csv, {tmp_path}/b.csv). Name one file." in result.output


def test_a_raw_file_that_differs_from_its_manifest_is_named_by_the_build(tmp_path):
    from training_impacts.fetch import fetch_all

    source, raw = tmp_path / "download", tmp_path / "raw"
    source.mkdir()
    shutil.copyfile(SAMPLE_SEED, source / "notable_ai_models.csv")
    fetch_all(from_dir=source, target_dir=raw)
    fetched = raw / "epoch" / "notable_ai_models.csv"
    lines = fetched.read_text(encoding="utf-8").splitlines(keepends=True)
    fetched.write_text("".join(lines[:40]), encoding="utf-8")   # cut short, at a record boundary

    result = build(tmp_path, env={"TRAINING_IMPACTS_RAW_DIR": str(raw)})

    assert result.ok, result.output[-3000:] + result.message
    assert any(str(fetched) in line for line in result.inputs)            # the build read the fetched file
    differs = [note for note in result.notes if "differs from manifest.json" in note]
    assert differs and str(fetched) in differs[0] and f"(manifest: {count_csv_records(SAMPLE_SEED):,})" in differs[0]
