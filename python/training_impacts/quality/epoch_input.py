"""The great-expectations suite of the raw Epoch input (a downloaded CSV, or the text columns of
the staged view), and the frame it validates.

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
  accepts, macros/epoch_column_variants.csv); at least one record; compute, hours and quantity are
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
from training_impacts.quality.severity import WARNING  # noqa: E402

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
    suite = gx.ExpectationSuite(name=name, meta={"notes": "Raw Epoch AI input; see training_impacts/quality/epoch_input.py"})
    add = suite.add_expectation
    add(gxe.ExpectTableRowCountToBeBetween(min_value=1, notes="An export without records is not an export."))
    for field, column in col.items():
        variants = EPOCH_COLUMN_VARIANTS[field]
        add(gxe.ExpectColumnToExist(
            column=column,
            notes=f"Required by the method; accepted headers: {', '.join(repr(v) for v in variants)}.",
        ))
    _add_number_expectations(add, col)
    _add_date_expectations(add, col["publication_date"], datetime(today.year, today.month, today.day))
    _add_completeness_warnings(add, col)
    return suite


def _add_number_expectations(add, col: Mapping[str, str]) -> None:
    """Compute, hours and quantity: plain decimal numbers, strictly positive, and plausible."""
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


def _add_date_expectations(add, publication: str, latest: datetime) -> None:
    """The publication date: YYYY-MM-DD, between 1950-01-01 and the day of validation."""
    add(gxe.ExpectColumnValuesToMatchStrftimeFormat(
        column=publication, strftime_format=DATE_FORMAT,
        notes="Where present the publication date must parse as YYYY-MM-DD.",
    ))
    add(gxe.ExpectColumnValuesToBeBetween(
        column=date_column(publication), min_value=EARLIEST_PUBLICATION, max_value=latest,
        notes="Publication dates between 1950-01-01 and the day of validation.",
    ))


def _add_completeness_warnings(add, col: Mapping[str, str]) -> None:
    """Records the pipeline will exclude, and columns emptier than Epoch's 2025-11 snapshot."""
    add(gxe.ExpectColumnValuesToNotBeNull(
        column=col["model_name"], severity=WARNING,
        notes="A record without a model name is excluded downstream (no_model_name).",
    ))
    add(gxe.ExpectColumnValuesToNotBeNull(
        column=col["publication_date"], severity=WARNING,
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
