-- The GPU catalogue, typed; peak throughput turned from the seed's TFLOP/s into FLOP/s.
select
    gpu_card_id,
    card_name,
    architecture,
    cast(release_date as date)                          as release_date,
    segment,
    form_factor,
    {{ chip_spec_columns() }}
    source,
    source_note
from {{ ref('gpu_cards') }}
