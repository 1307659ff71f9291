"""Data-quality expectation suites (great-expectations) for the raw Epoch input and the marts.

    from training_impacts.quality import validate_warehouse, validate_epoch_csv, format_failures

The suites are code: `epoch_input.py` (the raw Epoch input, a CSV or the staged view) and
`suites.py` (the catalogue, the marts, the reconciliation), with the severities of `severity.py`.
`validate.py` reads the tables through a brief read-only DuckDB connection and runs the suites on
pandas DataFrames with `runner.py` (an ephemeral GX context, the failures, the report), builds
Data Docs (`offline_docs.py` makes them read offline) and summarises the result.
"""

import os

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # before great_expectations is imported

from training_impacts.quality.runner import Failure, ValidationReport, format_failures  # noqa: E402
from training_impacts.quality.validate import (  # noqa: E402
    default_data_docs_dir,
    run_validate,
    summary,
    validate_epoch_csv,
    validate_warehouse,
)

__all__ = [
    "Failure",
    "ValidationReport",
    "default_data_docs_dir",
    "format_failures",
    "run_validate",
    "summary",
    "validate_epoch_csv",
    "validate_warehouse",
]
