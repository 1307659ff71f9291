"""The study's figures (METHOD.md section 5), drawn with matplotlib's Agg backend (no screen).

Each function takes DataFrames read from the warehouse marts (and optionally fit dicts from
`fits`), an output folder and a `source_label` for the caption, writes `<name>.png` and
`<name>.svg` and returns the list of paths written. Missing or empty inputs give a figure that
says "no data" instead of an exception. The figure names, in order, are `FIGURES`.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from training_impacts import fits  # noqa: E402

# name -> title; the report embeds them in this order.
FIGURES: dict[str, str] = {
    "gpu_hours_h1_vs_h2": "GPU-hours from training time (GPU-h1) against from compute (GPU-h2)",
    "energy_over_time": "Energy per training run",
    "gwp_over_time": "GWP per training run: use phase and embodied",
    "embodied_share_by_year": "Embodied share of the impacts, by publication year",
    "scenarios": "Carbon strategies against the baseline: total GWP per year",
    "hardware": "GPU cards: embodied GWP and energy efficiency",
    "lifespan": "Hardware lifespan: total GWP per year",
    "validation": "The warehouse's estimates against published footprints",
}

DPI = 150
COLOURS = plt.rcParams["axes.prop_cycle"].by_key()["color"]


# --- helpers ----------------------------------------------------------------------------------

def _frame(data) -> pd.DataFrame:
    return data if isinstance(data, pd.DataFrame) else pd.DataFrame()


def _has(frame: pd.DataFrame, *columns: str) -> bool:
    return len(frame) > 0 and all(column in frame for column in columns)


def _positive(values) -> pd.Series:
    values = pd.to_numeric(pd.Series(values), errors="coerce")
    return values.where(values > 0)


def _to_datetime(decimal_years: np.ndarray) -> pd.DatetimeIndex:
    years = np.floor(decimal_years).astype(int)
    start = pd.to_datetime([f"{y}-01-01" for y in years])
    end = pd.to_datetime([f"{y + 1}-01-01" for y in years])
    return start + (end - start) * (decimal_years - years)


def _caption(fig, text: str, source_label: str) -> None:
    line = f"{text} · Source: {source_label}" if source_label else text
    fig.text(0.01, 0.01, "\n".join(textwrap.wrap(line, 150)), fontsize=7, ha="left", va="bottom", color="0.3")


def _save(fig, out_dir: Path, name: str) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{name}.png", out_dir / f"{name}.svg"]
    fig.savefig(paths[0], dpi=DPI)
    fig.savefig(paths[1])
    plt.close(fig)
    return paths


def _new_figure(ncols: int = 1, width: float = 8.0, height: float = 5.5):
    fig, axes = plt.subplots(1, ncols, figsize=(width, height), squeeze=False)
    fig.subplots_adjust(bottom=0.2, top=0.88, left=0.1, right=0.97, wspace=0.3)
    return fig, list(axes[0])


def _label_axes(ax, xlabel: str, ylabel: str | None = None, log_y: bool = True, legend_size: int = 8,
                legend_loc: str = "upper left", **legend) -> None:
    """The figures' common axis dress: optional log y, labels, major grid, legend."""
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=legend_size, loc=legend_loc, **legend)


def _finish(fig, out_dir: Path, name: str, caption: str, source_label: str) -> list[Path]:
    """Title, caption (with the data source) and the PNG and SVG files."""
    fig.suptitle(FIGURES.get(name, name))
    _caption(fig, caption, source_label)
    return _save(fig, out_dir, name)


def no_data_figure(name: str, out_dir: Path, source_label: str = "", message: str = "no data") -> list[Path]:
    """A figure saying there is nothing to draw (and why), under the figure's usual name."""
    fig, (ax,) = _new_figure()
    ax.set_axis_off()
    ax.text(0.5, 0.5, f"no data\n{message}" if message != "no data" else "no data",
            ha="center", va="center", fontsize=14, transform=ax.transAxes)
    return _finish(fig, out_dir, name, "n = 0", source_label)


