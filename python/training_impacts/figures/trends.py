"""The training runs' figures, (a) to (d): GPU-h1 against GPU-h2,
energy and GWP per run against publication date with their exponential trends, and the
embodied share of the impacts by publication year."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from training_impacts import fits

from .style import (
    COLOURS,
    _finish,
    _frame,
    _has,
    _label_axes,
    _new_figure,
    _plot_trend,
    _positive,
    no_data_figure,
)

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
    (fct_training_run_impacts_uncertainty), each run's 5-95 % Monte Carlo interval as a vertical
    line under a hollow marker, so an interval narrower than the marker still shows."""
    name = "energy_over_time"
    runs = _frame(runs)
    if not _has(runs, "publication_date", "energy_kwh") or _positive(runs["energy_kwh"]).notna().sum() == 0:
        return no_data_figure(name, out_dir, source_label, "no run with an energy estimate")
    dates = pd.to_datetime(runs["publication_date"], errors="coerce")
    energy = _positive(runs["energy_kwh"])
    fig, (ax,) = _new_figure(height=6.0)
    bands = _energy_intervals(runs.assign(date=dates), _frame(uncertainty))
    if len(bands):
        width = np.median(bands["high"] / bands["low"])
        ax.vlines(bands["date"], bands["low"], bands["high"], color="0.15", alpha=0.8, linewidth=1.6, zorder=2,
                  label=f"5–95 % Monte Carlo interval of the run (median ×{width:.2f} wide)")
    ax.scatter(dates, energy, s=16, alpha=0.8, zorder=3, linewidths=0.9, label="training run",
               facecolors="none" if len(bands) else COLOURS[0], edgecolors=COLOURS[0])
    fit = _plot_trend(ax, dates, energy, COLOURS[1], "energy", start_year, end_year)
    _label_axes(ax, "Publication date", "Energy per training run [kWh]")
    caption = f"n = {int(energy.notna().sum())} runs (fit on n = {fit['n']}, {start_year}–{end_year})"
    if len(bands):
        caption += f"; {len(bands)} with a Monte Carlo interval"
    return _finish(fig, out_dir, name, caption, source_label)


def _energy_intervals(runs: pd.DataFrame, uncertainty: pd.DataFrame) -> pd.DataFrame:
    """Each run's 5-95 % energy interval (date, low, high), joined on the table's key (model_id,
    run_source where both frames have it); empty where none can be drawn."""
    if not _has(uncertainty, "model_id", "energy_kwh_p5", "energy_kwh_p95") or "model_id" not in runs:
        return pd.DataFrame(columns=["date", "low", "high"])
    key = ["model_id", "run_source"] if "run_source" in runs and "run_source" in uncertainty else ["model_id"]
    joined = runs[[*key, "date"]].merge(uncertainty[[*key, "energy_kwh_p5", "energy_kwh_p95"]], on=key)
    bands = pd.DataFrame({"date": joined["date"], "low": _positive(joined["energy_kwh_p5"]).to_numpy(),
                          "high": _positive(joined["energy_kwh_p95"]).to_numpy()})
    return bands.dropna().reset_index(drop=True)


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
    _label_axes(ax, "Publication date", "GWP per training run [kgCO2e]", legend_size=8)
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
