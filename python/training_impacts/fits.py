"""Trend fits of the study (docs/method.md section 5): pure functions on pandas DataFrames, no I/O.

Every fit is an ordinary least-squares regression (statsmodels) of log10(value) on time, so the
slope is the log10 growth per year and 10**slope the growth factor a year. The DataFrame-returning
functions give one row per fitted series with the same columns (`FIT_COLUMNS`), so that dbt Python
models can materialise them as tables (`rpt_trend_fits`, `rpt_hardware_trends`, ...):

    def model(dbt, session):
        runs = dbt.ref("fct_training_run_impacts").df()
        return run_trend_fits(runs, start_year=dbt.config.get("min_publication_year", 2013))

A series with fewer than `MIN_POINTS` usable points (value > 0, finite) gets its `n` and nulls,
never an exception. Numeric columns are float64 (NaN becomes NULL in DuckDB).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS
from statsmodels.tools.tools import add_constant

MIN_POINTS = 3
CONFIDENCE = 0.95
LOG10_2 = math.log10(2.0)

# The columns of one fit, in order (plus the identifying columns each runner adds in front).
FIT_COLUMNS = [
    "series",
    "n",
    "slope_log10_per_year",
    "slope_ci_low",
    "slope_ci_high",
    "intercept_log10",
    "growth_factor_per_year",
    "growth_factor_ci_low",
    "growth_factor_ci_high",
    "doubling_time_years",
    "r_squared",
    "p_value",
    "first_year",
    "last_year",
]

# Per-run series fitted against publication date: column -> unit.
RUN_METRICS: dict[str, str] = {
    "gpu_hours": "h",
    "energy_kwh": "kWh",
    "gwp_total_kgco2e": "kgCO2e",
    "gwp_use_kgco2e": "kgCO2e",
    "gwp_embodied_kgco2e": "kgCO2e",
    "adpe_total_kgsbeq": "kgSbeq",
    "adpe_use_kgsbeq": "kgSbeq",
    "adpe_embodied_kgsbeq": "kgSbeq",
    "pe_total_mj": "MJ",
    "pe_use_mj": "MJ",
    "pe_embodied_mj": "MJ",
}

# Per-card series fitted against release date: column -> unit.
HARDWARE_METRICS: dict[str, str] = {
    "tdp_w": "W",
    "die_area_mm2": "mm2",
    "memory_gb": "GB",
    "fp32_flops_per_w": "FLOP/s/W",
    "tensor_fp16_flops_per_w": "FLOP/s/W",
    "gwp_embodied_kgco2e": "kgCO2e",
    "adpe_embodied_kgsbeq": "kgSbeq",
    "pe_embodied_mj": "MJ",
}

# Scenario by-year tables: family -> (columns that identify a scenario, metrics to fit).
SCENARIO_FAMILIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "baseline": ((), ("median_gwp_total_kgco2e", "total_gwp_total_kgco2e")),
    "location_shifting": (
        ("scenario",),
        ("median_gwp_total_kgco2e", "total_gwp_total_kgco2e", "total_gwp_use_kgco2e", "total_gwp_embodied_kgco2e"),
    ),
    "grid_decarbonization": (
        ("annual_reduction_rate",),
        ("median_gwp_total_kgco2e", "total_gwp_total_kgco2e", "total_gwp_use_kgco2e", "total_gwp_embodied_kgco2e"),
    ),
    "hardware_lifespan": (
        ("hardware_lifetime_years", "hardware_utilization"),
        ("median_gwp_total_kgco2e", "total_gwp_total_kgco2e", "total_gwp_embodied_kgco2e", "total_adpe_embodied_kgsbeq"),
    ),
}


def unit_of(column: str) -> str:
    """The unit a column name carries by the project's suffix convention."""
    for suffix, unit in (("_kwh", "kWh"), ("_kgco2e", "kgCO2e"), ("_kgsbeq", "kgSbeq"), ("_mj", "MJ"),
                         ("_flops_per_w", "FLOP/s/W"), ("_w", "W"), ("_mm2", "mm2"), ("_gb", "GB"),
                         ("_flop", "FLOP"), ("_flops", "FLOP/s"), ("gpu_hours", "h"), ("_share", "fraction")):
        if column.endswith(suffix):
            return unit
    return ""


