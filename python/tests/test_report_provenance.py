"""The report states the parameters and inputs a build ran with, not dbt_project.yml's defaults:
a build with `--vars` and a `make data --from` copy, read back through meta_build_parameters,
meta_build_inputs and the report."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from conftest import SAMPLE_SEED, build
from training_impacts.fetch import fetch_all
from training_impacts.report import write_report
from training_impacts.warehouse import read_only

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def copied_build(tmp_path_factory):
    """`make data FROM=dir` of a folder holding an Epoch export (the sample's records under the
    export's name), then a build with `--vars '{hardware_lifetime_years: 5}'` that reads it."""
    root = tmp_path_factory.mktemp("copied_build")
    source = root / "downloads"
    source.mkdir()
    shutil.copy(SAMPLE_SEED, source / "notable_ai_models.csv")
    raw = root / "raw"
    manifest = fetch_all(from_dir=source, target_dir=raw)
    result = build(root, env={"TRAINING_IMPACTS_RAW_DIR": str(raw)},
                   dbt_args=["--vars", "{hardware_lifetime_years: 5}"])
    assert result.ok, result.output[-4000:]
    return result, manifest, source


def test_the_build_records_the_vars_it_ran_with(copied_build):
    result, _, _ = copied_build
    with read_only(result.warehouse) as db:
        rows = {r[0]: r[1:] for r in db.execute(
            "select parameter, value_json, value_source, default_value_json from main.meta_build_parameters").fetchall()}
    assert rows["hardware_lifetime_years"] == ("5", "command line (--vars)", "3")
    assert rows["hardware_utilization"] == ("0.5", "dbt_project.yml", "0.5")
    assert json.loads(rows["method_profiles"][0])["paper"]["pue"] == "by_year"


def test_the_report_lists_the_parameters_as_built(copied_build, tmp_path):
    result, _, _ = copied_build
    report = write_report(result.warehouse, tmp_path / "report")
    markdown = report["report_md"].read_text(encoding="utf-8")
    assert report["numbers"]["parameters"]["hardware_lifetime_years"] == 5
    with read_only(result.warehouse) as db:  # every var as the build recorded it, none from dbt_project.yml
        recorded = {name: json.loads(value) for name, value in
                    db.execute("select parameter, value_json from main.meta_build_parameters").fetchall()}
    assert report["numbers"]["parameters"] == recorded
    assert "(lifetime 5 yr, utilisation 0.5)" in markdown  # the summary's finding (3) reads the same value
    assert ("| `hardware_lifetime_years` | hardware lifetime for the embodied allocation (years) | "
            "**5** (set for this build) |") in markdown
    assert "`hardware_lifetime_years` = 5 (default 3)" in markdown
    assert "5-year lifetime" in markdown  # the limitations read the same value


def test_the_report_traces_a_copied_input_to_its_folder_and_time(copied_build, tmp_path):
    """A `--from` copy is not a download: the provenance names the folder and the copy time, and
    the SHA-256 the build computed equals the manifest's and hashlib's."""
    result, manifest, source = copied_build
    entry = next(f for f in manifest["files"] if f["name"] == "notable_ai_models")
    digest = hashlib.sha256((source / "notable_ai_models.csv").read_bytes()).hexdigest()
    with read_only(result.warehouse) as db:
        sha, origin, retrieved, copied, bundled = db.execute(
            "select sha256, manifest_origin, retrieved_at, copied_at, is_bundled_sample "
            "from main.meta_build_inputs where input_name = 'epoch_models'").fetchone()
    assert sha == entry["sha256"] == digest
    assert origin == str(source / "notable_ai_models.csv") and retrieved is None and copied is not None
    assert bundled is False
    markdown = write_report(result.warehouse, tmp_path / "report")["report_md"].read_text(encoding="utf-8")
    provenance = markdown.split("## Provenance", 1)[1]
    assert digest in provenance and f"from {source / 'notable_ai_models.csv'}" in provenance
    assert "https://epoch.ai/data/notable_ai_models.csv" in provenance


def test_an_input_above_the_hash_limit_is_not_loaded_and_says_so(tmp_path):
    """The large-file path, forced at small size: above var max_hashed_input_bytes the input's
    SHA-256 is null (the file is not read into memory to hash it) and its size is still recorded."""
    result = build(tmp_path, env={"EPOCH_MODELS_CSV": str(SAMPLE_SEED)},
                   dbt_args=["--vars", "{max_hashed_input_bytes: 1000}"])
    assert result.ok, result.output[-4000:]
    with read_only(result.warehouse) as db:
        sha, size = db.execute("select sha256, bytes from main.meta_build_inputs "
                               "where input_name = 'epoch_models'").fetchone()
    assert sha is None and size == SAMPLE_SEED.stat().st_size > 1000
