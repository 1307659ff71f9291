"""Trend fits of the scenario series (location shifting, grid decarbonisation, hardware lifespan)
per year, method profile and analysis scope, to set each scenario's growth against the
baseline's: python/training_impacts/fits/."""

from training_impacts.fits import per_method_profile, run_scenario_trend_fits_by_scope


def model(dbt, session):
    dbt.config(materialized="table")
    scopes = dbt.config.get("analysis_scopes")
    start_year, end_year = int(dbt.config.get("start_year")), int(dbt.config.get("end_year"))
    return per_method_profile(
        lambda **tables: run_scenario_trend_fits_by_scope(
            scopes, start_year=start_year, end_year=end_year,
            **tables),
        location_shifting=dbt.ref("scn_location_shifting_by_year").df(),
        grid_decarbonization=dbt.ref("scn_grid_decarbonization_by_year").df(),
        hardware_lifespan=dbt.ref("scn_hardware_lifespan_by_year").df(),
        baseline_by_year=dbt.ref("agg_impacts_by_year").df(),
    )
