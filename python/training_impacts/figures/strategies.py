"""The carbon strategies' figures, (e) and (g): grid decarbonisation
and location shifting against the baseline (`scenarios`, with the legend's phrases
`scenario_label` and `decarbonisation_label`), and the hardware lifespan (`lifespan`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from training_impacts import fits

from .style import (
    COLOURS,
    _finish,
    _fit_label,
    _frame,
    _has,
    _label_axes,
    _new_figure,
    _positive,
    _readable,
    no_data_figure,
)

# --- (e) ----------------------------------------------------------------------------------------

# Names of the grids of var location_shifting_candidate_grids, for the scenario legend.
COUNTRY_NAMES = {
    "USA": "the United States", "CAN": "Canada", "BRA": "Brazil", "GBR": "the United Kingdom", "IRL": "Ireland",
    "FRA": "France", "DEU": "Germany", "NLD": "the Netherlands", "BEL": "Belgium", "CHE": "Switzerland",
    "SWE": "Sweden", "NOR": "Norway", "FIN": "Finland", "JPN": "Japan", "KOR": "South Korea", "SGP": "Singapore",
    "IND": "India", "AUS": "Australia", "CHN": "China", "TWN": "Taiwan",
}

# metric of the scenario tables -> (what it is, for title and caption; its axis label)
SCENARIO_METRICS = {
    "median_gwp_total_kgco2e": ("the median run's total GWP", "Median run's total GWP [kgCO2e]"),
    "total_gwp_total_kgco2e": ("the total GWP of the year's runs", "Total GWP of the year's runs [kgCO2e]"),
}


def scenario_label(code) -> str:
    """A location-shifting scenario code as a reader's phrase ('grid_FRA' -> 'each run moved to
    the grid of France (FRA)'); an unknown code as its words."""
    code = str(code)
    if code == "baseline":
        return "baseline (each run on its own grid)"
    if code == "lowest_carbon_grid":
        return "each run moved to the lowest-carbon candidate grid"
    if code.startswith("grid_") and len(code) > 5:
        iso3 = code[5:]
        return (f"each run moved to the grid of {COUNTRY_NAMES[iso3]} ({iso3})" if iso3 in COUNTRY_NAMES
                else f"each run moved to the {iso3} grid")
    return _readable(code)


def decarbonisation_label(rate) -> str:
    """A yearly change of the grids' carbon intensity, signed: 'grid −5 %/yr', 'grid +2 %/yr'."""
    percent = 100 * float(rate)
    return f"grid {'−' if percent > 0 else '+'}{abs(percent):g} %/yr"


def scenarios(location_shifting: pd.DataFrame | None, grid_decarbonization: pd.DataFrame | None,
              out_dir: Path, source_label: str = "", baseline_by_year: pd.DataFrame | None = None,
              metric: str = "median_gwp_total_kgco2e") -> list[Path]:
    """(e) The median run's total GWP per publication year (the figure the report's finding
    quotes; `metric` picks another column) under the grid-decarbonisation rates (top) and the
    location-shifting scenarios (bottom), log y, against the baseline drawn once per panel in
    black (agg_impacts_by_year, else the 'baseline' row of the location-shifting table, else the
    0 %/yr rate, which is the baseline). Absent scenario tables: a 'no data' figure."""
    name = "scenarios"
    location, decarb, baseline = _frame(location_shifting), _frame(grid_decarbonization), _frame(baseline_by_year)
    has_location = _has(location, "publication_year", "scenario", metric)
    has_decarb = _has(decarb, "publication_year", "annual_reduction_rate", metric)
    if not (has_location or has_decarb):
        return no_data_figure(name, out_dir, source_label, "scenario tables absent")
    rates = pd.to_numeric(decarb["annual_reduction_rate"], errors="coerce") if has_decarb else pd.Series(dtype=float)
    no_rate = rates.abs() < 1e-12
    if _has(baseline, "publication_year", metric):
        base = baseline
    elif has_location and (location["scenario"] == "baseline").any():
        base = location[location["scenario"] == "baseline"]
    elif has_decarb and no_rate.any():
        base = decarb[no_rate]
    else:
        base = pd.DataFrame(columns=["publication_year", metric])
    base = base[["publication_year", metric]].sort_values("publication_year")
    measure, axis_label = SCENARIO_METRICS.get(metric, (_readable(metric), _readable(metric)))
    fig, axes = _new_figure(nrows=2, height=10.0)
    panels = [
        (axes[0], decarb[~no_rate] if has_decarb else decarb, has_decarb, "annual_reduction_rate",
         "Grid decarbonisation", "baseline (no decarbonisation)", decarbonisation_label),
        (axes[1], location[location["scenario"] != "baseline"] if has_location else location, has_location,
         "scenario", "Location shifting", "baseline (no shifting)", scenario_label),
    ]
    n_runs = 0
    for ax, table, present, key, title, base_label, label_of in panels:
        ax.set_title(title, fontsize=11)
        if len(base):
            ax.plot(base["publication_year"], _positive(base[metric]), color="black", lw=2.5, marker="o", ms=4,
                    zorder=4, label=f"{base_label}: "
                                    f"{_fit_label(fits.fit_exponential_trend(base['publication_year'], base[metric]))}")
        if not present:
            ax.text(0.5, 0.5, "no data\n(scenario table absent)", ha="center", va="center", transform=ax.transAxes)
        else:
            for (value, group), colour in zip(table.groupby(key, sort=True), COLOURS[1:] * 5):
                group = group.sort_values("publication_year")
                fit = fits.fit_exponential_trend(group["publication_year"], group[metric])
                ax.plot(group["publication_year"], _positive(group[metric]), marker=".", color=colour,
                        label=f"{label_of(value)}: {_fit_label(fit)}")
        _label_axes(ax, "Publication year", axis_label, legend_size=8)
    for table, present in ((decarb, has_decarb), (location, has_location)):
        if present and "run_count" in table:
            n_runs = max(n_runs, int(table.groupby("publication_year")["run_count"].max().sum()))
    return _finish(fig, out_dir, name, f"n = {n_runs} runs; growth factor a year [95 % CI] of {measure}; "
                   "location shifting moves a run only where that lowers its grid's GWP factor",
                   source_label, title=f"Carbon strategies against the baseline: {measure} per year")