def _fit_label(fit: dict | None, unit_per: str = "yr") -> str:
    if not fit or fit.get("growth_factor_per_year") is None:
        return "trend: too few points"
    text = (f"×{fit['growth_factor_per_year']:.2f}/{unit_per} "
            f"[{fit['growth_factor_ci_low']:.2f}–{fit['growth_factor_ci_high']:.2f}]")
    if fit.get("r_squared") is not None:
        text += f", R²={fit['r_squared']:.2f}"
    return text


def _plot_trend(ax, dates, values, colour, label_prefix: str, start_year=None, end_year=None,
                as_dates: bool = True) -> dict:
    """Scatter is drawn by the caller; this draws the fitted line and its 95 % band."""
    x = fits.decimal_year(dates)
    y = _positive(values).to_numpy(dtype=float)
    keep = np.isfinite(x) & np.isfinite(y)
    if start_year is not None:
        keep &= x >= start_year
    if end_year is not None:
        keep &= x < end_year + 1
    fit = fits.fit_exponential_trend(x[keep], y[keep], label=label_prefix)
    if fit["growth_factor_per_year"] is None:
        return fit
    grid = np.linspace(x[keep].min(), x[keep].max(), 100)
    band = fits.predict_trend(x[keep], y[keep], grid)
    xs = _to_datetime(band["x"].to_numpy()) if as_dates else band["x"]
    ax.plot(xs, band["fit"], color=colour, lw=2, label=f"{label_prefix} trend {_fit_label(fit)}")
    ax.fill_between(xs, band["low"], band["high"], color=colour, alpha=0.2, lw=0, label=f"{label_prefix} 95 % CI")
    return fit


# --- (a) ----------------------------------------------------------------------------------------

def gpu_hours_h1_vs_h2(runs: pd.DataFrame | None, out_dir: Path, source_label: str = "",
                       ratio_fit: dict | None = None, assumed_ratio: float = 0.27) -> list[Path]:
    """(a) GPU-h1 against GPU-h2, log-log, with the 1:1 line (the assumed ratio) and the line of
    the fitted ratio (`fits.fit_performance_ratio`, computed here if not given)."""
    name = "gpu_hours_h1_vs_h2"
    runs = _frame(runs)
    if not _has(runs, "gpu_hours_h1", "gpu_hours_h2"):
        return no_data_figure(name, out_dir, source_label, "no runs with GPU-hours")
    h1, h2 = _positive(runs["gpu_hours_h1"]), _positive(runs["gpu_hours_h2"])
    both = h1.notna() & h2.notna()
    if both.sum() == 0:
        return no_data_figure(name, out_dir, source_label, "no run has both GPU-h1 and GPU-h2")
    if ratio_fit is None:
        ratio_fit = fits.fit_performance_ratio(runs, assumed_ratio)
    assumed_ratio = ratio_fit.get("assumed_ratio") or assumed_ratio
    fig, (ax,) = _new_figure(width=7.5, height=6.5)
    divergent = runs.get("is_gpu_hours_divergent", pd.Series(False, index=runs.index)).fillna(False).astype(bool)
    ax.scatter(h2[both & ~divergent], h1[both & ~divergent], s=18, alpha=0.7, color=COLOURS[0], label="run")
    if (both & divergent).any():
        ax.scatter(h2[both & divergent], h1[both & divergent], s=22, marker="x", color=COLOURS[3],
                   label="run flagged divergent")
    low = min(h1[both].min(), h2[both].min()) / 2
    high = max(h1[both].max(), h2[both].max()) * 2
    line = np.array([low, high])
    ax.plot(line, line, color="0.3", ls="--", label=f"1:1 (performance ratio {assumed_ratio:g})")
    if ratio_fit.get("fitted_ratio") is not None:
        fitted = ratio_fit["fitted_ratio"]
        # h1 = h2 × assumed / fitted
        ax.plot(line, line * assumed_ratio / fitted, color=COLOURS[1], lw=2,
                label=(f"fitted ratio {fitted:.3f} [{ratio_fit['fitted_ratio_ci_low']:.3f}–"
                       f"{ratio_fit['fitted_ratio_ci_high']:.3f}]"))
        if ratio_fit.get("free_slope") is not None:
            ax.plot(line, 10 ** ratio_fit["free_intercept_log10"] * line ** ratio_fit["free_slope"],
                    color=COLOURS[2], lw=1, ls=":",
                    label=f"free-slope fit (slope {ratio_fit['free_slope']:.2f}, R²={ratio_fit['r_squared_free']:.2f})")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    _label_axes(ax, f"GPU-h2: compute / (peak FLOP/s × {assumed_ratio:g}) [GPU-hours]",
                "GPU-h1: training time × hardware quantity [GPU-hours]", log_y=False)
    return _finish(fig, out_dir, name, f"n = {int(both.sum())} runs with both estimates", source_label)


