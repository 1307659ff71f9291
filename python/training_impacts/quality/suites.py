"""The great-expectations suites of the warehouse's tables, as code: one function per suite (the raw
Epoch input's suite is epoch_input.py; severities, severity.py).

They check what dbt cannot, and nothing dbt already does: the marts' keys, nulls and ranges are
dbt tests and enforced constraints, checked as each build writes the rows, so they are not
repeated here. What is left for great-expectations is the raw file's shape (epoch_input.py), the
distributions of the per-run results (`run_distribution_suite`: a PUE or factor rule that went
wrong moves a whole distribution while every row stays in range), and the reconciliation across
tables of a warehouse as a reader opens it (`reconciliation_suite`).

Suites are validated against pandas DataFrames: GX's SQL datasource over DuckDB fails on every
expectation (great-expectations 1.24, duckdb 1.5). `validate.py` reads the tables and runs them.
"""

from __future__ import annotations

import os

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
import great_expectations.expectations as gxe  # noqa: E402

from training_impacts.quality.severity import CRITICAL, WARNING  # noqa: E402,F401

# --- distributions of the per-run results -------------------------------------------------------

# The method's PUEs lie between 1.1 (a hyperscaler's) and 1.75 (the paper's 2010 value), so the
# mean over runs does too; a mean outside [1, 2] means the PUE rule broke.
PUE_MEAN_RANGE = (1.0, 2.0)
# ADPe of production dwarfs that of electricity under BoaviztAPI's factors (the median run's
# embodied share is 99.3 % on Epoch's 2025-11 snapshot and on the sample, best estimate): a median
# below one half hints at changed factors.
MIN_MEDIAN_ADPE_EMBODIED_SHARE = 0.5
# GWP's embodied share of the median run: 26 % on the snapshot, 27 % on the sample; outside 2-80 %
# the lifetime, utilisation or grid factors are likely off.
MEDIAN_GWP_EMBODIED_SHARE_RANGE = (0.02, 0.8)
MAX_PLAUSIBLE_ENERGY_KWH = 1e9  # 1 TWh for one run


def run_distribution_suite(name: str = "fct_training_run_impacts") -> gx.ExpectationSuite:
    """Suite 2: the distributions of main.fct_training_run_impacts (its rows' ranges are dbt's)."""
    suite = gx.ExpectationSuite(name=name)
    add = suite.add_expectation
    add(gxe.ExpectColumnMeanToBeBetween(
        column="pue", min_value=PUE_MEAN_RANGE[0], max_value=PUE_MEAN_RANGE[1],
        notes="The PUE rules give 1.1 to 1.75 (docs/method.md section 4).",
    ))
    add(gxe.ExpectColumnMedianToBeBetween(
        column="adpe_embodied_share", min_value=MIN_MEDIAN_ADPE_EMBODIED_SHARE, max_value=1, severity=WARNING,
        notes="Production dominates ADPe under BoaviztAPI's factors (median run 99.3 % on Epoch's 2025-11 snapshot).",
    ))
    add(gxe.ExpectColumnMedianToBeBetween(
        column="gwp_embodied_share", min_value=MEDIAN_GWP_EMBODIED_SHARE_RANGE[0],
        max_value=MEDIAN_GWP_EMBODIED_SHARE_RANGE[1], severity=WARNING,
        notes="The median run's embodied share of GWP is 26 % on Epoch's 2025-11 snapshot.",
    ))
    add(gxe.ExpectColumnValuesToBeBetween(
        column="energy_kwh", max_value=MAX_PLAUSIBLE_ENERGY_KWH, severity=WARNING,
        notes="Plausibility: one run using more than 1 TWh.",
    ))
    return suite


# --- across tables ---------------------------------------------------------------------------------

RECONCILIATION_TABLE = "fct_training_run_impacts+fct_training_runs_excluded"


def reconciliation_suite(staged_row_count: int, name: str = "source_row_reconciliation") -> gx.ExpectationSuite:
    """Suite 3: every staged Epoch record is in exactly one of the two fact tables. Validate a
    frame of the union (UNION ALL) of both tables' `source_row_number` (see
    `validate.source_row_union`): unique, and as many rows as the staged view."""
    suite = gx.ExpectationSuite(name=name)
    add = suite.add_expectation
    add(gxe.ExpectColumnValuesToNotBeNull(column="source_row_number"))
    add(gxe.ExpectColumnValuesToBeUnique(
        column="source_row_number", notes="A record is either estimated or excluded, never both.",
    ))
    add(gxe.ExpectTableRowCountToEqual(
        value=int(staged_row_count),
        notes="Estimated + excluded = staged records: no record silently dropped.",
    ))
    return suite


