"""The fit tables of the study: per run against publication date (run_trend_fits), per card
against release date (run_hardware_trends), and the scenarios' by-year series
(run_scenario_trend_fits), one row per fitted series."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from training_impacts.fits.trend import FIT_COLUMNS, _as_frame, _empty_fit, _in_years, fit_exponential_trend, unit_of  # noqa: F401

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


def run_trend_fits(runs: pd.DataFrame, *, start_year: int | None, end_year: int | None,
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


def run_hardware_trends(cards: pd.DataFrame, *, start_year: int | None, end_year: int | None,
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
                            *, start_year: int | None, end_year: int | None) -> pd.DataFrame:
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
        rows += _scenario_family_rows(family, table, start_year, end_year)
    leading = ["family", "scenario", "annual_reduction_rate", "hardware_lifetime_years", "hardware_utilization",
               "metric", "unit", "start_year", "end_year"]
    frame = _as_frame(rows, leading)
    for column in ("annual_reduction_rate", "hardware_lifetime_years", "hardware_utilization"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


def _scenario_family_rows(family: str, table: pd.DataFrame, start_year: int | None,
                          end_year: int | None) -> list[dict]:
    """One family's fit rows: each of its scenarios (the groups of its key columns) by metric."""
    keys, metrics = SCENARIO_FAMILIES[family]
    keys = [k for k in keys if k in table]
    year = pd.to_numeric(table["publication_year"], errors="coerce")
    scoped = _in_years(table, year, start_year, end_year)
    groups = scoped.groupby(keys, dropna=False, sort=True) if keys else [((), scoped)]
    rows = []
    for key_values, group in groups:
        key = dict(zip(keys, key_values if isinstance(key_values, tuple) else (key_values,)))
        name = scenario_label(family, key)
        for metric in (metric for metric in metrics if metric in group):
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
    return rows
