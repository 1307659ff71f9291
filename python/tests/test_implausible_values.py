"""Corner values in every numeric input field, Epoch's and custom jobs', tried with one whole
build: each record past its field's bounds (zero or negative, 1e200, 1e308, NaN, infinite) is
excluded as implausible_value with the field and the value in its detail; records inside the
bounds are estimated; nothing is lost and the build passes. And an OWID file with a fractional
year is refused naming the record, instead of being rounded into the next year."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import OWID_INTENSITY, build, needs
from training_impacts.warehouse import read_only

pytestmark = pytest.mark.build

EPOCH_HEADER = ["Model", "Organization", "Publication date", "Domain", "Training compute (FLOP)",
                "Training time (hours)", "Training hardware", "Hardware quantity", "Hardware utilization (MFU)",
                "Numerical format", "Country (of organization)", "Base model", "Finetune compute (FLOP)",
                "Confidence", "Link"]
EPOCH_VALID = {"Model": "", "Organization": "Meta AI", "Publication date": "2022-05-02", "Domain": "Language",
               "Training compute (FLOP)": "4.3e+23", "Training time (hours)": "793.5",
               "Training hardware": "NVIDIA A100 SXM4 80 GB", "Hardware quantity": "1024",
               "Hardware utilization (MFU)": "0.3", "Numerical format": "FP16",
               "Country (of organization)": "United States of America", "Base model": "",
               "Finetune compute (FLOP)": "1e21", "Confidence": "Confident", "Link": ""}
CUSTOM_HEADER = ["job_id", "start_date", "gpu", "gpu_count", "hours", "gpu_hours", "country",
                 "grid_gwp_kgco2e_per_kwh", "measured_energy_kwh"]
CUSTOM_VALID = {"job_id": "", "start_date": "2024-03-01", "gpu": "h100_sxm5_80_gb", "gpu_count": "8", "hours": "10",
                "gpu_hours": "", "country": "FRA", "grid_gwp_kgco2e_per_kwh": "0.05", "measured_energy_kwh": "100"}

CORNERS = ["0", "-1", "1e200", "1e308", "NaN", "inf", "-Infinity"]
# fields where zero is a real value (no energy metered as 0 kWh, a zero-carbon PPA, no fine-tune)
ZERO_ALLOWED = {"Finetune compute (FLOP)", "grid_gwp_kgco2e_per_kwh", "measured_energy_kwh"}
EPOCH_FIELDS = ["Training compute (FLOP)", "Training time (hours)", "Hardware quantity",
                "Hardware utilization (MFU)", "Finetune compute (FLOP)"]
CUSTOM_FIELDS = ["gpu_count", "hours", "gpu_hours", "grid_gwp_kgco2e_per_kwh", "measured_energy_kwh"]


def _write(path: Path, header: list[str], rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _corner_rows(valid: dict, fields: list[str], key: str) -> tuple[list[dict], dict[str, tuple[str, str]]]:
    """One record per field and corner value, plus one valid record; and what each must become."""
    valid_name = f"valid {key}"
    rows, expected = [dict(valid, **{key: valid_name})], {valid_name: ("estimated", "")}
    for field in fields:
        for value in CORNERS:
            name = f"{field} is {value}"
            row = dict(valid, **{key: name, field: value})
            if field == "gpu_hours":   # gpu_hours replaces gpu_count x hours
                row.update(gpu_count="", hours="")
            rows.append(row)
            good = value == "0" and field in ZERO_ALLOWED
            expected[name] = ("estimated", "") if good else ("implausible_value", f"{field} = {value}")
    return rows, expected


@pytest.fixture(scope="module")
def corner_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corners")
    epoch_rows, epoch_expected = _corner_rows(EPOCH_VALID, EPOCH_FIELDS, "Model")
    custom_rows, custom_expected = _corner_rows(CUSTOM_VALID, CUSTOM_FIELDS, "job_id")
    env = {"EPOCH_MODELS_CSV": str(_write(folder / "epoch_corners.csv", EPOCH_HEADER, epoch_rows)),
           "CUSTOM_RUNS_CSV": str(_write(folder / "custom_corners.csv", CUSTOM_HEADER, custom_rows))}
    result = build(folder, env=env)
    assert result.ok, result.output[-4000:]
    with read_only(result.warehouse) as db:
        outcome = dict(db.execute("select model_name, 'estimated' from fct_training_run_impacts").fetchall())
        for name, reason, detail in db.execute(
                "select model_name, exclusion_reason, exclusion_detail from fct_training_runs_excluded").fetchall():
            outcome[name] = (reason, detail)
    return outcome, {**epoch_expected, **custom_expected}, len(epoch_rows) + len(custom_rows)


def test_every_record_is_estimated_or_excluded(corner_build):
    outcome, expected, records = corner_build
    assert len(outcome) == records == len(expected)


@pytest.mark.parametrize("field", EPOCH_FIELDS + CUSTOM_FIELDS)
def test_values_past_a_fields_bounds_are_excluded_naming_field_and_value(corner_build, field):
    outcome, expected, _ = corner_build
    for value in CORNERS:
        name = f"{field} is {value}"
        reason, words = expected[name]
        if reason == "estimated":
            assert outcome[name] == "estimated", name
            continue
        got_reason, detail = outcome[name]
        assert got_reason == "implausible_value", (name, outcome[name])
        assert field in detail, (name, detail)
        if field not in ("Hardware utilization (MFU)", "Finetune compute (FLOP)"):  # no text column kept
            assert words in detail, (name, detail)
        assert "var max_" in detail, detail   # the detail names the bound's var


def test_the_valid_records_are_estimated(corner_build):
    outcome, _, _ = corner_build
    assert outcome["valid Model"] == outcome["valid job_id"] == "estimated"


@needs(OWID_INTENSITY)
def test_a_fractional_owid_year_is_refused_naming_the_record(tmp_path):
    with OWID_INTENSITY.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[5][2] = "2015.5"
    broken = tmp_path / "owid_fractional_year.csv"
    with broken.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    result = build(tmp_path, env={"CARBON_INTENSITY_CSV": str(broken)})
    assert not result.ok
    assert f"{broken}: record 5 (after the header): Year = '2015.5' is not a four-digit year" in result.output
    assert not (tmp_path / "training_impacts.duckdb").exists()
