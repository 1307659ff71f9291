"""Trend fits of the study (docs/method.md section 5): pure functions on pandas DataFrames, no I/O.

Every fit is an ordinary least-squares regression (statsmodels) of log10(value) on time, so the
slope is the log10 growth per year and 10**slope the growth factor a year. The DataFrame-returning
functions give one row per fitted series with the same columns (`FIT_COLUMNS`), so that dbt Python
models can materialise them as tables (`rpt_trend_fits`, `rpt_hardware_trends`, ...):

    def model(dbt, session):
        runs = dbt.ref("fct_training_run_impacts").df()
        return run_trend_fits(runs, start_year=dbt.config.get("start_year"), end_year=dbt.config.get("end_year"))

A series with fewer than `MIN_POINTS` usable points (value > 0, finite) gets its `n` and nulls,
never an exception. Numeric columns are float64 (NaN becomes NULL in DuckDB).

The package: `trend` (one fit, FIT_COLUMNS, decimal_year), `series` (the run, card and scenario
fit tables), `ratio` (the performance-ratio check) and `scopes` (per analysis scope and method
profile). Everything is imported from here (`from training_impacts import fits`).
"""

from training_impacts.fits.ratio import fit_performance_ratio, performance_ratio_fits
from training_impacts.fits.scopes import (
    per_method_profile,
    performance_ratio_fits_by_scope,
    run_scenario_trend_fits_by_scope,
    run_trend_fits_by_scope,
    runs_in_scope,
    scope_list,
)
from training_impacts.fits.series import (
    HARDWARE_METRICS,
    RUN_METRICS,
    SCENARIO_FAMILIES,
    run_hardware_trends,
    run_scenario_trend_fits,
    run_trend_fits,
    scenario_label,
)
from training_impacts.fits.trend import (
    CONFIDENCE,
    FIT_COLUMNS,
    LOG10_2,
    MIN_POINTS,
    decimal_year,
    fit_exponential_trend,
    predict_trend,
    unit_of,
)

__all__ = [
    "CONFIDENCE", "FIT_COLUMNS", "HARDWARE_METRICS", "LOG10_2", "MIN_POINTS", "RUN_METRICS", "SCENARIO_FAMILIES",
    "decimal_year", "fit_exponential_trend", "fit_performance_ratio", "per_method_profile",
    "performance_ratio_fits", "performance_ratio_fits_by_scope", "predict_trend", "run_hardware_trends",
    "run_scenario_trend_fits", "run_scenario_trend_fits_by_scope", "run_trend_fits", "run_trend_fits_by_scope",
    "runs_in_scope", "scenario_label", "scope_list", "unit_of",
]
