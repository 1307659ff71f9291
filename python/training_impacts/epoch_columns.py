"""The raw Epoch columns the warehouse uses, each with the header names Epoch has used (first
match wins, case-insensitive), read from macros/epoch_column_variants.csv, the one list that the
dbt staging model (macros/epoch_columns.sql) reads too. A module of its own, without heavy
imports, so that `fetch` can check a downloaded file's header without importing
great-expectations."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from training_impacts.warehouse import project_root


@dataclass(frozen=True)
class EpochColumn:
    name: str                      # the column of stg_epoch__notable_models
    variants: tuple[str, ...]      # the headers Epoch has given it; the first is today's
    required: bool                 # a build stops without it
    value_type: str                # text, number or date
    staged_text_column: str | None  # the staged column holding its trimmed text, where staging keeps it


def read_epoch_columns() -> tuple[EpochColumn, ...]:
    path = project_root() / "macros" / "epoch_column_variants.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            EpochColumn(row["column_name"], tuple(row["header_variants"].split("|")), row["is_required"] == "true",
                        row["value_type"], row["staged_text_column"] or None)
            for row in csv.DictReader(handle))


EPOCH_COLUMNS = read_epoch_columns()
# the required columns (what `make data` and the raw suite check): column name -> header variants
EPOCH_COLUMN_VARIANTS: dict[str, tuple[str, ...]] = {c.name: c.variants for c in EPOCH_COLUMNS if c.required}
