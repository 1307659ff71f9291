"""Run the expectation suites (`epoch_input.py`, `suites.py`) against the warehouse (or a raw Epoch CSV), build
great-expectations Data Docs, and summarise the result.

The tables are read through one short read-only DuckDB connection into pandas, the connection is
closed, and the DataFrames are validated with GX's pandas datasource (its SQL datasource fails
on DuckDB). GX runs in an ephemeral context: nothing is written but the Data Docs site, analytics
are off, and nothing is fetched from the network.

Public API:
    validate_warehouse(warehouse_path=None, data_docs_dir=None, epoch_csv_path=None) -> ValidationReport
    validate_epoch_csv(path, data_docs_dir=None) -> ValidationReport
    run_validate(warehouse_path=None, data_docs_dir=None, epoch_csv=None) -> int   (0 ok, 1 failed)
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import duckdb  # noqa: E402
import great_expectations as gx  # noqa: E402
import pandas as pd  # noqa: E402

from training_impacts.quality import epoch_input, suites  # noqa: E402
from training_impacts.quality.runner import Failure, Runner, ValidationReport  # noqa: E402
from training_impacts.warehouse import project_root, read_only, warehouse_path as default_warehouse_path  # noqa: E402

STAGED_EPOCH = "staging.stg_epoch__notable_models"
# the marts the suites read: the per-run results (their distributions) and, with the staged
# Epoch view, the two fact tables (the reconciliation)
MART_TABLES = ("fct_training_run_impacts", "fct_training_runs_excluded")
OPTIONAL_TABLES: tuple[str, ...] = ()


def default_data_docs_dir() -> Path:
    return project_root() / "reports" / "data_docs"


# --- reading ----------------------------------------------------------------------------------

def _dates_as_datetimes(frame: pd.DataFrame) -> pd.DataFrame:
    """DuckDB DATE columns may arrive as Python dates: make them datetime64 so range expectations
    compare like with like."""
    for column in frame.columns:
        if frame[column].dtype == object:
            sample = frame[column].dropna()
            if len(sample) and all(hasattr(v, "isoformat") and hasattr(v, "year") for v in sample.head(20)):
                frame[column] = pd.to_datetime(frame[column], errors="coerce")
    return frame


def _read_warehouse(path: Path, attempts: int = 3) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Every table the suites need, through one brief read-only connection. Returns the frames
    and, for a table that cannot be read, the error."""
    for attempt in range(attempts):
        frames, errors = {}, {}
        try:
            with read_only(path) as connection:
                for table in (*(f"main.{t}" for t in MART_TABLES), STAGED_EPOCH, *(f"main.{t}" for t in OPTIONAL_TABLES)):
                    try:
                        frames[table.split(".", 1)[1]] = connection.execute(f"select * from {table}").df()
                    except duckdb.Error as error:
                        if table.split(".", 1)[1] not in OPTIONAL_TABLES:
                            errors[table.split(".", 1)[1]] = str(error).splitlines()[0]
            return {name: _dates_as_datetimes(frame) for name, frame in frames.items()}, errors
        except duckdb.IOException:  # a build holds the lock, or the file was just replaced
            if attempt == attempts - 1:
                raise
            time.sleep(1 + attempt)
    raise AssertionError("unreachable")


def _epoch_only(frame: pd.DataFrame) -> pd.DataFrame:
    """The Epoch records: the staged Epoch view is what this reconciliation counts against
    (custom jobs, run_source = 'custom', are reconciled by dbt's own test on record_id)."""
    return frame[frame["run_source"] == "epoch"] if "run_source" in frame.columns else frame


def source_row_union(impacts: pd.DataFrame, excluded: pd.DataFrame) -> pd.DataFrame:
    """UNION ALL of the source_row_number of the estimated and the excluded Epoch runs."""
    impacts, excluded = _epoch_only(impacts), _epoch_only(excluded)
    return pd.concat(
        [
            pd.DataFrame({"source_table": "fct_training_run_impacts", "source_row_number": impacts["source_row_number"]}),
            pd.DataFrame({"source_table": "fct_training_runs_excluded", "source_row_number": excluded["source_row_number"]}),
        ],
        ignore_index=True,
    )


