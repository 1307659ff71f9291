-- Location shifting (docs/method.md section 5): every estimated run under three scenarios.
--   baseline            as in fct_training_run_impacts
--   lowest_carbon_grid  trained on the lowest-GWP grid of var location_shifting_candidate_grids
--   grid_<ISO3>         trained on the grid of var location_shifting_named_grid
-- A run moves only if the target grid's GWP factor is lower than its own (is_shifted), so
-- use-phase GWP never rises; a moved run takes the target's ADPe and PE factors too. Embodied
-- impacts do not move.
-- Under var method_profile; the SQL is macros/scenarios/scenario_location_shifting_runs.sql (the by-year
-- table runs it over every profile).
{{ scenario_location_shifting_runs(ref('fct_training_run_impacts')) }}
