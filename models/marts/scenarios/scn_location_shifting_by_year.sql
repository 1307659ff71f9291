{{ config(materialized='table') }}
-- scn_location_shifting per method profile (every profile the build estimates Epoch's runs under), analysis scope (the scopes nest: macros/analysis_scopes.sql), publication year (Epoch runs) and scenario.
select
    runs.method_profile,
    scopes.scope                                as analysis_scope,
    runs.publication_year,
    runs.scenario,
    cast(count(*) as bigint)                                    as run_count,
    cast(sum(case when runs.is_shifted then 1 else 0 end) as bigint) as shifted_run_count,
    sum(runs.gwp_use_kgco2e)                                    as total_gwp_use_kgco2e,
    sum(runs.gwp_embodied_kgco2e)                               as total_gwp_embodied_kgco2e,
    sum(runs.gwp_total_kgco2e)                                  as total_gwp_total_kgco2e,
    {{ median('runs.gwp_total_kgco2e') }}                       as median_gwp_total_kgco2e,
    sum(runs.adpe_total_kgsbeq)                                 as total_adpe_total_kgsbeq,
    sum(runs.pe_total_mj)                                       as total_pe_total_mj
from ({{ scenario_location_shifting_runs(ref('int_training_runs__epoch_impacts')) }}) as runs
{{ join_analysis_scopes('runs') }}
where runs.run_source = 'epoch'  -- the study population; custom jobs are in scn_location_shifting
group by runs.method_profile, scopes.scope, runs.publication_year, runs.scenario
