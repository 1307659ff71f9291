{{ config(materialized='table') }}
-- scn_hardware_lifespan per publication year (Epoch runs), lifetime and utilization.
select
    publication_year,
    hardware_lifetime_years,
    hardware_utilization,
    cast(count(*) as bigint)                        as run_count,
    sum(gwp_embodied_kgco2e)                        as total_gwp_embodied_kgco2e,
    sum(gwp_total_kgco2e)                           as total_gwp_total_kgco2e,
    sum(gwp_embodied_kgco2e) / nullif(sum(gwp_total_kgco2e), 0) as gwp_embodied_share,
    sum(adpe_embodied_kgsbeq)                       as total_adpe_embodied_kgsbeq,
    sum(adpe_total_kgsbeq)                          as total_adpe_total_kgsbeq,
    {{ median('gwp_total_kgco2e') }}                as median_gwp_total_kgco2e
from {{ ref('scn_hardware_lifespan') }}
where run_source = 'epoch'  -- the study population; custom jobs are in scn_hardware_lifespan
group by publication_year, hardware_lifetime_years, hardware_utilization
