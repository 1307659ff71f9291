"""great-expectations suites: a tiny hand-made warehouse passes, each kind of breakage fails and is
named (table, column, expectation type); raw Epoch CSVs pass or fail on their columns and values.
No dbt build here: the warehouse is written with duckdb directly, into tmp_path."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from training_impacts.quality import format_failures, run_validate, suites, validate_epoch_csv, validate_warehouse
from training_impacts.warehouse import project_root

EPOCH_SNAPSHOT = (
    Path(project_root()).parent / "shared" / "data" / "external" / "epoch_ai_models_2025-11" / "notable_ai_models.csv"
)

IMPACTS = [f"{i}_{p}_{u}" for i, u in (("gwp", "kgco2e"), ("adpe", "kgsbeq"), ("pe", "mj")) for p in ("use", "embodied", "total")]


# --- a tiny warehouse -------------------------------------------------------------------------

def good_tables() -> dict[str, pd.DataFrame]:
    """Four staged Epoch records: rows 1-3 estimated, row 4 excluded; two catalogue cards."""
    staged = pd.DataFrame({
        "model_key": ["k1", "k2", "k3", "k4"],
        "run_source": "epoch",
        "input_source": "test",
        "source_row_number": [1, 2, 3, 4],
        "model_name": ["AlexNet", "BERT-Large", "GPT-3 175B", "TPU model"],
        "organization": ["U Toronto", "Google", "OpenAI", "Google"],
        "publication_date_text": ["2012-09-30", "2018-10-11", "2020-05-28", "2021-01-01"],
        "publication_date": pd.to_datetime(["2012-09-30", "2018-10-11", "2020-05-28", "2021-01-01"]).date,
        "domain": "Language",
        "training_compute_flop_text": ["4.7e+17", "2.85e+20", "3.14e+23", None],
        "training_compute_flop": [4.7e17, 2.85e20, 3.14e23, None],
        "training_time_hours_text": ["132.0", None, "355.2", "10"],
        "training_time_hours": [132.0, None, 355.2, 10.0],
        "training_hardware": ["NVIDIA GeForce GTX 580", "NVIDIA V100", "NVIDIA V100", "Google TPU v3"],
        "hardware_quantity_text": ["2", "64", "10000", "512"],
        "hardware_quantity": [2.0, 64.0, 10000.0, 512.0],
        "hardware_utilization_mfu": [None, None, 0.2, None],
        "numerical_format": ["FP32", "FP16", "FP16", None],
        "country_of_organization": ["Canada", "United States of America", "United States of America", None],
        "base_model": None,
        "finetune_compute_flop": None,
        "confidence": "Confident",
        "link": "https://example.org",
    })
    cards = pd.DataFrame({
        "gpu_card_id": ["geforce_gtx_580", "v100_sxm2_32_gb"],
        "card_name": ["NVIDIA GeForce GTX 580", "NVIDIA V100 SXM2 32 GB"],
        "architecture": ["Fermi", "Volta"],
        "release_date": pd.to_datetime(["2010-11-09", "2018-03-27"]).date,
        "release_year": [2010, 2018],
        "segment": ["consumer", "data_centre"],
        "form_factor": ["PCIe", "SXM"],
        "die_area_mm2": [520.0, 815.0],
        "process_node_nm": [40, 12],
        "memory_gb": [1.5, 32.0],
        "memory_type": ["GDDR5", "HBM2"],
        "tdp_w": [244.0, 300.0],
        "fp32_flops": [1.58e12, 15.7e12],
        "tf32_flops": [None, None],
        "tensor_fp16_flops": [None, 125e12],
        "fp8_flops": [None, None],
        "fp32_flops_per_w": [6.5e9, 52e9],
        "gwp_embodied_kgco2e": [20.0, 40.0],
        "adpe_embodied_kgsbeq": [0.001, 0.002],
        "pe_embodied_mj": [300.0, 600.0],
        "source": "test",
    })
    impacts = pd.DataFrame({
        "model_id": ["m1", "m2", "m3"],
        "model_name": ["AlexNet", "BERT-Large", "GPT-3 175B"],
        "publication_date": pd.to_datetime(["2012-09-30", "2018-10-11", "2020-05-28"]).date,
        "publication_year": [2012, 2018, 2020],
        "gpu_card_id": ["geforce_gtx_580", "v100_sxm2_32_gb", "v100_sxm2_32_gb"],
        "source_row_number": [1, 2, 3],
        "gpu_hours": [264.0, 5000.0, 3.5e6],
        "energy_kwh": [80.0, 1800.0, 1.3e6],
        "pue": [1.58, 1.4, 1.2],
    })
    for column in IMPACTS:
        impacts[column] = [1.0, 10.0, 100.0]
    # as the method gives them: ADPe nearly all embodied, GWP and PE about a fifth
    impacts["gwp_embodied_share"] = [0.2, 0.3, 0.25]
    impacts["adpe_embodied_share"] = [0.97, 0.99, 0.98]
    impacts["pe_embodied_share"] = [0.1, 0.12, 0.09]
    excluded = pd.DataFrame({
        "model_id": ["m4"],
        "source_row_number": [4],
        "exclusion_reason": ["unknown_accelerator"],
        "exclusion_detail": ["no catalogue accelerator for Acme NeuroChip"],
    })
    by_year = pd.DataFrame({
        "method_profile": ["best_estimate"] * 4,
        "analysis_scope": ["paper", "paper", "paper", "paper"],
        "publication_year": [2012, 2018, 2020, 2021],
        "estimated_run_count": [1, 1, 1, 0],
        "excluded_run_count": [0, 0, 0, 1],
        "total_gpu_hours": [264.0, 5000.0, 3.5e6, 0.0],
        "total_energy_kwh": [80.0, 1800.0, 1.3e6, 0.0],
    })
    for column in IMPACTS:
        by_year[f"total_{column}"] = [1.0, 10.0, 100.0, 0.0]
    for indicator in ("gwp", "adpe", "pe"):
        by_year[f"{indicator}_embodied_share"] = [0.2, 0.3, 0.25, None]
    return {
        "staging.stg_epoch__notable_models": staged,
        "main.dim_gpu_cards": cards,
        "main.fct_training_run_impacts": impacts,
        "main.fct_training_runs_excluded": excluded,
        "main.agg_impacts_by_year": by_year,
    }


def write_warehouse(path: Path, tables: dict[str, pd.DataFrame]) -> Path:
    connection = duckdb.connect(str(path))
    try:
        connection.execute("create schema if not exists staging")
        for name, frame in tables.items():
            connection.register("frame", frame)
            connection.execute(f"create table {name} as select * from frame")
            connection.unregister("frame")
    finally:
        connection.close()
    return path


@pytest.fixture
def good_warehouse(tmp_path) -> Path:
    return write_warehouse(tmp_path / "warehouse.duckdb", good_tables())


def test_good_warehouse_passes_and_writes_data_docs(good_warehouse, tmp_path):
    docs = tmp_path / "data_docs"
    report = validate_warehouse(good_warehouse, docs)
    assert report.success, format_failures(report, include_warnings=True)
    assert report.warnings == []
    assert (docs / "index.html").is_file()
    assert report.data_docs_index == docs / "index.html"
    assert list((docs / "validations").rglob("*.html")), "one validation page per table"
    # the raw shape of the staged Epoch view, the per-run distributions, the reconciliation: the
    # marts' keys, nulls and ranges are dbt's constraints and tests, not repeated here
    assert set(report.row_counts) == {
        "stg_epoch__notable_models", "fct_training_run_impacts", suites.RECONCILIATION_TABLE,
    }
    assert report.expectations_evaluated > 30


def _break_pue_rule(t):
    # every PUE in range row by row (dbt's check: 1 to 3), but no PUE rule gives a mean of 2.9
    t["main.fct_training_run_impacts"]["pue"] = [2.9, 2.9, 2.9]


def _break_row_in_both(t):
    t["main.fct_training_runs_excluded"].loc[0, "source_row_number"] = 3  # also estimated


def _break_dropped_row(t):
    t["main.fct_training_runs_excluded"] = t["main.fct_training_runs_excluded"].iloc[0:0]


def _break_staged_compute(t):
    t["staging.stg_epoch__notable_models"].loc[2, "training_compute_flop_text"] = "3.14e23 FLOP"


@pytest.mark.parametrize("breakage, expected_line", [
    (_break_pue_rule, "fct_training_run_impacts.pue: expect_column_mean_to_be_between (observed 2.9"),
    (_break_row_in_both, "fct_training_run_impacts+fct_training_runs_excluded.source_row_number: "
                         "expect_column_values_to_be_unique (2 unexpected, e.g. [3])"),
    (_break_dropped_row, "fct_training_run_impacts+fct_training_runs_excluded: expect_table_row_count_to_equal (observed 3"),
    (_break_staged_compute,
     "stg_epoch__notable_models.training_compute_flop_text: expect_column_values_to_match_regex (1 unexpected"),
])
def test_each_breakage_fails_and_is_named(tmp_path, breakage, expected_line):
    tables = good_tables()
    breakage(tables)
    report = validate_warehouse(write_warehouse(tmp_path / "broken.duckdb", tables), tmp_path / "docs")
    assert not report.success
    assert expected_line in format_failures(report)


def test_all_breakages_at_once(tmp_path):
    tables = good_tables()
    for breakage in (_break_pue_rule, _break_row_in_both):
        breakage(tables)
    report = validate_warehouse(write_warehouse(tmp_path / "broken.duckdb", tables), tmp_path / "docs")
    text = format_failures(report)
    assert not report.success
    assert len(text.splitlines()) == len(report.failures) == 2, text
    for failure in report.failures:
        assert "fct_training_run_impacts" in failure.table and failure.column and failure.expectation_type
    assert (tmp_path / "docs" / "index.html").is_file()


def test_a_missing_table_is_a_failure(tmp_path):
    tables = good_tables()
    del tables["main.fct_training_runs_excluded"]
    report = validate_warehouse(write_warehouse(tmp_path / "partial.duckdb", tables), tmp_path / "docs")
    assert not report.success
    assert format_failures(report).startswith("fct_training_runs_excluded: read_table (error:")


def test_run_validate_returns_exit_codes(good_warehouse, tmp_path, capsys):
    assert run_validate(good_warehouse, tmp_path / "docs") == 0
    assert "data quality passed" in capsys.readouterr().out
    tables = good_tables()
    _break_pue_rule(tables)
    assert run_validate(write_warehouse(tmp_path / "broken.duckdb", tables), tmp_path / "docs") == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and "pue" in out
    assert run_validate(tmp_path / "absent.duckdb", tmp_path / "docs") == 1


def test_data_docs_keep_only_the_latest_run(good_warehouse, tmp_path):
    docs = tmp_path / "docs"
    validate_warehouse(good_warehouse, docs)
    validate_warehouse(good_warehouse, docs)
    pages = list((docs / "validations").rglob("*.html"))
    assert len(pages) == 3, pages  # one per suite run (staged Epoch view, distributions, reconciliation)


# --- raw Epoch CSV ----------------------------------------------------------------------------

HEADER = [
    "Model", "Organization", "Publication date", "Domain", "Training compute (FLOP)", "Training time (hours)",
    "Training hardware", "Hardware quantity", "Hardware utilization (MFU)", "Numerical format",
    "Country (of organization)", "Base model", "Finetune compute (FLOP)", "Confidence", "Link",
]
ROWS = [
    ["AlexNet", "University of Toronto", "2012-09-30", "Vision", "4.7e+17", "132.0", "NVIDIA GeForce GTX 580",
     "2", "0.3133", "FP32", "Canada", "", "", "Confident", "https://example.org/1"],
    ["Word2Vec (large)", "Google", "2013-10-16", "Language", "3.888e+16", "24.0", "", "", "", "",
     "United States of America", "", "", "Likely", "https://example.org/2"],
    ["SPPNet", "Microsoft,USTC", "2014-06-18", "Vision", "3411072000000000000", "672", "NVIDIA GeForce GTX TITAN",
     "", "", "FP32", "United States of America,China", "", "", "Confident", "https://example.org/3"],
    ["No numbers", "Lab", "2020-01-01", "Language", "", "", "", "", "", "", "", "", "", "Unknown", ""],
]


def write_csv(path: Path, header=HEADER, rows=ROWS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _with(column: str, row: int, value: str):
    rows = [list(r) for r in ROWS]
    rows[row][HEADER.index(column)] = value
    return rows


def test_good_csv_passes(tmp_path):
    report = validate_epoch_csv(write_csv(tmp_path / "notable_ai_models.csv"))
    assert report.success, format_failures(report, include_warnings=True)
    assert report.row_counts == {"notable_ai_models.csv": 4}


def test_country_header_variant_is_accepted(tmp_path):
    header = [h.replace("Country (of organization)", "Country (from Organization)") for h in HEADER]
    report = validate_epoch_csv(write_csv(tmp_path / "variant.csv", header=header))
    assert report.success, format_failures(report)


def test_csv_missing_a_required_column_fails_naming_it(tmp_path):
    keep = [i for i, h in enumerate(HEADER) if h != "Training hardware"]
    path = write_csv(tmp_path / "no_hardware.csv", [HEADER[i] for i in keep], [[r[i] for i in keep] for r in ROWS])
    report = validate_epoch_csv(path)
    assert not report.success
    assert format_failures(report) == "no_hardware.csv.Training hardware: expect_column_to_exist (column not found)"
    assert [f.column for f in report.failures] == ["Training hardware"]


def test_csv_missing_both_country_variants_fails(tmp_path):
    keep = [i for i, h in enumerate(HEADER) if not h.startswith("Country")]
    path = write_csv(tmp_path / "no_country.csv", [HEADER[i] for i in keep], [[r[i] for i in keep] for r in ROWS])
    report = validate_epoch_csv(path)
    assert [(f.column, f.expectation_type) for f in report.failures] == [("Country (of organization)", "expect_column_to_exist")]


def test_csv_non_numeric_compute_fails_naming_the_column(tmp_path):
    report = validate_epoch_csv(write_csv(tmp_path / "bad.csv", rows=_with("Training compute (FLOP)", 1, "about 1e17")))
    assert not report.success
    assert "bad.csv.Training compute (FLOP): expect_column_values_to_match_regex (1 unexpected, e.g. ['about 1e17'])" \
        in format_failures(report)


@pytest.mark.parametrize("column, value, expected", [
    ("Hardware quantity", "0", "Hardware quantity [number]: expect_column_values_to_be_between (1 unexpected, e.g. [0.0])"),
    ("Training time (hours)", "-3", "Training time (hours) [number]: expect_column_values_to_be_between"),
    ("Publication date", "1890-01-01",
     "Publication date [date]: expect_column_values_to_be_between (1 unexpected, e.g. ['1890-01-01'])"),
    ("Publication date", "2999-01-01", "Publication date [date]: expect_column_values_to_be_between"),
    ("Publication date", "2023-02-30",
     "Publication date: expect_column_values_to_match_strftime_format (1 unexpected, e.g. ['2023-02-30'])"),
    ("Publication date", "30/09/2012", "Publication date: expect_column_values_to_match_strftime_format"),
])
def test_csv_out_of_range_values_fail(tmp_path, column, value, expected):
    report = validate_epoch_csv(write_csv(tmp_path / "bad.csv", rows=_with(column, 0, value)))
    assert not report.success
    assert expected in format_failures(report)


def test_csv_warnings_do_not_fail(tmp_path):
    rows = _with("Model", 3, "")
    rows[0][HEADER.index("Hardware quantity")] = "2000000"
    report = validate_epoch_csv(write_csv(tmp_path / "odd.csv", rows=rows))
    assert report.success, format_failures(report)
    warned = {(w.column, w.expectation_type) for w in report.warnings}
    assert ("Model", "expect_column_values_to_not_be_null") in warned
    assert ("Hardware quantity [number]", "expect_column_values_to_be_between") in warned
    assert "[warning]" in format_failures(report, include_warnings=True)


@pytest.mark.skipif(not EPOCH_SNAPSHOT.is_file(), reason=f"reference data absent: {EPOCH_SNAPSHOT}")
def test_real_epoch_snapshot_passes_the_critical_expectations():
    report = validate_epoch_csv(EPOCH_SNAPSHOT)
    assert report.success, format_failures(report)
    assert report.row_counts == {"notable_ai_models.csv": 952}
