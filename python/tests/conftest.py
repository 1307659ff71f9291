"""Shared fixtures: the project root, the reference data beside it, and whole dbt builds into
temporary DuckDB files (never the user's warehouse)."""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

import pytest

from training_impacts.build import INPUT_VARIABLES, BuildResult, dbt_command, run_build
from training_impacts.warehouse import project_root

ROOT = project_root()
SHARED_EXTERNAL = ROOT.parent / "shared" / "data" / "external"
EPOCH_SNAPSHOT = SHARED_EXTERNAL / "epoch_ai_models_2025-11" / "notable_ai_models.csv"
EPOCH_HARDWARE = SHARED_EXTERNAL / "epoch_ml_hardware_2025-12" / "ml_hardware.csv"
OWID_INTENSITY = SHARED_EXTERNAL / "owid_carbon_intensity" / "carbon_intensity_electricity_owid.csv"
SAMPLE_SEED = ROOT / "seeds" / "epoch" / "epoch_notable_models_sample.csv"


def needs(path: Path):
    """Skip, with the reason, where a reference file of ../shared/data is absent (a user's clone)."""
    return pytest.mark.skipif(not path.is_file(), reason=f"reference data absent: {path}")


def count_csv_records(path: Path) -> int:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def build(tmp_path: Path, name: str = "training_impacts.duckdb", env: dict | None = None,
          dbt_args: list[str] | None = None) -> BuildResult:
    """A whole `dbt build` (seeds, models, all tests) into tmp_path/name."""
    # an empty raw-data folder: a build in a test never reads what `make data` fetched
    env = {"TRAINING_IMPACTS_RAW_DIR": str(tmp_path / "no_raw_data"), **(env or {})}
    saved = {key: os.environ.get(key) for key in (*INPUT_VARIABLES, *env)}
    try:
        for key in INPUT_VARIABLES:
            os.environ.pop(key, None)
        os.environ.update(env)
        return run_build(
            warehouse=tmp_path / name,
            extra_args=dbt_args,
            target_path=tmp_path / "dbt_target",
            echo=False,
        )
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_dbt(warehouse: Path, tmp_path: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """dbt ARGS (as a build runs it: training_impacts.dbt_process) against the warehouse file
    `warehouse`, with no input file from the environment and an empty raw-data folder, its target
    and logs in tmp_path. For commands other than a build: tests, unit tests."""
    root = str(ROOT)
    env = dict(os.environ, TRAINING_IMPACTS_DB=str(warehouse), DBT_PROJECT_DIR=root,
               TRAINING_IMPACTS_RAW_DIR=str(tmp_path / "no_raw_data"))
    for name in INPUT_VARIABLES:
        env.pop(name, None)
    return subprocess.run(
        [*dbt_command(), *args, "--project-dir", root, "--profiles-dir", root,
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> BuildResult:
    """The default build: the bundled sample, every test of dbt build."""
    result = build(tmp_path_factory.mktemp("sample_build"))
    assert result.ok, result.output[-4000:]
    return result


@pytest.fixture(scope="session")
def snapshot_build(tmp_path_factory) -> BuildResult:
    """The full-data build on Epoch's 2025-11 snapshot (skips where the reference copy is absent)."""
    if not EPOCH_SNAPSHOT.is_file():
        pytest.skip(f"reference data absent: {EPOCH_SNAPSHOT}")
    result = build(tmp_path_factory.mktemp("snapshot_build"), env={"EPOCH_MODELS_CSV": str(EPOCH_SNAPSHOT)})
    assert result.ok, result.output[-4000:]
    return result


def snapshot_build_with_vars(tmp_path_factory, name: str, dbt_vars: str) -> BuildResult:
    """The full-data build on Epoch's 2025-11 snapshot with `--vars dbt_vars` (skips where absent)."""
    if not EPOCH_SNAPSHOT.is_file():
        pytest.skip(f"reference data absent: {EPOCH_SNAPSHOT}")
    result = build(tmp_path_factory.mktemp(name), env={"EPOCH_MODELS_CSV": str(EPOCH_SNAPSHOT)},
                   dbt_args=["--vars", dbt_vars])
    assert result.ok, result.output[-4000:]
    return result


@pytest.fixture(scope="session")
def snapshot_imputed_build(tmp_path_factory) -> BuildResult:
    """The snapshot build with var impute_missing_hardware: records naming no hardware are imputed."""
    return snapshot_build_with_vars(tmp_path_factory, "snapshot_imputed_build", "{impute_missing_hardware: true}")


@pytest.fixture(scope="session")
def snapshot_paper_build(tmp_path_factory) -> BuildResult:
    """The snapshot built with var method_profile: paper (the marts under the paper's method)."""
    return snapshot_build_with_vars(tmp_path_factory, "snapshot_paper_build", "{method_profile: paper}")
