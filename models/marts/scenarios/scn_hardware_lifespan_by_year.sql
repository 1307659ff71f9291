{{ config(materialized='table') }}
-- scn_hardware_lifespan per method profile (every profile the build estimates Epoch's runs under), analysis scope (the scopes nest: macros/analysis_scopes.sql), publication year (Epoch runs), lifetime and utilization.
select
    runs.method_profile,
    scopes.scope                                as analysis_scope,
    runs.publication_year,
    runs.hardware_lifetime_years,
    runs.hardware_utilization,
    cast(count(*) as bigint)                        as run_count,
    sum(runs.gwp_embodied_kgco2e)                   as total_gwp_embodied_kgco2e,
    sum(runs.gwp_total_kgco2e)                      as total_gwp_total_kgco2e,
    sum(runs.gwp_embodied_kgco2e) / nullif(sum(runs.gwp_total_kgco2e), 0) as gwp_embodied_share,
    sum(runs.adpe_embodied_kgsbeq)                  as total_adpe_embodied_kgsbeq,
    sum(runs.adpe_total_kgsbeq)                     as total_adpe_total_kgsbeq,
    {{ median('runs.gwp_total_kgco2e') }}           as median_gwp_total_kgco2e
from ({{ scenario_hardware_lifespan_runs(ref('int_training_runs__epoch_impacts')) }}) as runs
{{ join_analysis_scopes('runs') }}
where runs.run_source = 'epoch'  -- the study population; custom jobs are in scn_hardware_lifespan
group by runs.method_profile, scopes.scope, runs.publication_year, runs.hardware_lifetime_years, runs.hardware_utilization
