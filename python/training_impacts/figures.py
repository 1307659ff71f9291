"""The study's figures (docs/method.md section 5), drawn with matplotlib's Agg backend (no screen).

Each function takes DataFrames read from the warehouse marts (and optionally fit dicts from
`fits`), an output folder and a `source_label` for the caption, writes `<name>.png` and
`<name>.svg` and returns the list of paths written. Missing or empty inputs give a figure that
says "no data" instead of an exception. The figure names, in order, are `FIGURES`.

The report shows each PNG at most 960 CSS px wide, so the figures keep that width's worth of
readable text: one column of panels (two where they are small), constrained layout, captions
wrapped to the figure's width. Before writing, `_save` checks every text with `text_problems`
(inside the image, at least 9 px once displayed) and records the result in `LAST_TEXT_PROBLEMS`,
warning (`FigureTextWarning`) of any problem.
"""

from __future__ import annotations

import textwrap
import warnings
from pathlib import Path
from typing import Callable

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter  # noqa: E402

from training_impacts import fits  # noqa: E402

# name -> title; the report embeds them in this order.
FIGURES: dict[str, str] = {
    "gpu_hours_h1_vs_h2": "GPU-hours from training time (GPU-h1) against from compute (GPU-h2)",
    "energy_over_time": "Energy per training run",
    "gwp_over_time": "GWP per training run: use phase and embodied",
    "embodied_share_by_year": "Embodied share of the impacts, by publication year",
    "scenarios": "Carbon strategies against the baseline: the median run's total GWP per year",
    "hardware": "GPU cards: embodied GWP and energy efficiency",
    "lifespan": "Hardware lifespan: total GWP per year",
    "validation": "The warehouse's estimates against published footprints",
    "coverage": "How every input record was estimated or excluded",
}

DPI = 150
# The report shows each PNG at most 960 CSS px wide: an 8-inch figure (1200 px at DPI) is shown at
# 0.8 of its size, so a 7 pt text reads as 11.7 px. Wider figures shrink their text further.
WIDTH = 8.0
DISPLAY_WIDTH_PX = 960
MIN_TEXT_PX = 9.0
CAPTION_SIZE = 8
COLOURS = plt.rcParams["axes.prop_cycle"].by_key()["color"]

# figure name -> the text problems (`text_problems`) of its last drawing; empty when legible
LAST_TEXT_PROBLEMS: dict[str, list[str]] = {}


class FigureTextWarning(UserWarning):
    """A figure was saved with text cut by the image edge or too small to read in the report."""


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


def _readable(code: str) -> str:
    """A snake_case code as words ('no_hardware' -> 'no hardware'); text with spaces as it is."""
    code = str(code)
    return code if " " in code else code.replace("_", " ")


def _wrap(fig, text: str, fontsize: float, fraction: float = 0.97) -> str:
    """`text` wrapped at word breaks to `fraction` of the figure's width, measured at `fontsize`
    with the figure's own renderer (a character count cannot know the font's widths)."""
    renderer = fig.canvas.get_renderer()
    font = FontProperties(size=fontsize)
    room = fraction * fig.bbox.width
    lines = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if line and renderer.get_text_width_height_descent(trial, font, ismath=False)[0] > room:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return "\n".join(lines)


def _caption(fig, text: str, source_label: str) -> None:
    """The caption as the figure's bottom label, so constrained layout keeps room for all its lines;
    a caption of several lines starts the source on a line of its own, so it reads whole."""
    caption = _wrap(fig, f"{text} · Source: {source_label}" if source_label else text, CAPTION_SIZE)
    if source_label and "\n" in caption:
        caption = _wrap(fig, text, CAPTION_SIZE) + "\n" + _wrap(fig, f"Source: {source_label}", CAPTION_SIZE)
    fig.supxlabel(caption, x=0.01, ha="left", fontsize=CAPTION_SIZE, color="0.3", parse_math=False)


def _plain_number(value: float, _position=None) -> str:
    """A tick value as a plain number: 0.05, 20, 5,000, 200 k, 20 M."""
    for factor, suffix in ((1e15, " P"), (1e12, " T"), (1e9, " G"), (1e6, " M")):
        if value >= factor:
            return f"{value / factor:g}{suffix}"
    return f"{value:,.0f}" if value >= 1 else f"{value:.2g}"


def _log_ticks(axis) -> None:
    """On a log axis spanning under two decades, plain-number ticks at 1, 2, 5 × 10^k (every
    integer multiple under one decade) and no minor labels, where matplotlib would print "4×10¹";
    wider axes keep their powers of ten."""
    low, high = sorted(axis.get_view_interval())
    if not (np.isfinite(low) and np.isfinite(high) and 0 < low < high) or np.log10(high / low) >= 2:
        return
    subs = (1.0, 2.0, 5.0) if np.log10(high / low) >= 1 else np.arange(1.0, 10.0)
    axis.set_major_locator(LogLocator(base=10, subs=subs))
    axis.set_major_formatter(FuncFormatter(_plain_number))
    axis.set_minor_locator(LogLocator(base=10, subs=np.arange(1.0, 10.0)))
    axis.set_minor_formatter(NullFormatter())