def read_epoch_csv(path: Path) -> pd.DataFrame:
    """The raw export as text: every column a string, only empty fields null (Epoch's 'NA' or
    'None' stay text)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")


# --- the entry points -------------------------------------------------------------------------

def _validate_csv_into(runner: Runner, path: Path) -> None:
    path = Path(path)
    try:
        frame = read_epoch_csv(path)
    except (OSError, ValueError, pd.errors.ParserError) as error:
        runner.report.add(Failure(path.name, None, "read_csv", detail=f"error: {error}"))
        return
    columns = epoch_input.resolve_epoch_columns(frame.columns)
    runner.run(path.name, epoch_input.prepare_epoch_frame(frame, columns), epoch_input.epoch_input_suite(columns))


def validate_epoch_csv(path: str | os.PathLike, data_docs_dir: str | os.PathLike | None = None) -> ValidationReport:
    """Suite 1 on a raw Epoch AI notable-models CSV (read with dtype=str)."""
    runner = Runner(Path(data_docs_dir) if data_docs_dir is not None else None)
    _validate_csv_into(runner, Path(path))
    return runner.finish()


def validate_warehouse(
    warehouse_path: str | os.PathLike | None = None,
    data_docs_dir: str | os.PathLike | None = None,
    epoch_csv_path: str | os.PathLike | None = None,
) -> ValidationReport:
    """Suite 1 (on the staged Epoch view's text columns, and on `epoch_csv_path` if given), 2 (the
    per-run distributions) and 3 (the reconciliation) on the warehouse file; Data Docs into
    `data_docs_dir` (default reports/data_docs/)."""
    path = Path(warehouse_path) if warehouse_path else default_warehouse_path()
    runner = Runner(Path(data_docs_dir) if data_docs_dir is not None else default_data_docs_dir())
    frames, errors = _read_warehouse(path)
    for table, error in errors.items():
        runner.report.add(Failure(table, None, "read_table", detail=f"error: {error}"))

    def run_if_read(table: str, build: Callable[[], gx.ExpectationSuite], frame: pd.DataFrame | None = None) -> None:
        if table in frames:
            runner.run(table, frame if frame is not None else frames[table], build())

    if "stg_epoch__notable_models" in frames:
        staged = epoch_input.STAGED_EPOCH_COLUMNS
        runner.run(
            "stg_epoch__notable_models",
            epoch_input.prepare_epoch_frame(frames["stg_epoch__notable_models"], staged),
            epoch_input.epoch_input_suite(staged, name="stg_epoch__notable_models"),
        )
    if epoch_csv_path:
        _validate_csv_into(runner, Path(epoch_csv_path))
    run_if_read("fct_training_run_impacts", suites.run_distribution_suite)
    if {"fct_training_run_impacts", "fct_training_runs_excluded", "stg_epoch__notable_models"} <= frames.keys():
        runner.run(
            suites.RECONCILIATION_TABLE,
            source_row_union(frames["fct_training_run_impacts"], frames["fct_training_runs_excluded"]),
            suites.reconciliation_suite(len(frames["stg_epoch__notable_models"])),
        )
    return runner.finish()


def summary(report: ValidationReport) -> str:
    rows = sum(report.row_counts.values())
    status = "passed" if report.success else "FAILED"
    lines = [
        f"data quality {status}: {report.expectations_evaluated} expectations on "
        f"{len(report.row_counts)} tables ({rows:,} rows); "
        f"{len(report.failures)} failure(s), {len(report.warnings)} warning(s)"
    ]
    lines += [f"  - {failure.line()}" for failure in report.failures + report.warnings]
    if report.data_docs_index:
        lines.append(f"  Data Docs: {report.data_docs_index}")
        if report.data_docs_offline:
            lines.append(f"  {report.data_docs_offline}")
    return "\n".join(lines)


def run_validate(
    warehouse_path: str | os.PathLike | None = None,
    data_docs_dir: str | os.PathLike | None = None,
    epoch_csv: str | os.PathLike | None = None,
) -> int:
    """For the command line: validate, print a summary, return 0 (passed) or 1 (failed)."""
    try:
        report = validate_warehouse(warehouse_path, data_docs_dir, epoch_csv)
    except FileNotFoundError as error:
        print(f"data quality: {error}")
        return 1
    print(summary(report))
    return 0 if report.success else 1