# --- (b), (c) -----------------------------------------------------------------------------------

def energy_over_time(runs: pd.DataFrame | None, out_dir: Path, source_label: str = "",
                     start_year: int | None = 2013, end_year: int | None = 2025,
                     uncertainty: pd.DataFrame | None = None) -> list[Path]:
    """(b) Energy per run against publication date, log y, with the fitted exponential trend
    (fitted on [start_year, end_year]) and its 95 % band; with `uncertainty`
    (fct_training_run_impacts_uncertainty), each run's 5-95 % Monte Carlo interval as a bar."""
    name = "energy_over_time"
    runs = _frame(runs)
    if not _has(runs, "publication_date", "energy_kwh") or _positive(runs["energy_kwh"]).notna().sum() == 0:
        return no_data_figure(name, out_dir, source_label, "no run with an energy estimate")
    dates = pd.to_datetime(runs["publication_date"], errors="coerce")
    energy = _positive(runs["energy_kwh"])
    fig, (ax,) = _new_figure()
    if _has(_frame(uncertainty), "model_id", "energy_kwh_p5", "energy_kwh_p95") and "model_id" in runs.columns:
        bands = runs[["model_id"]].assign(date=dates).merge(uncertainty, on="model_id")
        ax.vlines(bands["date"], _positive(bands["energy_kwh_p5"]), _positive(bands["energy_kwh_p95"]),
                  color=COLOURS[0], alpha=0.35, linewidth=1.2, label="5–95 % Monte Carlo interval")
    ax.scatter(dates, energy, s=14, alpha=0.6, color=COLOURS[0], label="training run")
    fit = _plot_trend(ax, dates, energy, COLOURS[1], "energy", start_year, end_year)
    _label_axes(ax, "Publication date", "Energy per training run [kWh]")
    return _finish(fig, out_dir, name,
                   f"n = {int(energy.notna().sum())} runs (fit on n = {fit['n']}, {start_year}–{end_year})", source_label)


def gwp_over_time(runs: pd.DataFrame | None, out_dir: Path, source_label: str = "",
                  start_year: int | None = 2013, end_year: int | None = 2025) -> list[Path]:
    """(c) Use-phase and embodied GWP per run against publication date, log y, each with its
    fitted exponential trend and 95 % band."""
    name = "gwp_over_time"
    runs = _frame(runs)
    columns = ("gwp_use_kgco2e", "gwp_embodied_kgco2e")
    if not _has(runs, "publication_date", *columns) or all(_positive(runs[c]).notna().sum() == 0 for c in columns):
        return no_data_figure(name, out_dir, source_label, "no run with a GWP estimate")
    dates = pd.to_datetime(runs["publication_date"], errors="coerce")
    fig, (ax,) = _new_figure()
    counts = []
    for column, label, colour, marker in (("gwp_use_kgco2e", "use phase", COLOURS[0], "o"),
                                           ("gwp_embodied_kgco2e", "embodied", COLOURS[2], "^")):
        values = _positive(runs[column])
        counts.append(int(values.notna().sum()))
        ax.scatter(dates, values, s=14, alpha=0.5, color=colour, marker=marker, label=f"{label} (per run)")
        _plot_trend(ax, dates, values, colour, label, start_year, end_year)
    _label_axes(ax, "Publication date", "GWP per training run [kgCO2e]", legend_size=7)
    return _finish(fig, out_dir, name, f"n = {max(counts)} runs; trends fitted on {start_year}–{end_year}", source_label)


# --- (d) ----------------------------------------------------------------------------------------