def _drawn_texts(fig) -> list[Text]:
    """The texts one draw of `fig` renders. Recording the draw skips what is never drawn (tick
    labels out of view, children of hidden artists), which a walk of the artist tree would check."""
    drawn: dict[int, Text] = {}
    draw = Text.draw

    def recording(text, renderer):
        drawn[id(text)] = text
        return draw(text, renderer)

    Text.draw = recording
    try:
        fig.canvas.draw()
    finally:
        Text.draw = draw
    return list(drawn.values())


def text_problems(fig, display_width_px: int = DISPLAY_WIDTH_PX, min_px: float = MIN_TEXT_PX,
                  dpi: float | None = None) -> list[str]:
    """Draw `fig` and return one message per visible text (titles, labels, tick labels, legends,
    captions, annotations) whose box leaves the canvas, even partly, or whose font is below
    `min_px` CSS px once the PNG (saved at `dpi`, default the figure's) is shown at most
    `display_width_px` wide. The canvas is the saved image: figures are saved without a tight box."""
    dpi = dpi or fig.dpi
    pixel_width = fig.get_figwidth() * dpi
    scale = min(display_width_px, pixel_width) / pixel_width
    texts = _drawn_texts(fig)
    renderer = fig.canvas.get_renderer()
    canvas = fig.bbox
    problems = []
    for text in texts:
        content = text.get_text()
        if not text.get_visible() or not content.strip():
            continue
        name = repr(textwrap.shorten(" ".join(content.split()), 50, placeholder="…"))
        shown = text.get_fontsize() * dpi / 72 * scale
        if shown < min_px:
            problems.append(f"text {name}: {text.get_fontsize():g} pt is {shown:.1f} px at "
                            f"{display_width_px} px wide (< {min_px:g} px)")
        box = text.get_window_extent(renderer)
        if (box.x0 < canvas.x0 - 0.5 or box.y0 < canvas.y0 - 0.5
                or box.x1 > canvas.x1 + 0.5 or box.y1 > canvas.y1 + 0.5):
            problems.append(f"text {name}: outside the image (box x {box.x0:.0f}–{box.x1:.0f}, "
                            f"y {box.y0:.0f}–{box.y1:.0f} of {canvas.width:.0f}×{canvas.height:.0f} px)")
    return problems


def _save(fig, out_dir: Path, name: str) -> list[Path]:
    """The PNG and SVG, after the legibility check (recorded in LAST_TEXT_PROBLEMS, warned of)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{name}.png", out_dir / f"{name}.svg"]
    problems = text_problems(fig, dpi=DPI)
    LAST_TEXT_PROBLEMS[name] = problems
    if problems:
        warnings.warn(f"figure {name}: " + "; ".join(problems), FigureTextWarning, stacklevel=3)
    fig.savefig(paths[0], dpi=DPI)
    fig.savefig(paths[1])
    plt.close(fig)
    return paths


def _new_figure(nrows: int = 1, ncols: int = 1, width: float = WIDTH, height: float = 5.5):
    """Constrained layout, so titles, labels, legends and the caption stay inside the canvas."""
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), dpi=DPI, squeeze=False, layout="constrained")
    return fig, list(axes.flat)


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


def _finish(fig, out_dir: Path, name: str, caption: str, source_label: str, title: str | None = None) -> list[Path]:
    """Title, caption (with the data source), plain ticks on short log axes, the PNG and SVG files."""
    fig.suptitle(_wrap(fig, title or FIGURES.get(name, name), 13), fontsize=13)
    _caption(fig, caption, source_label)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_scale() == "log":
                _log_ticks(axis)
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


# --- (f) ----------------------------------------------------------------------------------------

def hardware(cards: pd.DataFrame | None, out_dir: Path, source_label: str = "",
             start_year: int | None = 2013, end_year: int | None = 2025) -> list[Path]:
    """(f) Per GPU card against release date: embodied GWP per card (top) and FP32 and tensor
    FP16 FLOP/s per W (bottom), log y, with exponential trends over [start_year, end_year]. The
    panels are stacked so the figure keeps the report's width and its text stays readable."""
    name = "hardware"
    cards = _frame(cards)
    if not _has(cards, "release_date"):
        return no_data_figure(name, out_dir, source_label, "no GPU cards")
    dates = pd.to_datetime(cards["release_date"], errors="coerce")
    segments = cards["segment"].fillna("unknown") if "segment" in cards else pd.Series("all", index=cards.index)
    markers = {"data_centre": "o", "workstation": "s", "consumer": "^"}
    fig, axes = _new_figure(nrows=2, height=10.0)
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
    _label_axes(ax, "Release date", "Embodied GWP per card [kgCO2e]", legend_size=8)
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
    _label_axes(ax, "Release date", "Peak FLOP/s per W [FLOP/s/W]", log_y=drawn, legend_size=8)
    return _finish(fig, out_dir, name, f"n = {int(dates.notna().sum())} cards; trends fitted on {start_year}–{end_year}",
                   source_label)


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


# --- (h) ----------------------------------------------------------------------------------------

# (estimate column, published column, axis label, marker) of rpt_validation_published_footprints
VALIDATED = [("estimated_gpu_hours", "published_gpu_hours", "GPU-hours [h]", "o"),
             ("estimated_energy_kwh", "published_energy_kwh", "energy [kWh]", "s"),
             ("estimated_gwp_use_kgco2e", "published_gwp_kgco2e", "use-phase GWP [kgCO2e]", "^")]


def validation(validated: pd.DataFrame | None, out_dir: Path, source_label: str = "") -> list[Path]:
    """(h) Each published figure (rpt_validation_published_footprints) against the warehouse's
    estimate of the same run, log-log, one panel per quantity (two to a row, so the text stays
    readable at the report's width), with the 1:1 line and the ×1.5 band either side; one marker
    per method profile (the mart has a row per run and profile), so the two profiles' estimates
    of a run sit on one vertical line. Run names right of a panel's middle are set to the left of
    their point, so they stay inside the image."""
    name = "validation"
    table = _frame(validated)
    pairs = [(estimate, published, label) for estimate, published, label, _ in VALIDATED
             if _has(table, estimate, published)]
    if not pairs:
        return no_data_figure(name, out_dir, source_label, "no published footprint matched an estimated run")
    profiles = (sorted(table["method_profile"].dropna().unique()) if "method_profile" in table else [None])
    markers = {"paper": "s", "best_estimate": "o"}
    ncols = min(2, len(pairs))
    nrows = -(-len(pairs) // ncols)
    fig, axes = _new_figure(nrows=nrows, ncols=ncols, height=4.3 * nrows + 1.0)
    for spare in axes[len(pairs):]:
        fig.delaxes(spare)
    points = 0
    for ax, (estimate_column, published_column, label) in zip(axes, pairs):
        estimated_all = _positive(table[estimate_column]).to_numpy()
        published_all = _positive(table[published_column]).to_numpy()
        keep_all = np.isfinite(estimated_all) & np.isfinite(published_all)
        if not keep_all.any():
            ax.set_title(label, fontsize=10)
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
                middle = np.sqrt(low * high)
                for x, y, run in zip(published_all[keep], estimated_all[keep], table.loc[keep, "model_name"]):
                    right = x > middle
                    ax.annotate(str(run), (x, y), fontsize=7, xytext=(-3 if right else 3, 3),
                                textcoords="offset points", ha="right" if right else "left")
        ax.set_xscale("log")
        ax.set_xlim(low, high)
        ax.set_ylim(low, high)
        ax.set_title(label, fontsize=10)
        _label_axes(ax, "published", "estimated", legend_size=7)
    return _finish(fig, out_dir, name, f"n = {points} estimates of published figures, "
                   f"{len(profiles)} method profile(s) (seeds/reference/published_training_footprints.csv)",
                   source_label)


# --- coverage -------------------------------------------------------------------------------------

# outcome of an input record -> bar colour
OUTCOME_COLOURS = {"estimated": COLOURS[2], "excluded": COLOURS[3]}


def coverage(counts: pd.DataFrame | None, out_dir: Path, source_label: str = "") -> list[Path]:
    """What the estimates rest on and what they leave out: one horizontal bar per way the
    input records were estimated (`outcome` 'estimated', `reason` e.g. 'imputed hardware') or
    excluded (`outcome` 'excluded', `reason` the exclusion_reason code), longest at the top, each
    labelled with its `records`. Long reasons wrap over lines beside their bar."""
    name = "coverage"
    table = _frame(counts)
    if not _has(table, "outcome", "reason", "records"):
        return no_data_figure(name, out_dir, source_label, "no record counts")
    data = (table.assign(records=pd.to_numeric(table["records"], errors="coerce").fillna(0).astype(int))
            .groupby(["outcome", "reason"], as_index=False)["records"].sum()
            .sort_values(["records", "reason"]).reset_index(drop=True))
    fig, (ax,) = _new_figure(height=max(4.0, 1.8 + 0.45 * len(data)))
    rows = np.arange(len(data))
    bars = ax.barh(rows, data["records"], color=[OUTCOME_COLOURS.get(o, "0.5") for o in data["outcome"]])
    ax.bar_label(bars, labels=[f"{n:,}" for n in data["records"]], padding=3, fontsize=9)
    ax.set_yticks(rows, ["\n".join(textwrap.wrap(_readable(reason), 34)) for reason in data["reason"]], fontsize=9)
    ax.set_xlim(0, max(1, data["records"].max()) * 1.15)  # room for the counts
    ax.set_ylim(-0.6, len(data) - 0.4)
    totals = data.groupby("outcome")["records"].sum()
    ax.legend(handles=[Patch(color=OUTCOME_COLOURS.get(outcome, "0.5"), label=f"{outcome} ({total:,} records)")
                       for outcome, total in totals.items()], fontsize=9, loc="lower right")
    ax.set_xlabel("Input records")
    ax.grid(True, axis="x", alpha=0.3)
    parts = ", ".join(f"{total:,} {outcome}" for outcome, total in totals.items())
    return _finish(fig, out_dir, name, f"n = {int(totals.sum()):,} input records: {parts}", source_label)


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
    "coverage": coverage,
}
