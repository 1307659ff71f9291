-- Published production GWP of accelerators, per chip: validation only (never an input of a model
-- that computes impacts).
select
    accelerator_id,
    figure,
    gwp_kgco2e / chips_covered                          as published_gwp_kgco2e_per_chip,
    chips_covered,
    scope,
    source,
    source_location,
    confidence,
    note
from {{ ref('published_accelerator_footprints') }}