def embodied_share_by_year(by_year: pd.DataFrame | None, out_dir: Path, source_label: str = "") -> list[Path]:
    """(d) Embodied share of the year's total GWP, ADPe and PE (agg_impacts_by_year), 0-100 %,
    with the median per-run share dotted where the table has it."""
    name = "embodied_share_by_year"
    by_year = _frame(by_year)
    shares = [("gwp_embodied_share", "GWP"), ("adpe_embodied_share", "ADPe"), ("pe_embodied_share", "PE")]
    if not _has(by_year, "publication_year") or not any(c in by_year for c, _ in shares):
        return no_data_figure(name, out_dir, source_label, "no yearly aggregates")
    data = by_year.sort_values("publication_year")
    fig, (ax,) = _new_figure()
    for (column, label), colour in zip(shares, COLOURS):
        if column in data:
            ax.plot(data["publication_year"], 100 * pd.to_numeric(data[column], errors="coerce"), marker="o",
                    color=colour, label=f"{label}: share of the year's total")
        if f"median_{column}" in data:
            ax.plot(data["publication_year"], 100 * pd.to_numeric(data[f"median_{column}"], errors="coerce"),
                    ls=":", color=colour, label=f"{label}: median run's share")
    ax.set_ylim(0, 100)
    _label_axes(ax, "Publication year", "Embodied share of the impact [%]", log_y=False, legend_loc="center left")
    runs = int(pd.to_numeric(data.get("estimated_run_count", pd.Series(dtype=float)), errors="coerce").sum())
    return _finish(fig, out_dir, name, f"n = {runs} runs over {len(data)} years" if runs else f"n = {len(data)} years",
                   source_label)


# --- (e) ----------------------------------------------------------------------------------------

def scenarios(location_shifting: pd.DataFrame | None, grid_decarbonization: pd.DataFrame | None,
              out_dir: Path, source_label: str = "", baseline_by_year: pd.DataFrame | None = None,
              metric: str = "total_gwp_total_kgco2e") -> list[Path]:
    """(e) Total GWP per year under the grid-decarbonisation rates (left) and the location-shifting
    scenarios (right), log y, against the baseline (agg_impacts_by_year, or the 'baseline' row of
    the location-shifting table). Absent scenario tables: a 'no data' figure."""
    name = "scenarios"
    location, decarb, baseline = _frame(location_shifting), _frame(grid_decarbonization), _frame(baseline_by_year)
    has_location = _has(location, "publication_year", "scenario", metric)
    has_decarb = _has(decarb, "publication_year", "annual_reduction_rate", metric)
    if not (has_location or has_decarb):
        return no_data_figure(name, out_dir, source_label, "scenario tables absent")
    if _has(baseline, "publication_year", metric):
        base = baseline[["publication_year", metric]].sort_values("publication_year")
    elif has_location and (location["scenario"] == "baseline").any():
        base = location[location["scenario"] == "baseline"][["publication_year", metric]].sort_values("publication_year")
    else:
        base = pd.DataFrame(columns=["publication_year", metric])
    fig, axes = _new_figure(ncols=2, width=12, height=5.5)
    panels = [
        (axes[0], decarb, has_decarb, "annual_reduction_rate", "Grid decarbonisation",
         lambda v: f"−{100 * float(v):g} %/yr"),
        (axes[1], location, has_location, "scenario", "Location shifting", str),
    ]
    n_runs = 0
    for ax, table, present, key, title, label_of in panels:
        ax.set_title(title, fontsize=11)
        if len(base):
            ax.plot(base["publication_year"], _positive(base[metric]), color="black", lw=2, marker="o", ms=3,
                    label=f"baseline {_fit_label(fits.fit_exponential_trend(base['publication_year'], base[metric]))}")
        if not present:
            ax.text(0.5, 0.5, "no data\n(scenario table absent)", ha="center", va="center", transform=ax.transAxes)
        else:
            for (value, group), colour in zip(table.groupby(key, sort=True), COLOURS[1:] * 5):
                if key == "scenario" and value == "baseline" and len(base):
                    continue
                group = group.sort_values("publication_year")
                fit = fits.fit_exponential_trend(group["publication_year"], group[metric])
                ax.plot(group["publication_year"], _positive(group[metric]), marker=".", color=colour,
                        label=f"{label_of(value)} {_fit_label(fit)}")
            if "run_count" in table:
                n_runs = max(n_runs, int(table.groupby("publication_year")["run_count"].max().sum()))
        _label_axes(ax, "Publication year", "Total GWP of the year's runs [kgCO2e]", legend_size=7)
    return _finish(fig, out_dir, name, f"n = {n_runs} runs; growth factor a year [95 % CI] of the yearly totals",
                   source_label)


