-- Grid decarbonisation (docs/method.md section 5): every estimated run's use-phase GWP if grid
-- carbon intensity had fallen by `annual_reduction_rate` a year since
-- var grid_decarbonization_reference_year:
--     factor(year) = factor x (1 - rate) ^ max(0, year - reference year)
-- for each rate of var grid_decarbonization_rates (0 = the baseline). ADPe, PE and embodied
-- impacts are unchanged: the scenario is about carbon.
-- Under var method_profile; the SQL is macros/scenarios/scenario_grid_decarbonization_runs.sql (the by-year
-- table runs it over every profile).
{{ scenario_grid_decarbonization_runs(ref('fct_training_run_impacts')) }}
