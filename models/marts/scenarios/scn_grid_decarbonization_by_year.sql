{{ config(materialized='table') }}
-- scn_grid_decarbonization per method profile (every profile the build estimates Epoch's runs under), analysis scope (the scopes nest: macros/analysis_scopes.sql), publication year (Epoch runs) and rate.
select
    runs.method_profile,
    scopes.scope                                as analysis_scope,
    runs.publication_year,
    runs.annual_reduction_rate,
    cast(count(*) as bigint)                    as run_count,
    sum(runs.gwp_use_kgco2e)                    as total_gwp_use_kgco2e,
    sum(runs.gwp_embodied_kgco2e)               as total_gwp_embodied_kgco2e,
    sum(runs.gwp_total_kgco2e)                  as total_gwp_total_kgco2e,
    {{ median('runs.gwp_total_kgco2e') }}       as median_gwp_total_kgco2e
from ({{ scenario_grid_decarbonization_runs(ref('int_training_runs__epoch_impacts')) }}) as runs
{{ join_analysis_scopes('runs') }}
where runs.run_source = 'epoch'  -- the study population; custom jobs are in scn_grid_decarbonization
group by runs.method_profile, scopes.scope, runs.publication_year, runs.annual_reduction_rate
