"""Exponential trend fits of each run's impacts against publication date (statsmodels OLS of
log10(value) on decimal year), per method profile and analysis scope: growth factor a year with
its 95 % interval, doubling time, R2, n.
The fitting code is python/training_impacts/fits/; the report and BI tools read this table."""

from training_impacts.fits import per_method_profile, run_trend_fits_by_scope


def model(dbt, session):
    dbt.config(materialized="table")
    scopes = dbt.config.get("analysis_scopes")
    start_year, end_year = int(dbt.config.get("start_year")), int(dbt.config.get("end_year"))
    # the study population: Epoch AI's runs (custom jobs have their own dates and scale), under
    # every profile the build estimates them under (the report sets the profiles side by side)
    runs = dbt.ref("int_training_runs__epoch_impacts").filter("run_source = 'epoch'").df()
    # one set of fits per analysis scope (paper, named_hardware, with_imputed: they nest)
    return per_method_profile(
        lambda runs: run_trend_fits_by_scope(runs, scopes, start_year=start_year, end_year=end_year),
        runs=runs)
