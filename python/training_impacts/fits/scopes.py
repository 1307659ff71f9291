"""The fits once per analysis scope and once per method profile: the tables the dbt Python
models write (rpt_trend_fits, rpt_scenario_trend_fits, rpt_performance_ratio_fits)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence

import pandas as pd

from training_impacts.fits.ratio import performance_ratio_fits
from training_impacts.fits.series import run_scenario_trend_fits, run_trend_fits


def scope_list(scopes) -> list[str]:
    """The analysis scopes, narrowest first, from var analysis_scopes: a list, or the string a dbt
    config renders it as ("['paper', 'named_hardware', 'with_imputed']")."""
    if isinstance(scopes, str):
        scopes = ast.literal_eval(scopes)
    return [str(scope) for scope in scopes]


def runs_in_scope(runs: pd.DataFrame, scopes: Sequence[str], scope: str) -> pd.DataFrame:
    """The runs a scope holds. Scopes nest and a run's `analysis_scope` is the narrowest holding
    it, so scope k holds the runs whose scope is among the first k."""
    return runs[runs["analysis_scope"].isin(list(scopes)[: list(scopes).index(scope) + 1])]


def _per_scope(scopes, fit: Callable[[list[str], str], pd.DataFrame]) -> pd.DataFrame:
    """`fit(scopes, scope)` once per analysis scope, concatenated, with a leading `analysis_scope`
    column."""
    scopes = scope_list(scopes)
    frames = []
    for scope in scopes:
        fitted = fit(scopes, scope)
        fitted.insert(0, "analysis_scope", scope)
        frames.append(fitted)
    return pd.concat(frames, ignore_index=True)


def per_method_profile(fit: Callable[..., pd.DataFrame], **tables: pd.DataFrame | None) -> pd.DataFrame:
    """`fit(**tables)` once per method profile, each table cut to that profile's rows (its
    `method_profile` column; a table without one is passed whole), concatenated with a leading
    `method_profile` column. The profiles are those the tables hold (a build estimates Epoch's
    runs under var method_profile and each of compared_method_profiles)."""
    profiles = sorted({str(p) for table in tables.values() if table is not None and "method_profile" in table
                       for p in table["method_profile"].dropna().unique()})
    frames = []
    for profile in profiles:
        cut = {name: (table[table["method_profile"] == profile].drop(columns="method_profile")
                      if table is not None and "method_profile" in table else table)
               for name, table in tables.items()}
        fitted = fit(**cut)
        fitted.insert(0, "method_profile", profile)
        frames.append(fitted)
    if not frames:  # no rows at all: the columns of one empty fit
        fitted = fit(**tables)
        fitted.insert(0, "method_profile", pd.Series(dtype=str))
        return fitted.iloc[0:0]
    return pd.concat(frames, ignore_index=True)


def run_trend_fits_by_scope(runs: pd.DataFrame, scopes, *, start_year: int | None,
                            end_year: int | None) -> pd.DataFrame:
    """run_trend_fits once per analysis scope, with a leading `analysis_scope` column."""
    return _per_scope(scopes, lambda names, scope: run_trend_fits(
        runs_in_scope(runs, names, scope), start_year=start_year, end_year=end_year))


def performance_ratio_fits_by_scope(runs: pd.DataFrame, scopes, assumed_ratio: float) -> pd.DataFrame:
    """performance_ratio_fits once per analysis scope, with a leading `analysis_scope` column (the
    paper's 0.27 was fitted on NVIDIA GPUs; a TPU's achieved share of peak may differ)."""
    return _per_scope(scopes, lambda names, scope: performance_ratio_fits(
        runs_in_scope(runs, names, scope), assumed_ratio=assumed_ratio))


def run_scenario_trend_fits_by_scope(scopes, *, start_year: int | None, end_year: int | None,
                                     **by_year_tables: pd.DataFrame | None) -> pd.DataFrame:
    """run_scenario_trend_fits once per analysis scope over the by-year tables' rows of that scope
    (each by-year row already sums its scope's runs), with a leading `analysis_scope` column."""
    def of_scope(table: pd.DataFrame | None, scope: str) -> pd.DataFrame | None:
        return table[table["analysis_scope"] == scope] if table is not None and "analysis_scope" in table else table

    return _per_scope(scopes, lambda names, scope: run_scenario_trend_fits(
        **{name: of_scope(table, scope) for name, table in by_year_tables.items()},
        start_year=start_year, end_year=end_year))
