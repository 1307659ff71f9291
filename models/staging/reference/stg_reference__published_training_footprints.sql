-- Published GPU-hours, energy and CO2e of training runs: validation only (read by
-- rpt_validation_published_footprints, never by a model that computes an impact).
select
    trim(model)                                         as model_name,
    publication_date,
    published_hardware,
    published_gpu_hours,
    gpu_hours_basis,
    published_energy_kwh,
    published_gwp_kgco2e,
    gwp_basis,
    gwp_scope,
    training_scope,
    source,
    source_location,
    quote,
    confidence,
    note
from {{ ref('published_training_footprints') }}
