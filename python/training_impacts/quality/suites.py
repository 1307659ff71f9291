"""The great-expectations suites of the warehouse, as code: one function per suite.

Suites are validated against pandas DataFrames (GX's SQL datasource over DuckDB fails on every
expectation, see ../shared/CONVENTIONS.md); `validate.py` reads the tables and runs them.

Severity. Every expectation carries GX's own `severity`:

- "critical" (the default): the data is wrong or the input is not what the method reads. A
  report with any failing critical expectation fails (`ValidationReport.success` is False, the
  command exits 1).
- "warning": unusual but possible, or already handled by the pipeline with an exclusion row
  (e.g. a record without a model name). Reported, never fails a run.

`mostly` is used only for the completeness warnings of the raw input (how many records give a
value at all). Note that for every column-map expectation except the not-null ones GX ignores
nulls: "where present" is the default, and `mostly` counts only non-null values. The hard
expectations leave `mostly` at 1.0: one bad value fails them.

Raw Epoch input. The suite works on the text of the columns (CSV read with dtype=str, or the
`*_text` columns of the staged view) plus derived columns holding the parsed value,
`"<column> [number]"` and `"<column> [date]"` (see `prepare_epoch_frame`): the text must parse
(regex / strftime), and the parsed value must be in range. Decided on Epoch's 2025-11 snapshot
(952 records, all of which pass the critical expectations):

- critical: the required columns exist (each under any header variant the dbt staging model
  accepts, see macros/epoch_columns.sql); at least one record; compute, hours and quantity are
  numbers where present (a non-number is a format change, e.g. units or thousands separators,
  that would silently exclude runs) and strictly positive; a publication date where present
  parses as YYYY-MM-DD and lies between 1950-01-01 and today.
- warning: missing model name or publication date (the pipeline excludes such records with a
  reason); compute above 1e28 FLOP, training time above three years, more than a million chips
  (plausibility); completeness: compute for fewer than 30 % of records, hardware for fewer than
  20 % (the snapshot has 54 % and 37 %; a drop hints at a renamed or emptied column).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
import great_expectations.expectations as gxe  # noqa: E402
import pandas as pd  # noqa: E402

from training_impacts.epoch_columns import EPOCH_COLUMN_VARIANTS, EPOCH_COLUMNS  # noqa: E402

CRITICAL = "critical"
WARNING = "warning"

# --- raw Epoch input --------------------------------------------------------------------------

# The columns the raw suite checks: the required ones of macros/epoch_column_variants.csv (the list
# the dbt staging model reads too), by their staged names, with the headers each has had
# (EPOCH_COLUMN_VARIANTS), the staged column of their trimmed text ('' as null) in
# staging.stg_epoch__notable_models, and which are numbers and dates.
_REQUIRED = [column for column in EPOCH_COLUMNS if column.required]
STAGED_EPOCH_COLUMNS: dict[str, str] = {column.name: column.staged_text_column for column in _REQUIRED}
NUMERIC_FIELDS = tuple(column.name for column in _REQUIRED if column.value_type == "number")
DATE_FIELDS = tuple(column.name for column in _REQUIRED if column.value_type == "date")

# A decimal number as Epoch writes it: 96, 96.0, .5, 2.731968e+17 (surrounding blanks are trimmed
# before matching, as the staging model trims them).
NUMBER_REGEX = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"
DATE_FORMAT = "%Y-%m-%d"
EARLIEST_PUBLICATION = datetime(1950, 1, 1)

# Plausibility bounds (warnings only).
MAX_PLAUSIBLE_COMPUTE_FLOP = 1e28
MAX_PLAUSIBLE_TRAINING_HOURS = 3 * 365 * 24
MAX_PLAUSIBLE_HARDWARE_QUANTITY = 1_000_000


def number_column(column: str) -> str:
    """The derived column holding the parsed number of a text column."""
    return f"{column} [number]"


def date_column(column: str) -> str:
    """The derived column holding the parsed date of a text column."""
    return f"{column} [date]"


def _header_key(header: str) -> str:
    return str(header).replace("\ufeff", "").strip().lower()


def resolve_epoch_columns(headers: Iterable[str]) -> dict[str, str]:
    """Map each field of EPOCH_COLUMN_VARIANTS to the header this file uses for it; a field with
    no matching header maps to its canonical name (so `expect_column_to_exist` fails naming it)."""
    by_key = {_header_key(header): header for header in headers}
    resolved = {}
    for field, variants in EPOCH_COLUMN_VARIANTS.items():
        found = [by_key[_header_key(v)] for v in variants if _header_key(v) in by_key]
        resolved[field] = found[0] if found else variants[0]
    return resolved


def _clean_text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _parse_date(text: str | None) -> datetime | None:
    # Not pd.to_datetime: nanosecond timestamps end in 2262, and a later date would become null.
    try:
        return datetime.strptime(text, DATE_FORMAT) if text else None
    except ValueError:
        return None


def prepare_epoch_frame(frame: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """The frame the raw suite validates: the checked text columns trimmed with blanks as null
    (the staging model's rule), plus `[number]` / `[date]` columns with the parsed values (null
    where the text does not parse: the regex / strftime expectations report those)."""
    frame = frame.copy()
    frame.columns = [str(c).replace("\ufeff", "").strip() for c in frame.columns]
    for field, column in columns.items():
        if column not in frame.columns:
            continue
        frame[column] = frame[column].map(_clean_text).astype(object)
        if field in NUMERIC_FIELDS:
            parses = frame[column].map(lambda v: v is not None and re.match(NUMBER_REGEX, v) is not None)
            frame[number_column(column)] = pd.to_numeric(frame[column].where(parses), errors="coerce").astype("float64")
        if field in DATE_FIELDS:
            frame[date_column(column)] = pd.Series(
                [_parse_date(v) for v in frame[column]], index=frame.index, dtype="datetime64[s]"
            )
    # A missing column is reported once, by expect_column_to_exist: its parsed column is all null.
    for field in NUMERIC_FIELDS:
        if number_column(columns[field]) not in frame.columns:
            frame[number_column(columns[field])] = pd.Series(float("nan"), index=frame.index, dtype="float64")
    for field in DATE_FIELDS:
        if date_column(columns[field]) not in frame.columns:
            frame[date_column(columns[field])] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[s]")
    return frame


def epoch_input_suite(
    columns: Mapping[str, str] | None = None,
    name: str = "epoch_input",
    today: date | None = None,
) -> gx.ExpectationSuite:
    """Suite 1: Epoch AI's notable-models export (raw CSV, or the staged view's text columns with
    `columns=STAGED_EPOCH_COLUMNS`). Validate the output of `prepare_epoch_frame`."""
    col = dict(columns or {field: variants[0] for field, variants in EPOCH_COLUMN_VARIANTS.items()})
    today = today or date.today()
    latest = datetime(today.year, today.month, today.day)
    suite = gx.ExpectationSuite(name=name, meta={"notes": "Raw Epoch AI input; see training_impacts/quality/suites.py"})
    add = suite.add_expectation

    add(gxe.ExpectTableRowCountToBeBetween(min_value=1, notes="An export without records is not an export."))
    for field, column in col.items():
        variants = EPOCH_COLUMN_VARIANTS[field]
        add(gxe.ExpectColumnToExist(
            column=column,
            notes=f"Required by the method; accepted headers: {', '.join(repr(v) for v in variants)}.",
        ))

    for field in NUMERIC_FIELDS:
        column = col[field]
        add(gxe.ExpectColumnValuesToMatchRegex(
            column=column, regex=NUMBER_REGEX,
            notes="Where present the value must be a plain decimal number (types parse).",
        ))
        add(gxe.ExpectColumnValuesToBeBetween(
            column=number_column(column), min_value=0, strict_min=True,
            notes="Where present the value must be strictly positive.",
        ))
    add(gxe.ExpectColumnValuesToBeBetween(
        column=number_column(col["training_compute_flop"]), max_value=MAX_PLAUSIBLE_COMPUTE_FLOP,
        severity=WARNING, notes="Plausibility: more compute than any run so far by two orders of magnitude.",
    ))
    add(gxe.ExpectColumnValuesToBeBetween(
        column=number_column(col["training_time_hours"]), max_value=MAX_PLAUSIBLE_TRAINING_HOURS,
        severity=WARNING, notes="Plausibility: a training run longer than three years.",
    ))
    add(gxe.ExpectColumnValuesToBeBetween(
        column=number_column(col["hardware_quantity"]), max_value=MAX_PLAUSIBLE_HARDWARE_QUANTITY,
        severity=WARNING, notes="Plausibility: more than a million chips.",
    ))

    publication = col["publication_date"]
    add(gxe.ExpectColumnValuesToMatchStrftimeFormat(
        column=publication, strftime_format=DATE_FORMAT,
        notes="Where present the publication date must parse as YYYY-MM-DD.",
    ))
    add(gxe.ExpectColumnValuesToBeBetween(
        column=date_column(publication), min_value=EARLIEST_PUBLICATION, max_value=latest,
        notes="Publication dates between 1950-01-01 and the day of validation.",
    ))

    add(gxe.ExpectColumnValuesToNotBeNull(
        column=col["model_name"], severity=WARNING,
        notes="A record without a model name is excluded downstream (no_model_name).",
    ))
    add(gxe.ExpectColumnValuesToNotBeNull(
        column=publication, severity=WARNING,
        notes="A record without a publication date is excluded downstream (invalid_publication_date).",
    ))
    add(gxe.ExpectColumnValuesToNotBeNull(
        column=col["training_compute_flop"], mostly=0.3, severity=WARNING,
        notes="Completeness: the 2025-11 snapshot gives compute for 54 % of its records.",
    ))
    add(gxe.ExpectColumnValuesToNotBeNull(
        column=col["training_hardware"], mostly=0.2, severity=WARNING,
        notes="Completeness: the 2025-11 snapshot names the hardware for 37 % of its records.",
    ))
    return suite


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
    add(gxe.ExpectColumnValuesToNotBeNull(column="model_id"))
    add(gxe.ExpectColumnValuesToBeUnique(column="model_id"))
    add(gxe.ExpectColumnValuesToNotBeNull(column="source_row_number"))
    add(gxe.ExpectColumnValuesToNotBeNull(column="exclusion_reason"))
    add(gxe.ExpectColumnValuesToNotBeNull(
        column="exclusion_detail", severity=WARNING, notes="Every exclusion should say what was wrong.",
    ))
    return suite


def impacts_by_year_suite(name: str = "agg_impacts_by_year") -> gx.ExpectationSuite:
    """Suite 3c: main.agg_impacts_by_year."""
    suite = gx.ExpectationSuite(name=name)
    add = suite.add_expectation
    add(gxe.ExpectColumnValuesToNotBeNull(column="method_profile"))
    add(gxe.ExpectColumnValuesToNotBeNull(column="analysis_scope"))
    add(gxe.ExpectColumnValuesToNotBeNull(column="publication_year"))
    # one row per method profile, scope and year (the scopes nest, so a year repeats once per
    # scope, and once per profile the build estimates Epoch's runs under)
    add(gxe.ExpectCompoundColumnsToBeUnique(column_list=["method_profile", "analysis_scope", "publication_year"]))
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


__all__ = [
    "CRITICAL", "WARNING", "EPOCH_COLUMN_VARIANTS", "STAGED_EPOCH_COLUMNS", "NUMBER_REGEX",
    "RECONCILIATION_TABLE", "number_column", "date_column", "resolve_epoch_columns",
    "prepare_epoch_frame", "epoch_input_suite", "gpu_catalogue_suite", "training_run_impacts_suite",
    "training_runs_excluded_suite", "impacts_by_year_suite", "reconciliation_suite",
]