# --- (g) ----------------------------------------------------------------------------------------

def lifespan(hardware_lifespan: pd.DataFrame | None, out_dir: Path, source_label: str = "",
             utilization: float | None = None) -> list[Path]:
    """(g) Total GWP per year (top, log y) and embodied share of it (bottom, %) for each hardware
    lifetime (scn_hardware_lifespan_by_year) at one utilization (default: the most common one,
    preferring 0.5, the study's); stacked, so the text stays readable at the report's width."""
    name = "lifespan"
    table = _frame(hardware_lifespan)
    if not _has(table, "publication_year", "hardware_lifetime_years", "total_gwp_total_kgco2e"):
        return no_data_figure(name, out_dir, source_label, "scenario tables absent")
    if "hardware_utilization" in table and table["hardware_utilization"].notna().any():
        levels = sorted(table["hardware_utilization"].dropna().unique())
        if utilization is None:
            utilization = 0.5 if any(np.isclose(levels, 0.5)) else levels[0]
        table = table[np.isclose(table["hardware_utilization"].astype(float), utilization)]
    fig, axes = _new_figure(nrows=2, height=9.5)
    for (lifetime, group), colour in zip(table.groupby("hardware_lifetime_years", sort=True), COLOURS * 3):
        group = group.sort_values("publication_year")
        fit = fits.fit_exponential_trend(group["publication_year"], group["total_gwp_total_kgco2e"])
        axes[0].plot(group["publication_year"], _positive(group["total_gwp_total_kgco2e"]), marker="o", ms=3,
                     color=colour, label=f"{float(lifetime):g} yr {_fit_label(fit)}")
        if "total_gwp_embodied_kgco2e" in group:
            share = 100 * pd.to_numeric(group["total_gwp_embodied_kgco2e"]) / pd.to_numeric(group["total_gwp_total_kgco2e"])
            axes[1].plot(group["publication_year"], share, marker="o", ms=3, color=colour,
                         label=f"{float(lifetime):g} yr")
    axes[0].set_yscale("log")
    axes[0].set_ylabel("Total GWP of the year's runs [kgCO2e]")
    axes[0].set_title("Total GWP per year", fontsize=11)
    axes[1].set_ylim(0, 100)
    axes[1].set_ylabel("Embodied share of total GWP [%]")
    axes[1].set_title("Embodied share", fontsize=11)
    for ax in axes:
        _label_axes(ax, "Publication year", log_y=False, legend_size=8, title="hardware lifetime", title_fontsize=8)
    util = f"utilization {100 * utilization:g} %" if utilization is not None else "utilization as in the table"
    n_runs = int(table.groupby("publication_year")["run_count"].max().sum()) if "run_count" in table else 0
    return _finish(fig, out_dir, name, f"n = {n_runs} runs; {util}", source_label)
