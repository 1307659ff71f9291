-- How the median run grows year by year, and the embodied share of each criterion, in each
-- analysis scope (paper: Morand et al. 2025's NVIDIA runs; named_hardware: plus TPUs and others),
-- under the build's method profile (the table holds every compared profile).
select
    analysis_scope,
    publication_year,
    estimated_run_count,
    median_energy_kwh,
    median_gwp_total_kgco2e,
    gwp_embodied_share,
    adpe_embodied_share,
    pe_embodied_share
from {{ ref('agg_impacts_by_year') }}
where method_profile = '{{ var("method_profile") }}'
order by analysis_scope, publication_year
