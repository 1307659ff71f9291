"""The check of the paper's performance ratio: the achieved share of peak FLOP/s that makes GPU-h2
equal GPU-h1, fitted on the runs that have both."""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS
from statsmodels.tools.tools import add_constant

from training_impacts.fits.trend import CONFIDENCE, MIN_POINTS


def fit_performance_ratio(runs: pd.DataFrame, assumed_ratio: float,
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


def performance_ratio_fits(runs: pd.DataFrame, assumed_ratio: float) -> pd.DataFrame:
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