def decimal_year(dates) -> np.ndarray:
    """Dates (datetimes, dates, ISO strings) as decimal years; numbers are taken as decimal years."""
    series = pd.Series(dates) if not isinstance(dates, pd.Series) else dates
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return series.astype(float).to_numpy()
    stamps = pd.to_datetime(series, errors="coerce")
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_localize(None)
    start = stamps.dt.to_period("Y").dt.start_time
    end = (stamps.dt.to_period("Y") + 1).dt.start_time
    fraction = (stamps - start) / (end - start)
    return (stamps.dt.year + fraction).to_numpy(dtype=float)


def _usable(x, y) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=float)
    y = np.asarray(pd.to_numeric(pd.Series(np.asarray(y, dtype=object)), errors="coerce"), dtype=float)
    keep = np.isfinite(x) & np.isfinite(y) & (y > 0)
    return x[keep], y[keep]


def _empty_fit(label: str, n: int, x: np.ndarray) -> dict:
    fit = {column: None for column in FIT_COLUMNS}
    fit.update(series=label, n=int(n))
    if len(x):
        fit.update(first_year=int(math.floor(x.min())), last_year=int(math.floor(x.max())))
    return fit


def fit_exponential_trend(dates, values, label: str = "") -> dict:
    """OLS of log10(value) on time in decimal years, over the points with a finite value > 0.

    `dates`: pandas datetimes / dates / ISO strings, or numbers taken as decimal years.
    Returns a dict with the keys of FIT_COLUMNS: the growth factor a year is 10**slope and its
    95 % interval 10**(slope's 95 % interval); the doubling time log10(2)/slope (None when the
    slope is <= 0); R² and the slope's p-value; first/last year of the points used. Fewer than
    3 points (or all at the same date): `n` and None elsewhere, never an exception.
    """
    x, y = _usable(decimal_year(dates), values)
    n = len(x)
    if n < MIN_POINTS or np.ptp(x) == 0:
        return _empty_fit(label, n, x)
    result = OLS(np.log10(y), add_constant(x, has_constant="add")).fit()
    intercept, slope = (float(v) for v in result.params)
    (_, _), (slope_low, slope_high) = (tuple(float(v) for v in row) for row in result.conf_int(1 - CONFIDENCE))
    p_value = float(result.pvalues[1]) if np.isfinite(result.pvalues[1]) else None
    return {
        "series": label,
        "n": int(n),
        "slope_log10_per_year": slope,
        "slope_ci_low": slope_low if np.isfinite(slope_low) else None,
        "slope_ci_high": slope_high if np.isfinite(slope_high) else None,
        "intercept_log10": intercept,
        "growth_factor_per_year": 10.0 ** slope,
        "growth_factor_ci_low": 10.0 ** slope_low if np.isfinite(slope_low) else None,
        "growth_factor_ci_high": 10.0 ** slope_high if np.isfinite(slope_high) else None,
        "doubling_time_years": LOG10_2 / slope if slope > 0 else None,
        "r_squared": float(result.rsquared) if np.isfinite(result.rsquared) else None,
        "p_value": p_value,
        "first_year": int(math.floor(x.min())),
        "last_year": int(math.floor(x.max())),
    }


