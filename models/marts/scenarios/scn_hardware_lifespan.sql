-- Hardware lifespan (docs/method.md section 5): every estimated run's embodied impacts amortised
-- over each lifetime of var lifespan_scenario_years and each utilization of
-- var lifespan_scenario_utilizations. Allocation is inversely proportional to lifetime x
-- utilization, so the run's embodied impact at (L, U) is its baseline embodied impact x
-- (hardware_lifetime_years x hardware_utilization) / (L x U). Use-phase impacts do not change.
-- Under var method_profile; the SQL is macros/scenarios/scenario_hardware_lifespan_runs.sql (the by-year
-- table runs it over every profile).
{{ scenario_hardware_lifespan_runs(ref('fct_training_run_impacts')) }}
