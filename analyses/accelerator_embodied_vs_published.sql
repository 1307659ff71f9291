-- Production GWP per chip: the warehouse's (MLCA's bottom-up formula, dim_accelerators) against
-- the figures vendors and studies published (seed published_accelerator_footprints). A ratio far
-- from 1 says how much the formula, with its memory density and die factor, misses for that chip;
-- check `scope` and `confidence` before reading one (confidence L: known only through a secondary
-- report, scope unconfirmed). Validation only: no model reads the published figures.
select
    published.accelerator_id,
    chips.accelerator_name,
    chips.die_area_mm2,
    chips.die_area_status,
    chips.memory_gb,
    round(chips.gwp_embodied_kgco2e, 1)                                         as warehouse_gwp_kgco2e_per_chip,
    round(published.published_gwp_kgco2e_per_chip, 1)                          as published_gwp_kgco2e_per_chip,
    round(chips.gwp_embodied_kgco2e / published.published_gwp_kgco2e_per_chip, 2) as warehouse_to_published,
    published.figure,
    published.scope,
    published.confidence,
    published.source
from {{ ref('stg_reference__published_accelerator_footprints') }} as published
inner join {{ ref('dim_accelerators') }} as chips
    on published.accelerator_id = chips.accelerator_id
order by published.accelerator_id, published.published_gwp_kgco2e_per_chip
