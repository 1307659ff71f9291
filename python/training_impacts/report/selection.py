"""What the report's sections look at: the warehouse's tables cut to the build's own method
profile, Epoch's runs and the paper's scope, and the build's fit tables among them (None where
the warehouse lacks one: the report says so and fits nothing). Pure functions."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from training_impacts import fits

from .inputs import SCENARIO_TABLES, Warehouse

# Each fit table of the build, with the columns the report needs of it.
FIT_TABLES = {
    "trend": ("rpt_trend_fits", ["metric", *fits.FIT_COLUMNS]),
    "hardware": ("rpt_hardware_trends", ["segment", "metric", *fits.FIT_COLUMNS]),
    "scenario": ("rpt_scenario_trend_fits", ["family", "scenario", "metric", *fits.FIT_COLUMNS]),
    "performance_ratio": ("rpt_performance_ratio_fits", ["subset", "fitted_ratio", "n"]),
}


@dataclass
class Selection:
    method_profile: str
    runs: pd.DataFrame  # Epoch's runs of the paper scope under the build's profile
    in_window: pd.DataFrame  # those published in the trend window
    tables: dict  # every table cut to the build's profile and the paper scope
    all_scope_runs: pd.DataFrame  # Epoch's runs of every scope
    all_scope_tables: dict  # every table cut to the build's profile
    fits: dict  # FIT_TABLES' keys -> the build's fit table (paper scope, build's profile) or None
    scenario_present: dict  # scenario table -> it has rows


def build_method_profile(runs: pd.DataFrame | None) -> str:
    """The method profile a build ran with: the one fct_training_run_impacts holds ('paper' for a
    warehouse built before the profiles existed)."""
    if runs is None or "method_profile" not in runs or runs["method_profile"].dropna().empty:
        return "paper"
    return str(runs["method_profile"].dropna().iloc[0])


def of_profile(tables: dict, profile: str) -> dict:
    """Each by-profile table (a `method_profile` column) cut to one profile's rows; the
    validation keeps every profile (it sets them side by side)."""
    cut = {}
    for name, table in tables.items():
        if (table is not None and "method_profile" in table.columns
                and name != "rpt_validation_published_footprints"):
            table = table[table["method_profile"] == profile].drop(columns="method_profile").reset_index(drop=True)
        cut[name] = table
    return cut


def paper_scope(runs: pd.DataFrame, tables: dict, scopes: list[str]) -> tuple[pd.DataFrame, dict]:
    """The runs and tables of the narrowest scope (the paper's): per-run frames keep the runs it
    holds, by-scope tables (an `analysis_scope` column) their rows of that scope. A warehouse built
    before the scopes existed has no such column and is read whole."""
    paper = scopes[0]
    if "analysis_scope" in runs.columns:
        runs = fits.runs_in_scope(runs, scopes, paper)
    scoped = {}
    for name, table in tables.items():
        if table is not None and "analysis_scope" in table.columns and name != "fct_training_run_impacts":
            table = table[table["analysis_scope"] == paper].drop(columns="analysis_scope").reset_index(drop=True)
        scoped[name] = table
    scoped["fct_training_run_impacts"] = runs
    return runs, scoped


def in_years(runs: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    if "publication_date" not in runs or not len(runs):
        return runs
    return runs[pd.to_datetime(runs["publication_date"]).dt.year.between(start_year, end_year)]


def select(warehouse: Warehouse, start_year: int, end_year: int) -> Selection:
    """The report's view of the warehouse."""
    runs = warehouse.tables["fct_training_run_impacts"]
    profile = build_method_profile(runs)
    tables = of_profile(warehouse.tables, profile)
    runs = runs if runs is not None else pd.DataFrame()
    if "run_source" in runs.columns:  # the study population: Epoch's runs, not an organisation's own jobs
        runs = runs[runs["run_source"] == "epoch"]
    all_scope_runs, all_scope_tables = runs, dict(tables)
    runs, tables = paper_scope(runs, tables, warehouse.scopes)
    # a fit table with no rows (no runs to fit) is the build's answer too: its lookups give n/a
    chosen = {key: tables[name] if tables[name] is not None and set(columns) <= set(tables[name].columns) else None
              for key, (name, columns) in FIT_TABLES.items()}
    present = {name: tables[name] is not None and len(tables[name]) > 0 for name in SCENARIO_TABLES}
    return Selection(profile, runs, in_years(runs, start_year, end_year), tables, all_scope_runs, all_scope_tables,
                     chosen, present)