# --- (f) ----------------------------------------------------------------------------------------

def hardware(cards: pd.DataFrame | None, out_dir: Path, source_label: str = "",
             start_year: int | None = 2013, end_year: int | None = 2025) -> list[Path]:
    """(f) Per GPU card against release date: embodied GWP per card (left) and FP32 and tensor
    FP16 FLOP/s per W (right), log y, with exponential trends over [start_year, end_year]."""
    name = "hardware"
    cards = _frame(cards)
    if not _has(cards, "release_date"):
        return no_data_figure(name, out_dir, source_label, "no GPU cards")
    dates = pd.to_datetime(cards["release_date"], errors="coerce")
    segments = cards["segment"].fillna("unknown") if "segment" in cards else pd.Series("all", index=cards.index)
    markers = {"data_centre": "o", "workstation": "s", "consumer": "^"}
    fig, axes = _new_figure(ncols=2, width=12, height=5.5)
    ax = axes[0]
    if "gwp_embodied_kgco2e" in cards:
        for segment in sorted(segments.unique()):
            mask = segments == segment
            ax.scatter(dates[mask], _positive(cards.loc[mask, "gwp_embodied_kgco2e"]), s=14, alpha=0.6,
                       marker=markers.get(segment, "o"), label=segment.replace("_", " "))
        _plot_trend(ax, dates, cards["gwp_embodied_kgco2e"], COLOURS[3], "all cards", start_year, end_year)
    else:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
    ax.set_title("Embodied GWP per card", fontsize=11)
    _label_axes(ax, "Release date", "Embodied GWP per card [kgCO2e]", legend_size=7)
    ax = axes[1]
    drawn = False
    for column, label, colour in (("fp32_flops_per_w", "FP32", COLOURS[0]),
                                  ("tensor_fp16_flops_per_w", "tensor FP16", COLOURS[1])):
        if column in cards and _positive(cards[column]).notna().any():
            ax.scatter(dates, _positive(cards[column]), s=12, alpha=0.5, color=colour, label=f"{label} (card)")
            _plot_trend(ax, dates, cards[column], colour, label, start_year, end_year)
            drawn = True
    if not drawn:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
    ax.set_title("Energy efficiency (peak)", fontsize=11)
    _label_axes(ax, "Release date", "Peak FLOP/s per W [FLOP/s/W]", log_y=drawn, legend_size=7)
    return _finish(fig, out_dir, name, f"n = {int(dates.notna().sum())} cards; trends fitted on {start_year}–{end_year}",
                   source_label)


# --- (g) ----------------------------------------------------------------------------------------

def lifespan(hardware_lifespan: pd.DataFrame | None, out_dir: Path, source_label: str = "",
             utilization: float | None = None) -> list[Path]:
    """(g) Total GWP per year (left, log y) and embodied share of it (right, %) for each hardware
    lifetime (scn_hardware_lifespan_by_year) at one utilization (default: the most common one,
    preferring 0.5, the study's)."""
    name = "lifespan"
    table = _frame(hardware_lifespan)
    if not _has(table, "publication_year", "hardware_lifetime_years", "total_gwp_total_kgco2e"):
        return no_data_figure(name, out_dir, source_label, "scenario tables absent")
    if "hardware_utilization" in table and table["hardware_utilization"].notna().any():
        levels = sorted(table["hardware_utilization"].dropna().unique())
        if utilization is None:
            utilization = 0.5 if any(np.isclose(levels, 0.5)) else levels[0]
        table = table[np.isclose(table["hardware_utilization"].astype(float), utilization)]
    fig, axes = _new_figure(ncols=2, width=12, height=5.5)
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
        _label_axes(ax, "Publication year", log_y=False, legend_size=7, title="hardware lifetime", title_fontsize=7)
    util = f"utilization {100 * utilization:g} %" if utilization is not None else "utilization as in the table"
    n_runs = int(table.groupby("publication_year")["run_count"].max().sum()) if "run_count" in table else 0
    return _finish(fig, out_dir, name, f"n = {n_runs} runs; {util}", source_label)


