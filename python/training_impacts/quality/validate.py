"""Run the expectation suites of `suites.py` against the warehouse (or a raw Epoch CSV), build
great-expectations Data Docs, and summarise the result.

The tables are read through one short read-only DuckDB connection into pandas, the connection is
closed, and the DataFrames are validated with GX's pandas datasource (its SQL datasource fails
on DuckDB). GX runs in an ephemeral context: nothing is written but the Data Docs site, analytics
are off, and nothing is fetched from the network.

Public API:
    validate_warehouse(warehouse_path=None, data_docs_dir=None, epoch_csv_path=None) -> ValidationReport
    validate_epoch_csv(path, data_docs_dir=None) -> ValidationReport
    format_failures(report, include_warnings=False) -> str
    run_validate(warehouse_path=None, data_docs_dir=None, epoch_csv=None) -> int   (0 ok, 1 failed)
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import duckdb  # noqa: E402
import great_expectations as gx  # noqa: E402
import pandas as pd  # noqa: E402
from great_expectations.data_context.types.base import (  # noqa: E402
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)

from training_impacts.quality import suites  # noqa: E402
from training_impacts.quality.offline_docs import make_offline  # noqa: E402
from training_impacts.warehouse import project_root, read_only, warehouse_path as default_warehouse_path  # noqa: E402

DATA_DOCS_SITE = "training_impacts"
EXAMPLES = 3  # unexpected values quoted per failure
STAGED_EPOCH = "staging.stg_epoch__notable_models"
MART_TABLES = ("dim_gpu_cards", "fct_training_run_impacts", "fct_training_runs_excluded", "agg_impacts_by_year")
# Read where present, never a failure when absent (a warehouse built before it existed): the
# catalogue of every vendor's accelerators, whose ids the runs' gpu_card_id must be among.
OPTIONAL_TABLES = ("dim_accelerators",)


def default_data_docs_dir() -> Path:
    return project_root() / "reports" / "data_docs"


# --- the report -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Failure:
    """One expectation that did not hold (or could not be evaluated)."""

    table: str
    column: str | None
    expectation_type: str
    severity: str = suites.CRITICAL
    unexpected_count: int | None = None
    unexpected_examples: tuple = ()
    observed_value: Any = None
    detail: str | None = None  # an exception message, or what was expected

    def line(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        if self.detail:
            what = self.detail
        elif self.unexpected_count is not None:
            what = f"{self.unexpected_count} unexpected, e.g. {list(self.unexpected_examples)!r}"
        else:
            what = f"observed {self.observed_value!r}"
        tag = "" if self.severity == suites.CRITICAL else f" [{self.severity}]"
        return f"{where}: {self.expectation_type} ({what}){tag}"


@dataclass
class ValidationReport:
    """What a validation found. `success` is False when a critical expectation failed; warnings
    are listed but never fail a report."""

    failures: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)
    expectations_evaluated: int = 0
    data_docs_index: Path | None = None
    data_docs_offline: str = ""  # whether the pages read offline (offline_docs.make_offline)
    results: list = field(default_factory=list)  # GX ExpectationSuiteValidationResult objects

    @property
    def success(self) -> bool:
        return not self.failures

    def add(self, failure: Failure) -> None:
        (self.failures if failure.severity == suites.CRITICAL else self.warnings).append(failure)

    def merge(self, other: ValidationReport) -> None:
        self.failures += other.failures
        self.warnings += other.warnings
        self.row_counts.update(other.row_counts)
        self.expectations_evaluated += other.expectations_evaluated
        self.results += other.results


def format_failures(report: ValidationReport, include_warnings: bool = False) -> str:
    """One line per failure: "table.column: expectation_type (N unexpected, e.g. [...])"."""
    found = report.failures + (report.warnings if include_warnings else [])
    return "\n".join(failure.line() for failure in found)


# --- running suites with GX -------------------------------------------------------------------

def _context(data_docs_dir: Path | None):
    """An ephemeral GX context: in-memory stores, no analytics, no progress bars, and (optionally)
    one Data Docs site in `data_docs_dir`."""
    sites = {}
    if data_docs_dir is not None:
        sites[DATA_DOCS_SITE] = {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(data_docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        data_docs_sites=sites,
    )
    return gx.get_context(project_config=config, mode="ephemeral")


def _exception_message(exception_info: Any) -> str | None:
    if not exception_info:
        return None
    if "raised_exception" in exception_info:
        infos = [exception_info]
    else:  # one entry per metric that failed to compute
        infos = [info for info in exception_info.values() if isinstance(info, dict)]
    for info in infos:
        if info.get("raised_exception"):
            message = str(info.get("exception_message") or "exception").strip()
            return message.replace("Error: ", "", 1).splitlines()[0]
    return None


def _examples(values: Iterable[Any]) -> tuple:
    seen = []
    for value in values or ():
        if isinstance(value, pd.Timestamp):
            value = value.date().isoformat() if value == value.normalize() else value.isoformat()
        if value not in seen:
            seen.append(value)
        if len(seen) == EXAMPLES:
            break
    return tuple(seen)


def _failures(table: str, validation_result) -> list[Failure]:
    failures = []
    for result in validation_result.results:
        if result.success:
            continue
        config = result.expectation_config
        details = result.result or {}
        message = _exception_message(result.exception_info)
        detail = f"error: {message}" if message else None
        if config.type == "expect_column_to_exist":
            detail = "column not found"
        elif not message and "unexpected_count" not in details:
            kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id", "column")}
            detail = f"observed {details.get('observed_value')!r}, expected {kwargs}"
        failures.append(Failure(
            table=table,
            column=config.kwargs.get("column"),
            expectation_type=config.type,
            severity=getattr(config.severity, "value", str(config.severity)),
            unexpected_count=details.get("unexpected_count"),
            unexpected_examples=_examples(details.get("partial_unexpected_list")),
            observed_value=details.get("observed_value"),
            detail=detail,
        ))
    # A missing column is one failure (expect_column_to_exist), not one per expectation on it.
    missing = {f.column for f in failures if f.expectation_type == "expect_column_to_exist"}
    return [
        f for f in failures
        if f.expectation_type == "expect_column_to_exist" or f.column not in missing or not f.detail
    ]


class _Runner:
    """Validates DataFrames against suites in one ephemeral context, then builds Data Docs."""

    def __init__(self, data_docs_dir: Path | None) -> None:
        self.data_docs_dir = Path(data_docs_dir) if data_docs_dir is not None else None
        self.context = _context(self.data_docs_dir)
        self.datasource = self.context.data_sources.add_pandas("training_impacts")
        self.report = ValidationReport()

    def run(self, table: str, frame: pd.DataFrame, suite: gx.ExpectationSuite) -> None:
        batch = self.datasource.add_dataframe_asset(table).add_batch_definition_whole_dataframe("all")
        suite = self.context.suites.add(suite)
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{suite.name}:{table}", data=batch, suite=suite)
        )
        result = definition.run(batch_parameters={"dataframe": frame}, result_format="SUMMARY")
        self.report.results.append(result)
        self.report.row_counts[table] = len(frame)
        self.report.expectations_evaluated += len(result.results)
        for failure in _failures(table, result):
            self.report.add(failure)

    def finish(self) -> ValidationReport:
        if self.data_docs_dir is not None:
            self.data_docs_dir.mkdir(parents=True, exist_ok=True)
            if (self.data_docs_dir / "index.html").is_file():
                # The context is ephemeral: pages of earlier runs would be orphans of the index.
                for stale in ("validations", "expectations"):
                    shutil.rmtree(self.data_docs_dir / stale, ignore_errors=True)
            self.context.build_data_docs(site_names=[DATA_DOCS_SITE])
            self.report.data_docs_index = self.data_docs_dir / "index.html"
            self.report.data_docs_offline = make_offline(self.data_docs_dir)
        return self.report


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

def _validate_csv_into(runner: _Runner, path: Path) -> None:
    path = Path(path)
    try:
        frame = read_epoch_csv(path)
    except (OSError, ValueError, pd.errors.ParserError) as error:
        runner.report.add(Failure(path.name, None, "read_csv", detail=f"error: {error}"))
        return
    columns = suites.resolve_epoch_columns(frame.columns)
    runner.run(path.name, suites.prepare_epoch_frame(frame, columns), suites.epoch_input_suite(columns))


def validate_epoch_csv(path: str | os.PathLike, data_docs_dir: str | os.PathLike | None = None) -> ValidationReport:
    """Suite 1 on a raw Epoch AI notable-models CSV (read with dtype=str)."""
    runner = _Runner(Path(data_docs_dir) if data_docs_dir is not None else None)
    _validate_csv_into(runner, Path(path))
    return runner.finish()


def validate_warehouse(
    warehouse_path: str | os.PathLike | None = None,
    data_docs_dir: str | os.PathLike | None = None,
    epoch_csv_path: str | os.PathLike | None = None,
) -> ValidationReport:
    """Suites 1 (on the staged Epoch view's text columns, and on `epoch_csv_path` if given), 2 and
    3 on the warehouse file; Data Docs into `data_docs_dir` (default reports/data_docs/)."""
    path = Path(warehouse_path) if warehouse_path else default_warehouse_path()
    runner = _Runner(Path(data_docs_dir) if data_docs_dir is not None else default_data_docs_dir())
    frames, errors = _read_warehouse(path)
    for table, error in errors.items():
        runner.report.add(Failure(table, None, "read_table", detail=f"error: {error}"))

    def run_if_read(table: str, build: Callable[[], gx.ExpectationSuite], frame: pd.DataFrame | None = None) -> None:
        if table in frames:
            runner.run(table, frame if frame is not None else frames[table], build())

    if "stg_epoch__notable_models" in frames:
        staged = suites.STAGED_EPOCH_COLUMNS
        runner.run(
            "stg_epoch__notable_models",
            suites.prepare_epoch_frame(frames["stg_epoch__notable_models"], staged),
            suites.epoch_input_suite(staged, name="stg_epoch__notable_models"),
        )
    if epoch_csv_path:
        _validate_csv_into(runner, Path(epoch_csv_path))
    run_if_read("dim_gpu_cards", suites.gpu_catalogue_suite)
    if "dim_accelerators" in frames:   # TPUs and other vendors' chips too
        card_ids = frames["dim_accelerators"]["accelerator_id"].dropna().tolist()
    else:
        card_ids = frames["dim_gpu_cards"]["gpu_card_id"].dropna().tolist() if "dim_gpu_cards" in frames else None
    run_if_read("fct_training_run_impacts", lambda: suites.training_run_impacts_suite(card_ids))
    run_if_read("fct_training_runs_excluded", suites.training_runs_excluded_suite)
    run_if_read("agg_impacts_by_year", suites.impacts_by_year_suite)
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
