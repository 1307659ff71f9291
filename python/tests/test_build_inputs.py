"""Which input a build reads, and what happens when it is wrong: column variants of older
exports, a missing required column (clear error, last warehouse untouched)."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import OWID_INTENSITY, SAMPLE_SEED, build, needs
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
    assert not (tmp_path / ".building").exists()


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
