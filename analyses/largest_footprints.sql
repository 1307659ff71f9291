-- The ten largest carbon footprints, with how much of each is embodied.
select
    model_name,
    organization,
    publication_year,
    gpu_card_id,
    gpu_hours,
    round(gwp_total_kgco2e / 1000, 1)        as gwp_total_tco2e,
    round(100 * gwp_embodied_share, 1)       as gwp_embodied_pct
from {{ ref('fct_training_run_impacts') }}
order by gwp_total_kgco2e desc
limit 10
