-- Where each spec of a non-NVIDIA accelerator comes from, and whether it is estimated.
select
    accelerator_id,
    spec,
    nullif(trim(value), '')                             as spec_value,
    status                                              as spec_status,
    source                                              as spec_source,
    nullif(trim(estimation_rule), '')                   as estimation_rule,
    confidence
from {{ ref('accelerator_spec_sources') }}
