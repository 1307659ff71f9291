-- The non-NVIDIA accelerator catalogue, typed; peak throughput turned from the seed's T(FL)OP/s
-- into (FL)OP/s, as stg_hardware__gpu_cards does.
select
    accelerator_id,
    accelerator_name,
    vendor,
    family,
    cast(release_date as date)                          as release_date,
    cast(dies_per_package as integer)                   as dies_per_package,
    cast(die_area_mm2_per_die as double)                as die_area_mm2_per_die,
    {{ chip_spec_columns() }}
    cast(int8_tops as double) * 1e12                    as int8_ops,
    source,
    source_note
from {{ ref('accelerators') }}
