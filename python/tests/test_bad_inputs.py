"""The bad-input corpus (python/tests/data/bad_epoch_inputs/), tried for real with whole builds.

Each broken Epoch file ends either in a clear error naming the file and what is wrong (and the
build fails), or in estimated runs plus excluded rows whose reason and detail name the value.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build
from training_impacts.warehouse import read_only

pytestmark = pytest.mark.build

CORPUS = Path(__file__).parent / "data" / "bad_epoch_inputs"

# file -> the message the failed build must print (the file's path must be printed too)
ERRORS = {
    "empty_file.csv": "the file is empty",
    "header_only.csv": "the file has a header but no records",
    "truncated_last_line.csv": "a quoted field is never closed",
    "missing_required_column.csv": "required column(s) not found: 'Hardware quantity'",
    "non_utf8_bytes.csv": "the file is not UTF-8 text",
    "gzipped_without_gz_name.csv": "the file is gzip-compressed but its name does not end in .gz",
    # faults DuckDB's sniffer reports without a row: build.py names the record instead
    "short_record.csv": "record 2 (ending on line 3) has 12 fields, fewer than the header's 15",
    "long_record.csv": "record 2 (ending on line 3) has 17 fields, more than the header's 15",
    "backslash_escaped_quotes.csv": "it escapes quotes with a backslash",
}

# file -> (estimated runs, {model name: (exclusion reason, words the detail must hold)})
OUTCOMES = {
    "old_export_column_names.csv": (3, {}),
    "byte_order_mark.csv": (3, {}),
    "non_numeric_compute.csv": (2, {"GPT-3 175B (davinci)": ("non_numeric_value", "Training compute (FLOP) = 'about 3e23'")}),
    "negative_hardware_quantity.csv": (2, {"GPT-3 175B (davinci)": ("implausible_value", "Hardware quantity = -10000")}),
    "zero_hours.csv": (2, {"GPT-3 175B (davinci)": ("implausible_value", "Training time (hours) = 0")}),
    "future_publication_date.csv": (2, {"GPT-3 175B (davinci)": ("publication_date_in_future", "2999-01-01")}),
    "same_model_twice.csv": (3, {"GPT-3 175B (davinci)": ("duplicate_record", "kept the first")}),
    "unknown_hardware.csv": (1, {"GPT-3 175B (davinci)": ("unknown_nvidia_card", "NVIDIA Quantum X9000"),
                                 "OPT-175B": ("unknown_accelerator", "Acme NeuroChip")}),
    "values_past_1e30.csv": (2, {"GPT-3 175B (davinci)": ("implausible_value", "Training compute (FLOP) = 3.14e+35")}),
    "gzipped_export.csv.gz": (3, {}),
    "cr_line_endings.csv": (3, {}),
}


def test_the_corpus_covers_every_case():
    assert sorted(p.name for p in CORPUS.glob("*.csv*")) == sorted([*ERRORS, *OUTCOMES])


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_unreadable_inputs_fail_with_a_clear_message(tmp_path, name):
    path = CORPUS / name
    result = build(tmp_path, env={"EPOCH_MODELS_CSV": str(path)})
    assert not result.ok
    # one line naming the file: dbt's compile error, or the build's own diagnosis
    said = result.message or result.output
    assert ERRORS[name] in said
    assert str(path) in said
    assert not (tmp_path / "training_impacts.duckdb").exists()


@pytest.mark.parametrize("name", sorted(OUTCOMES))
def test_flawed_rows_are_estimated_or_excluded_with_a_reason(tmp_path, name):
    expected_estimated, expected_exclusions = OUTCOMES[name]
    result = build(tmp_path, env={"EPOCH_MODELS_CSV": str(CORPUS / name)})
    assert result.ok, result.output[-3000:]
    with read_only(result.warehouse) as db:
        estimated = db.execute("select count(*) from fct_training_run_impacts").fetchone()[0]
        excluded = {
            model: (reason, detail)
            for model, reason, detail in db.execute(
                "select model_name, exclusion_reason, exclusion_detail from fct_training_runs_excluded").fetchall()
        }
    assert estimated == expected_estimated
    assert set(excluded) == set(expected_exclusions)
    for model, (reason, words) in expected_exclusions.items():
        assert excluded[model][0] == reason
        assert words in excluded[model][1]
