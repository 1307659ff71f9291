"""The trend fits recover known growth rates and ratios from synthetic data (training_impacts.fits)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from training_impacts import fits

TRUE_FACTOR = 4.0  # per year


def exponential_runs(n: int = 200, factor: float = TRUE_FACTOR, noise_log10: float = 0.3, seed: int = 1,
                     start: str = "2013-01-01", end: str = "2025-12-31") -> pd.DataFrame:
    """Runs whose values grow by `factor` a year, with log-normal noise."""
    rng = np.random.default_rng(seed)
    start_ts, end_ts = pd.Timestamp(start), pd.Timestamp(end)
    dates = pd.DatetimeIndex(start_ts + (end_ts - start_ts) * rng.uniform(0, 1, n))
    years = fits.decimal_year(pd.Series(dates))
    log_values = 2.0 + math.log10(factor) * (years - 2013) + rng.normal(0, noise_log10, n)
    values = 10 ** log_values
    frame = pd.DataFrame({"publication_date": dates.normalize(), "publication_year": dates.year})
    for metric in fits.RUN_METRICS:
        frame[metric] = values
    return frame


def test_decimal_year_of_dates_and_numbers():
    years = fits.decimal_year(pd.Series(pd.to_datetime(["2020-01-01", "2020-07-02", "2021-01-01"])))
    assert years == pytest.approx([2020.0, 2020.5, 2021.0], abs=1e-3)
    assert fits.decimal_year([2019.25, 2020]) == pytest.approx([2019.25, 2020.0])


def test_exponential_fit_recovers_a_known_growth_factor():
    runs = exponential_runs()
    fit = fits.fit_exponential_trend(runs["publication_date"], runs["energy_kwh"], "energy")
    assert fit["n"] == 200
    assert fit["growth_factor_ci_low"] < TRUE_FACTOR < fit["growth_factor_ci_high"]
    assert fit["growth_factor_per_year"] == pytest.approx(TRUE_FACTOR, rel=0.10)
    assert fit["doubling_time_years"] == pytest.approx(math.log10(2) / fit["slope_log10_per_year"])
    assert fit["doubling_time_years"] == pytest.approx(0.5, rel=0.10)  # 4x a year doubles in half a year
    assert fit["r_squared"] > 0.9 and fit["p_value"] < 1e-6
    assert (fit["first_year"], fit["last_year"]) == (2013, 2025)


def test_exponential_fit_without_noise_is_exact():
    years = np.arange(2013, 2026, dtype=float)
    fit = fits.fit_exponential_trend(years, 3.0 * 2.5 ** (years - 2013), "exact")
    assert fit["growth_factor_per_year"] == pytest.approx(2.5, rel=1e-9)
    assert fit["r_squared"] == pytest.approx(1.0)


def test_decline_has_no_doubling_time():
    years = np.arange(2013, 2026, dtype=float)
    fit = fits.fit_exponential_trend(years, 1000 * 0.8 ** (years - 2013))
    assert fit["growth_factor_per_year"] == pytest.approx(0.8)
    assert fit["doubling_time_years"] is None


@pytest.mark.parametrize("values", [[], [5.0], [5.0, 7.0], [5.0, 0.0, -1.0, np.nan, 6.0]])
def test_fewer_than_three_points_gives_nulls(values):
    dates = pd.date_range("2015-01-01", periods=len(values), freq="365D")
    fit = fits.fit_exponential_trend(dates, values, "few")
    assert fit["n"] == sum(1 for v in values if v and v > 0)
    assert fit["n"] < 3
    for key in ("slope_log10_per_year", "growth_factor_per_year", "growth_factor_ci_low", "growth_factor_ci_high",
                "doubling_time_years", "r_squared", "p_value"):
        assert fit[key] is None


def test_zero_and_negative_values_are_left_out():
    runs = exponential_runs(n=60)
    runs.loc[:9, "energy_kwh"] = 0.0
    fit = fits.fit_exponential_trend(runs["publication_date"], runs["energy_kwh"])
    assert fit["n"] == 50


def test_run_trend_fits_one_row_per_metric_and_year_window():
    runs = exponential_runs()
    old = exponential_runs(n=20, seed=2, start="2005-01-01", end="2012-06-30")
    old["energy_kwh"] = 1e12  # outside the window: would wreck the fit if it were used
    table = fits.run_trend_fits(pd.concat([runs, old], ignore_index=True), start_year=2013, end_year=2025)
    assert list(table["metric"]) == list(fits.RUN_METRICS)
    assert table["metric"].is_unique
    assert set(table.columns) >= {"metric", "unit", *fits.FIT_COLUMNS}
    energy = table.set_index("metric").loc["energy_kwh"]
    assert energy["n"] == 200
    assert energy["unit"] == "kWh"
    assert energy["growth_factor_per_year"] == pytest.approx(TRUE_FACTOR, rel=0.10)
    assert table["growth_factor_per_year"].dtype == "float64"


def test_run_trend_fits_on_empty_runs_gives_null_rows():
    table = fits.run_trend_fits(pd.DataFrame(columns=["publication_date", "energy_kwh"]), start_year=2013, end_year=2025)
    assert len(table) == len(fits.RUN_METRICS)
    assert (table["n"] == 0).all()
    assert table["growth_factor_per_year"].isna().all()
    assert table["growth_factor_per_year"].dtype == "float64"  # NULL, not an untyped column, in DuckDB


def synthetic_h1_h2(true_ratio: float, assumed_ratio: float = 0.27, n: int = 80, noise_log10: float = 0.1,
                    seed: int = 3) -> pd.DataFrame:
    """h2 computed with `assumed_ratio`, h1 from the true achieved ratio: h1 = h2 × assumed / true."""
    rng = np.random.default_rng(seed)
    compute = 10 ** rng.uniform(18, 25, n)
    peak = 10 ** rng.uniform(13, 15, n)
    h2 = compute / (peak * assumed_ratio) / 3600
    h1 = compute / (peak * true_ratio) / 3600 * 10 ** rng.normal(0, noise_log10, n)
    return pd.DataFrame({"gpu_hours_h1": h1, "gpu_hours_h2": h2, "is_gpu_hours_divergent": False})


def test_performance_ratio_recovered_from_synthetic_runs():
    runs = synthetic_h1_h2(true_ratio=0.35)
    fit = fits.fit_performance_ratio(runs, assumed_ratio=0.27)
    assert fit["n"] == 80
    assert fit["assumed_ratio"] == 0.27
    assert fit["fitted_ratio_ci_low"] < 0.35 < fit["fitted_ratio_ci_high"]
    assert fit["fitted_ratio"] == pytest.approx(0.35, rel=0.05)
    assert not fit["fitted_ratio_ci_low"] <= 0.27 <= fit["fitted_ratio_ci_high"]
    assert fit["free_slope"] == pytest.approx(1.0, abs=0.05)
    assert fit["r_squared_free"] > 0.95


def test_performance_ratio_uses_the_assumed_ratio_argument():
    runs = synthetic_h1_h2(true_ratio=0.30, assumed_ratio=0.40, noise_log10=0.0)
    assert fits.fit_performance_ratio(runs, assumed_ratio=0.40)["fitted_ratio"] == pytest.approx(0.30)


def test_performance_ratio_excludes_divergent_runs_on_request_and_needs_three_runs():
    runs = synthetic_h1_h2(true_ratio=0.27, noise_log10=0.0, n=20)
    runs.loc[:4, "gpu_hours_h1"] *= 1000
    runs.loc[:4, "is_gpu_hours_divergent"] = True
    assert fits.fit_performance_ratio(runs, 0.27, exclude_divergent=True)["fitted_ratio"] == pytest.approx(0.27)
    assert fits.fit_performance_ratio(runs, 0.27)["fitted_ratio"] < 0.2
    few = fits.fit_performance_ratio(runs.head(2), 0.27)
    assert few["n"] == 2 and few["fitted_ratio"] is None
    assert fits.fit_performance_ratio(pd.DataFrame(), 0.27)["n"] == 0


def synthetic_cards(n: int = 60, seed: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    release = pd.Timestamp("2012-01-01") + pd.to_timedelta(rng.uniform(0, 13 * 365, n), unit="D")
    years = fits.decimal_year(pd.Series(release)) - 2012
    frame = pd.DataFrame({
        "gpu_card_id": [f"card_{i}" for i in range(n)],
        "release_date": release,
        "segment": rng.choice(["data_centre", "consumer", "workstation"], n),
    })
    for metric in fits.HARDWARE_METRICS:
        frame[metric] = 100 * 1.3 ** years * 10 ** rng.normal(0, 0.05, n)
    frame.loc[frame["segment"] == "consumer", "tensor_fp16_flops_per_w"] = np.nan
    return frame


def test_hardware_trends_one_row_per_segment_and_metric():
    cards = synthetic_cards()
    table = fits.run_hardware_trends(cards, start_year=2013, end_year=2025)
    assert len(table) == 2 * len(fits.HARDWARE_METRICS)
    assert not table.duplicated(["segment", "metric"]).any()
    for segment in ("all", "data_centre"):
        rows = table[table["segment"] == segment]
        assert list(rows["metric"]) == list(fits.HARDWARE_METRICS)
    everything = table[table["segment"] == "all"].set_index("metric")
    in_window = (cards["release_date"].dt.year >= 2013).sum()
    assert everything.loc["tdp_w", "n"] == in_window
    assert everything.loc["fp32_flops_per_w", "growth_factor_per_year"] == pytest.approx(1.3, rel=0.05)
    data_centre = table[table["segment"] == "data_centre"].set_index("metric")
    assert data_centre.loc["tdp_w", "n"] == ((cards["segment"] == "data_centre") & (cards["release_date"].dt.year >= 2013)).sum()


def test_scenario_trend_fits_one_row_per_scenario_and_metric():
    years = np.arange(2013, 2026)
    base = 1e3 * 3.0 ** (years - 2013)
    location = pd.concat([
        pd.DataFrame({"publication_year": years, "scenario": name, "run_count": 10,
                      "total_gwp_use_kgco2e": base * f * 0.8, "total_gwp_embodied_kgco2e": base * 0.2,
                      "total_gwp_total_kgco2e": base * (0.8 * f + 0.2), "median_gwp_total_kgco2e": base * (0.8 * f + 0.2) / 10})
        for name, f in (("baseline", 1.0), ("lowest_carbon_grid", 0.1))])
    decarbonization = pd.concat([
        pd.DataFrame({"publication_year": years, "annual_reduction_rate": r, "run_count": 10,
                      "total_gwp_use_kgco2e": base * (1 - r) ** (years - 2013), "total_gwp_embodied_kgco2e": 0.0,
                      "total_gwp_total_kgco2e": base * (1 - r) ** (years - 2013),
                      "median_gwp_total_kgco2e": base * (1 - r) ** (years - 2013) / 10})
        for r in (0.10, 0.25)])
    table = fits.run_scenario_trend_fits(location, decarbonization, None, None, start_year=2013, end_year=2025)
    assert not table.duplicated(["family", "scenario", "metric"]).any()
    assert set(table["family"]) == {"location_shifting", "grid_decarbonization"}
    decarb = table[(table["family"] == "grid_decarbonization") & (table["metric"] == "total_gwp_total_kgco2e")]
    assert sorted(decarb["growth_factor_per_year"].round(6)) == pytest.approx([3.0 * 0.75, 3.0 * 0.9])
    assert set(decarb["annual_reduction_rate"]) == {0.10, 0.25}
    # embodied totals of 0 cannot be fitted in log space: a row with n = 0, no exception
    embodied = table[(table["family"] == "grid_decarbonization") & (table["metric"] == "total_gwp_embodied_kgco2e")]
    assert (embodied["n"] == 0).all()
    assert fits.run_scenario_trend_fits(None, None, None, None, start_year=2013, end_year=2025).empty


def test_the_sql_decimal_year_is_the_fits_decimal_year():
    """The Monte Carlo's growth factors (SQL, macros/decimal_year.sql) and rpt_trend_fits
    (fits.decimal_year) fit on the same x: the macro's expression, run by DuckDB, gives exactly
    fits' decimal years over 26 years of dates, leap days and century years included."""
    import duckdb

    from training_impacts.warehouse import project_root

    macro = (project_root() / "macros" / "decimal_year.sql").read_text(encoding="utf-8")
    expression = macro.split("{% macro decimal_year(date) -%}", 1)[1].split("{%- endmacro", 1)[0]
    dates = pd.date_range("1999-12-25", "2026-03-05", freq="7D").append(
        pd.to_datetime(["2000-02-29", "2000-12-31", "1900-03-01", "2100-12-31", "2020-07-02"]))
    sql = f"select {expression.replace('{{ date }}', 'd')} as x from (select unnest(?::date[]) as d)"
    in_sql = duckdb.connect().execute(sql, [list(dates.date)]).df()["x"].to_numpy(dtype=float)
    assert in_sql[-1] == 2020.5  # 2020-07-02: 183 of leap 2020's 366 days
    np.testing.assert_array_equal(in_sql, fits.decimal_year(pd.Series(dates)))
