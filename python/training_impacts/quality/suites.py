"""The great-expectations suites of the warehouse's tables, as code: one function per suite (the raw
Epoch input's suite is epoch_input.py; severities, severity.py).

Suites are validated against pandas DataFrames: GX's SQL datasource over DuckDB fails on every
expectation (great-expectations 1.24, duckdb 1.5). `validate.py` reads the tables and runs them.
`mostly` is left at 1.0: one bad value fails an expectation.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
import great_expectations.expectations as gxe  # noqa: E402

from training_impacts.quality.severity import CRITICAL, WARNING  # noqa: E402,F401

# --- GPU catalogue ----------------------------------------------------------------------------

GPU_SEGMENTS = ("data_centre", "workstation", "consumer")
GPU_FORM_FACTORS = ("PCIe", "SXM", "MXM", "superchip", "system", "other")


def gpu_catalogue_suite(name: str = "dim_gpu_cards") -> gx.ExpectationSuite:
    """Suite 2: main.dim_gpu_cards, the card catalogue with per-card embodied impacts."""
    suite = gx.ExpectationSuite(name=name)
    add = suite.add_expectation
    add(gxe.ExpectTableRowCountToBeBetween(min_value=1))
    for column in ("gpu_card_id", "card_name"):
        add(gxe.ExpectColumnValuesToNotBeNull(column=column))
        add(gxe.ExpectColumnValuesToBeUnique(column=column))
    # Used by the method (embodied impacts, power, peak FLOP/s): present on every card.
    for column in ("release_date", "segment", "die_area_mm2", "process_node_nm", "tdp_w", "fp32_flops"):
        add(gxe.ExpectColumnValuesToNotBeNull(column=column))
    add(gxe.ExpectColumnValuesToBeBetween(column="die_area_mm2", min_value=20, max_value=2000))
    add(gxe.ExpectColumnValuesToBeBetween(column="tdp_w", min_value=10, max_value=2000))
    add(gxe.ExpectColumnValuesToBeBetween(column="memory_gb", min_value=0.25, max_value=300))
    add(gxe.ExpectColumnValuesToBeBetween(column="process_node_nm", min_value=3, max_value=90))
    add(gxe.ExpectColumnValuesToBeBetween(
        column="release_date", min_value=datetime(2006, 1, 1), max_value=datetime(2026, 12, 31),
    ))
    add(gxe.ExpectColumnValuesToBeInSet(column="segment", value_set=list(GPU_SEGMENTS)))
    add(gxe.ExpectColumnValuesToBeBetween(column="fp32_flops", min_value=0, strict_min=True))
    for column in ("gwp_embodied_kgco2e", "adpe_embodied_kgsbeq", "pe_embodied_mj"):
        add(gxe.ExpectColumnValuesToNotBeNull(column=column))
        add(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0))
    add(gxe.ExpectColumnValuesToBeInSet(
        column="form_factor", value_set=list(GPU_FORM_FACTORS), severity=WARNING,
        notes="A new form factor is possible; check that the server model covers it.",
    ))
    return suite


# --- marts ------------------------------------------------------------------------------------

INDICATORS = (("gwp", "kgco2e"), ("adpe", "kgsbeq"), ("pe", "mj"))
IMPACT_COLUMNS = tuple(
    f"{indicator}_{phase}_{unit}" for indicator, unit in INDICATORS for phase in ("use", "embodied", "total")
)
SHARE_COLUMNS = tuple(f"{indicator}_embodied_share" for indicator, _ in INDICATORS)
MAX_PLAUSIBLE_ENERGY_KWH = 1e9  # 1 TWh for one run


def training_run_impacts_suite(
    gpu_card_ids: Iterable[str] | None = None, name: str = "fct_training_run_impacts"
) -> gx.ExpectationSuite:
    """Suite 3a: main.fct_training_run_impacts. With `gpu_card_ids` (the catalogue's keys) every
    run's card must be in the catalogue."""
    suite = gx.ExpectationSuite(name=name)
    add = suite.add_expectation
    add(gxe.ExpectColumnValuesToNotBeNull(column="model_id"))
    add(gxe.ExpectColumnValuesToBeUnique(column="model_id"))
    for column in ("source_row_number", "publication_date", "gpu_card_id"):
        add(gxe.ExpectColumnValuesToNotBeNull(column=column))
    if gpu_card_ids is not None:
        add(gxe.ExpectColumnValuesToBeInSet(
            column="gpu_card_id", value_set=sorted(set(gpu_card_ids)),
            notes="Every estimated run names an accelerator of the catalogue (dim_accelerators).",
        ))
    for column in ("gpu_hours", "energy_kwh", *IMPACT_COLUMNS):
        add(gxe.ExpectColumnValuesToNotBeNull(column=column))
        add(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0))
    for column in SHARE_COLUMNS:
        add(gxe.ExpectColumnValuesToNotBeNull(column=column))
        add(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0, max_value=1))
    add(gxe.ExpectColumnValuesToNotBeNull(column="pue"))
    add(gxe.ExpectColumnValuesToBeBetween(column="pue", min_value=1, max_value=3))
    add(gxe.ExpectColumnValuesToBeBetween(
        column="energy_kwh", max_value=MAX_PLAUSIBLE_ENERGY_KWH, severity=WARNING,
        notes="Plausibility: one run using more than 1 TWh.",
    ))
    return suite


def training_runs_excluded_suite(name: str = "fct_training_runs_excluded") -> gx.ExpectationSuite:
    """Suite 3b: main.fct_training_runs_excluded, one row per record the method cannot estimate."""
    suite = gx.ExpectationSuite(name=name)
    add = suite.add_expectation
    for column in ("model_id", "source_row_number", "exclusion_reason"):
        add(gxe.ExpectColumnValuesToNotBeNull(column=column))
    add(gxe.ExpectColumnValuesToBeUnique(column="model_id"))
    add(gxe.ExpectColumnValuesToNotBeNull(
        column="exclusion_detail", severity=WARNING, notes="Every exclusion should say what was wrong.",
    ))
    return suite


def impacts_by_year_suite(name: str = "agg_impacts_by_year") -> gx.ExpectationSuite:
    """Suite 3c: main.agg_impacts_by_year."""
    suite = gx.ExpectationSuite(name=name)
    add = suite.add_expectation
    # one row per method profile, scope and year (the scopes nest, so a year repeats once per
    # scope, and once per profile the build estimates Epoch's runs under)
    key = ["method_profile", "analysis_scope", "publication_year"]
    for column in key:
        add(gxe.ExpectColumnValuesToNotBeNull(column=column))
    add(gxe.ExpectCompoundColumnsToBeUnique(column_list=key))
    for column in ("estimated_run_count", "excluded_run_count"):
        add(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0))
    for column in ("total_gpu_hours", "total_energy_kwh", *(f"total_{c}" for c in IMPACT_COLUMNS)):
        add(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0))
    for column in SHARE_COLUMNS:
        add(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0, max_value=1))
    return suite


RECONCILIATION_TABLE = "fct_training_run_impacts+fct_training_runs_excluded"


def reconciliation_suite(staged_row_count: int, name: str = "source_row_reconciliation") -> gx.ExpectationSuite:
    """Suite 3d: every staged Epoch record is in exactly one of the two fact tables. Validate a
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