# --- (h) ----------------------------------------------------------------------------------------

# (estimate column, published column, axis label, marker) of rpt_validation_published_footprints
VALIDATED = [("estimated_gpu_hours", "published_gpu_hours", "GPU-hours [h]", "o"),
             ("estimated_energy_kwh", "published_energy_kwh", "energy [kWh]", "s"),
             ("estimated_gwp_use_kgco2e", "published_gwp_kgco2e", "use-phase GWP [kgCO2e]", "^")]


def validation(validated: pd.DataFrame | None, out_dir: Path, source_label: str = "") -> list[Path]:
    """(h) Each published figure (rpt_validation_published_footprints) against the warehouse's
    estimate of the same run, log-log, one panel per quantity, with the 1:1 line and the ×1.5
    band either side; one marker per method profile (the mart has a row per run and profile), so
    the two profiles' estimates of a run sit on one vertical line."""
    name = "validation"
    table = _frame(validated)
    pairs = [(estimate, published, label) for estimate, published, label, _ in VALIDATED
             if _has(table, estimate, published)]
    if not pairs:
        return no_data_figure(name, out_dir, source_label, "no published footprint matched an estimated run")
    profiles = (sorted(table["method_profile"].dropna().unique()) if "method_profile" in table else [None])
    markers = {"paper": "s", "best_estimate": "o"}
    fig, axes = _new_figure(ncols=len(pairs), width=4.0 * len(pairs) + 1, height=5.0)
    points = 0
    for ax, (estimate_column, published_column, label) in zip(axes, pairs):
        estimated_all = _positive(table[estimate_column]).to_numpy()
        published_all = _positive(table[published_column]).to_numpy()
        keep_all = np.isfinite(estimated_all) & np.isfinite(published_all)
        if not keep_all.any():
            ax.set_title(label, fontsize=9)
            continue
        low = min(estimated_all[keep_all].min(), published_all[keep_all].min()) / 2
        high = max(estimated_all[keep_all].max(), published_all[keep_all].max()) * 2
        line = np.array([low, high])
        ax.plot(line, line, color="black", lw=1, label="estimate = published")
        ax.fill_between(line, line / 1.5, line * 1.5, color="grey", alpha=0.2, label="within ×1.5")
        for profile, colour in zip(profiles, COLOURS):
            of_profile = (table["method_profile"] == profile).to_numpy() if profile is not None else np.ones(len(table), bool)
            keep = keep_all & of_profile
            points += int(keep.sum())
            # the paper's estimates hollow, so the best estimate beneath them stays visible
            hollow = profile == "paper" and len(profiles) > 1
            ax.scatter(published_all[keep], estimated_all[keep], marker=markers.get(profile, "o"), s=30, zorder=3,
                       facecolors="none" if hollow else colour, edgecolors=colour, linewidths=1.2,
                       label=f"{profile} profile" if profile else None)
            if profile == profiles[-1]:  # name each run once
                for x, y, run in zip(published_all[keep], estimated_all[keep], table.loc[keep, "model_name"]):
                    ax.annotate(str(run), (x, y), fontsize=6, xytext=(3, 3), textcoords="offset points")
        ax.set_xscale("log")
        ax.set_xlim(low, high)
        ax.set_ylim(low, high)
        ax.set_title(label, fontsize=9)
        _label_axes(ax, "published", "estimated", legend_size=6)
    return _finish(fig, out_dir, name, f"n = {points} estimates of published figures, "
                   f"{len(profiles)} method profile(s) (seeds/reference/published_training_footprints.csv)",
                   source_label)


# name -> function, for callers that draw them all
FIGURE_FUNCTIONS: dict[str, Callable[..., list[Path]]] = {
    "gpu_hours_h1_vs_h2": gpu_hours_h1_vs_h2,
    "energy_over_time": energy_over_time,
    "gwp_over_time": gwp_over_time,
    "embodied_share_by_year": embodied_share_by_year,
    "scenarios": scenarios,
    "hardware": hardware,
    "lifespan": lifespan,
    "validation": validation,
}
