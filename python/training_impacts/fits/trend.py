"""One exponential trend: OLS of log10(value) on decimal year (statsmodels), its growth factor a
year, interval, doubling time and R²; the columns every fit table shares (FIT_COLUMNS)."""

from __future__ import annotations

import math
from collections.abc import Sequence

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
