"""The machinery that runs a suite: an ephemeral great-expectations context (in-memory stores, no
analytics, no progress bars, optionally one Data Docs site), the failures of a validation result
as plain records, and the report `validate.py` returns.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
import pandas as pd  # noqa: E402
from great_expectations.data_context.types.base import (  # noqa: E402
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)

from training_impacts.quality.offline_docs import make_offline  # noqa: E402
from training_impacts.quality.severity import CRITICAL  # noqa: E402

DATA_DOCS_SITE = "training_impacts"
EXAMPLES = 3  # unexpected values quoted per failure


# --- the report -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Failure:
    """One expectation that did not hold (or could not be evaluated)."""

    table: str
    column: str | None
    expectation_type: str
    severity: str = CRITICAL
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
        tag = "" if self.severity == CRITICAL else f" [{self.severity}]"
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
        (self.failures if failure.severity == CRITICAL else self.warnings).append(failure)

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
        observed = details.get("observed_value")
        observed = observed.item() if hasattr(observed, "item") else observed  # a numpy scalar, as a number
        if config.type == "expect_column_to_exist":
            detail = "column not found"
        elif not message and "unexpected_count" not in details:
            kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id", "column")}
            detail = f"observed {observed!r}, expected {kwargs}"
        failures.append(Failure(
            table=table,
            column=config.kwargs.get("column"),
            expectation_type=config.type,
            severity=getattr(config.severity, "value", str(config.severity)),
            unexpected_count=details.get("unexpected_count"),
            unexpected_examples=_examples(details.get("partial_unexpected_list")),
            observed_value=observed,
            detail=detail,
        ))
    # A missing column is one failure (expect_column_to_exist), not one per expectation on it.
    missing = {f.column for f in failures if f.expectation_type == "expect_column_to_exist"}
    return [
        f for f in failures
        if f.expectation_type == "expect_column_to_exist" or f.column not in missing or not f.detail
    ]


class Runner:
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
