"""Data-quality expectation suites (great-expectations) for the raw Epoch input and the marts.

    from training_impacts.quality import validate_warehouse, validate_epoch_csv, format_failures

`suites.py` defines the suites as code, `validate.py` runs them on pandas DataFrames read through
a brief read-only DuckDB connection, builds Data Docs and summarises the result.
"""

import os

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # before great_expectations is imported

from training_impacts.quality.validate import (  # noqa: E402
    Failure,
    ValidationReport,
    default_data_docs_dir,
    format_failures,
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