def predict_trend(dates, values, at, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """The fitted exponential trend of (dates, values) at `at` (decimal years or dates), with the
    confidence band of the mean: columns x (decimal year), fit, low, high in the values' units.
    Empty frame when the series cannot be fitted (fewer than 3 usable points)."""
    x, y = _usable(decimal_year(dates), values)
    grid = decimal_year(at)
    if len(x) < MIN_POINTS or np.ptp(x) == 0:
        return pd.DataFrame(columns=["x", "fit", "low", "high"], dtype=float)
    result = OLS(np.log10(y), add_constant(x, has_constant="add")).fit()
    frame = result.get_prediction(add_constant(grid, has_constant="add")).summary_frame(alpha=1 - confidence)
    return pd.DataFrame({
        "x": grid,
        "fit": 10.0 ** frame["mean"].to_numpy(),
        "low": 10.0 ** frame["mean_ci_lower"].to_numpy(),
        "high": 10.0 ** frame["mean_ci_upper"].to_numpy(),
    })


def _as_frame(rows: list[dict], leading: Sequence[str]) -> pd.DataFrame:
    columns = [*leading, *FIT_COLUMNS]
    frame = pd.DataFrame(rows, columns=columns)
    for column in FIT_COLUMNS:
        if column == "series":
            continue
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame["n"] = frame["n"].fillna(0).astype("int64")
    return frame


def _in_years(frame: pd.DataFrame, year: pd.Series, start_year: int | None, end_year: int | None) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if start_year is not None:
        keep &= year >= start_year
    if end_year is not None:
        keep &= year <= end_year
    return frame[keep.fillna(False)]


def run_trend_fits(runs: pd.DataFrame, start_year: int | None = 2013, end_year: int | None = 2025,
                   metrics: Iterable[str] | None = None, date_column: str = "publication_date") -> pd.DataFrame:
    """Exponential fits per run against publication date, one row per metric.

    `runs`: fct_training_run_impacts (or any frame with `date_column` and the metric columns).
    Runs published outside [start_year, end_year] are left out; a missing metric column gives a
    row with n = 0. Columns: metric, unit, start_year, end_year, then FIT_COLUMNS.
    """
    metrics = list(metrics) if metrics is not None else list(RUN_METRICS)
    dates = pd.to_datetime(runs[date_column], errors="coerce") if date_column in runs else pd.Series(dtype="datetime64[ns]")
    scoped = _in_years(runs, dates.dt.year, start_year, end_year) if len(runs) else runs
    rows = []
    for metric in metrics:
        if metric in scoped and date_column in scoped:
            fit = fit_exponential_trend(scoped[date_column], scoped[metric], label=metric)
        else:
            fit = _empty_fit(metric, 0, np.array([]))
        rows.append({"metric": metric, "unit": RUN_METRICS.get(metric, unit_of(metric)),
                     "start_year": start_year, "end_year": end_year, **fit})
    return _as_frame(rows, ["metric", "unit", "start_year", "end_year"])


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


def run_trend_fits_by_scope(runs: pd.DataFrame, scopes, start_year: int | None = 2013,
                            end_year: int | None = 2025) -> pd.DataFrame:
    """run_trend_fits once per analysis scope, with a leading `analysis_scope` column."""
    return _per_scope(scopes, lambda names, scope: run_trend_fits(
        runs_in_scope(runs, names, scope), start_year=start_year, end_year=end_year))


def performance_ratio_fits_by_scope(runs: pd.DataFrame, scopes, assumed_ratio: float = 0.27) -> pd.DataFrame:
    """performance_ratio_fits once per analysis scope, with a leading `analysis_scope` column (the
    paper's 0.27 was fitted on NVIDIA GPUs; a TPU's achieved share of peak may differ)."""
    return _per_scope(scopes, lambda names, scope: performance_ratio_fits(
        runs_in_scope(runs, names, scope), assumed_ratio=assumed_ratio))


def run_scenario_trend_fits_by_scope(scopes, start_year: int | None = 2013, end_year: int | None = 2025,
                                     **by_year_tables: pd.DataFrame | None) -> pd.DataFrame:
    """run_scenario_trend_fits once per analysis scope over the by-year tables' rows of that scope
    (each by-year row already sums its scope's runs), with a leading `analysis_scope` column."""
    def of_scope(table: pd.DataFrame | None, scope: str) -> pd.DataFrame | None:
        return table[table["analysis_scope"] == scope] if table is not None and "analysis_scope" in table else table

    return _per_scope(scopes, lambda names, scope: run_scenario_trend_fits(
        **{name: of_scope(table, scope) for name, table in by_year_tables.items()},
        start_year=start_year, end_year=end_year))


def run_hardware_trends(cards: pd.DataFrame, start_year: int | None = 2013, end_year: int | None = 2025,
                        metrics: Iterable[str] | None = None,
                        segments: Sequence[str] = ("all", "data_centre"),
                        date_column: str = "release_date") -> pd.DataFrame:
    """Exponential fits per GPU card against release date, one row per (segment, metric).

    `cards`: dim_gpu_cards. Segment 'all' takes every card; any other value filters the
    `segment` column. Cards released outside [start_year, end_year] are left out.
    Columns: segment, metric, unit, start_year, end_year, then FIT_COLUMNS.
    """
    metrics = list(metrics) if metrics is not None else list(HARDWARE_METRICS)
    dates = pd.to_datetime(cards[date_column], errors="coerce") if date_column in cards else pd.Series(dtype="datetime64[ns]")
    scoped = _in_years(cards, dates.dt.year, start_year, end_year) if len(cards) else cards
    rows = []
    for segment in segments:
        subset = scoped if segment == "all" or "segment" not in scoped else scoped[scoped["segment"] == segment]
        for metric in metrics:
            label = f"{metric} ({segment})"
            if metric in subset and date_column in subset:
                fit = fit_exponential_trend(subset[date_column], subset[metric], label=label)
            else:
                fit = _empty_fit(label, 0, np.array([]))
            rows.append({"segment": segment, "metric": metric, "unit": HARDWARE_METRICS.get(metric, unit_of(metric)),
                         "start_year": start_year, "end_year": end_year, **fit})
    return _as_frame(rows, ["segment", "metric", "unit", "start_year", "end_year"])


def scenario_label(family: str, key: dict) -> str:
    """A readable name for one scenario of a family, e.g. 'decarbonization 10 %/yr'."""
    if family == "baseline":
        return "baseline"
    if family == "location_shifting":
        return str(key.get("scenario"))
    if family == "grid_decarbonization":
        return f"decarbonization {100 * float(key['annual_reduction_rate']):g} %/yr"
    if family == "hardware_lifespan":
        return (f"lifetime {float(key['hardware_lifetime_years']):g} yr, "
                f"utilization {100 * float(key['hardware_utilization']):g} %")
    return ", ".join(f"{k}={v}" for k, v in key.items())


def run_scenario_trend_fits(location_shifting: pd.DataFrame | None = None,
                            grid_decarbonization: pd.DataFrame | None = None,
                            hardware_lifespan: pd.DataFrame | None = None,
                            baseline_by_year: pd.DataFrame | None = None,
                            start_year: int | None = 2013, end_year: int | None = 2025) -> pd.DataFrame:
    """Exponential fits of the scenario by-year series against publication year, one row per
    (family, scenario, metric). Any table may be None or empty (no rows for it).

    Inputs: scn_location_shifting_by_year, scn_grid_decarbonization_by_year,
    scn_hardware_lifespan_by_year and (for the baseline) agg_impacts_by_year.

    What is fitted, and why: log10 of the per-year MEDIAN run (`median_gwp_total_kgco2e`) is the
    headline series. The per-run fits of `run_trend_fits` are fits of log10 per run, i.e. of the
    typical run, and the median per year is the by-year statistic that estimates the same thing;
    it does not depend on how many runs Epoch happens to list in a year (the 2025 year is partial)
    nor on one giant run. The per-year TOTALS (`total_*`) are fitted too, as the footprint of the
    field as recorded, which is what a rebound effect is about; both are rows, told apart by the
    `metric` column. Years are integers, so the slope is per calendar year.

    Columns: family, scenario, annual_reduction_rate, hardware_lifetime_years,
    hardware_utilization, metric, unit, start_year, end_year, then FIT_COLUMNS.
    """
    tables = {
        "baseline": baseline_by_year,
        "location_shifting": location_shifting,
        "grid_decarbonization": grid_decarbonization,
        "hardware_lifespan": hardware_lifespan,
    }
    rows = []
    for family, table in tables.items():
        if table is None or len(table) == 0 or "publication_year" not in table:
            continue
        keys, metrics = SCENARIO_FAMILIES[family]
        keys = [k for k in keys if k in table]
        year = pd.to_numeric(table["publication_year"], errors="coerce")
        scoped = _in_years(table, year, start_year, end_year)
        groups = scoped.groupby(keys, dropna=False, sort=True) if keys else [((), scoped)]
        for key_values, group in groups:
            key_values = key_values if isinstance(key_values, tuple) else (key_values,)
            key = dict(zip(keys, key_values))
            name = scenario_label(family, key)
            for metric in metrics:
                if metric not in group:
                    continue
                fit = fit_exponential_trend(pd.to_numeric(group["publication_year"]), group[metric],
                                            label=f"{name}: {metric}")
                rows.append({
                    "family": family,
                    "scenario": name,
                    "annual_reduction_rate": key.get("annual_reduction_rate"),
                    "hardware_lifetime_years": key.get("hardware_lifetime_years"),
                    "hardware_utilization": key.get("hardware_utilization"),
                    "metric": metric,
                    "unit": unit_of(metric),
                    "start_year": start_year,
                    "end_year": end_year,
                    **fit,
                })
    leading = ["family", "scenario", "annual_reduction_rate", "hardware_lifetime_years", "hardware_utilization",
               "metric", "unit", "start_year", "end_year"]
    frame = _as_frame(rows, leading)
    for column in ("annual_reduction_rate", "hardware_lifetime_years", "hardware_utilization"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


def fit_performance_ratio(runs: pd.DataFrame, assumed_ratio: float = 0.27,
                          exclude_divergent: bool = False) -> dict:
    """The performance ratio (achieved / peak FLOP/s) that would make GPU-h2 equal GPU-h1.

    GPU-h2 = compute / (peak × assumed_ratio) / 3600, so a run's own ratio is
    assumed_ratio × h2 / h1. On the runs with both (> 0), fit in log space
    log10(h1) = log10(h2) + b (slope fixed at 1: b is the mean log10(h1/h2)), so the fitted ratio
    is assumed_ratio × 10**(-b), with the 95 % interval from b's. The free-slope OLS
    log10(h1) = a + s·log10(h2) is reported too (s, its interval, and R² of that fit).
    `exclude_divergent` drops runs flagged `is_gpu_hours_divergent`. Fewer than 3 runs: nulls.
    """
    keys = ["n", "assumed_ratio", "offset_log10", "offset_ci_low", "offset_ci_high", "fitted_ratio",
            "fitted_ratio_ci_low", "fitted_ratio_ci_high", "median_run_ratio", "free_slope", "free_slope_ci_low",
            "free_slope_ci_high", "free_intercept_log10", "r_squared_free", "exclude_divergent"]
    out = {key: None for key in keys}
    out.update(assumed_ratio=float(assumed_ratio), exclude_divergent=bool(exclude_divergent), n=0)
    if runs is None or len(runs) == 0 or not {"gpu_hours_h1", "gpu_hours_h2"} <= set(runs.columns):
        return out
    frame = runs
    if exclude_divergent and "is_gpu_hours_divergent" in frame:
        frame = frame[~frame["is_gpu_hours_divergent"].fillna(False).astype(bool)]
    h1 = pd.to_numeric(frame["gpu_hours_h1"], errors="coerce").to_numpy(dtype=float)
    h2 = pd.to_numeric(frame["gpu_hours_h2"], errors="coerce").to_numpy(dtype=float)
    keep = np.isfinite(h1) & np.isfinite(h2) & (h1 > 0) & (h2 > 0)
    log_h1, log_h2 = np.log10(h1[keep]), np.log10(h2[keep])
    n = int(keep.sum())
    out["n"] = n
    if n < MIN_POINTS:
        return out
    fixed = OLS(log_h1 - log_h2, np.ones(n)).fit()
    offset = float(fixed.params[0])
    offset_low, offset_high = (float(v) for v in fixed.conf_int(1 - CONFIDENCE)[0])
    out.update(
        offset_log10=offset,
        offset_ci_low=offset_low,
        offset_ci_high=offset_high,
        fitted_ratio=assumed_ratio * 10.0 ** (-offset),
        # a larger offset b means a smaller ratio: the interval's ends swap
        fitted_ratio_ci_low=assumed_ratio * 10.0 ** (-offset_high),
        fitted_ratio_ci_high=assumed_ratio * 10.0 ** (-offset_low),
        median_run_ratio=float(np.median(assumed_ratio * h2[keep] / h1[keep])),
    )
    if np.ptp(log_h2) > 0:
        free = OLS(log_h1, add_constant(log_h2, has_constant="add")).fit()
        slope_low, slope_high = (float(v) for v in free.conf_int(1 - CONFIDENCE)[1])
        out.update(
            free_slope=float(free.params[1]),
            free_slope_ci_low=slope_low,
            free_slope_ci_high=slope_high,
            free_intercept_log10=float(free.params[0]),
            r_squared_free=float(free.rsquared),
        )
    return out


def performance_ratio_fits(runs: pd.DataFrame, assumed_ratio: float = 0.27) -> pd.DataFrame:
    """`fit_performance_ratio` on all runs with both estimates and on the non-divergent ones:
    two rows (subset 'all', 'not_divergent'), for a dbt Python model if wanted."""
    rows = []
    for subset, exclude in (("all", False), ("not_divergent", True)):
        rows.append({"subset": subset, **fit_performance_ratio(runs, assumed_ratio, exclude_divergent=exclude)})
    frame = pd.DataFrame(rows)
    for column in frame.columns:
        if column not in ("subset", "exclude_divergent", "n"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame
