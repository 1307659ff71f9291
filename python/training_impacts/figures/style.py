"""The figures' shared style and helpers: the figure names and titles (`FIGURES`), size, DPI and
colours, the canvas (`_new_figure`), axis dress, captions wrapped to the figure's width, plain
ticks on short log axes, the trend line with its band, the "no data" figure, and `_save`,
which checks the text (`legibility.text_problems`) before writing the PNG and the SVG."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from training_impacts import fits

from .legibility import LAST_TEXT_PROBLEMS, FigureTextWarning, text_problems

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
CAPTION_SIZE = 8
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
    # `_save` looked up on the package, so a test's monkeypatch of `figures._save` sees every figure saved
    return sys.modules[__package__]._save(fig, out_dir, name)


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
