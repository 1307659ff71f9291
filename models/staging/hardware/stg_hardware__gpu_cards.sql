-- The GPU catalogue, typed; peak throughput turned from the seed's TFLOP/s into FLOP/s.
select
    gpu_card_id,
    card_name,
    architecture,
    cast(release_date as date)                          as release_date,
    segment,
    form_factor,
    cast(die_area_mm2 as double)                        as die_area_mm2,
    cast(process_node_nm as integer)                    as process_node_nm,
    cast(memory_gb as double)                           as memory_gb,
    memory_type,
    cast(tdp_w as double)                               as tdp_w,
    cast(fp32_tflops as double) * 1e12                  as fp32_flops,
    cast(tf32_tflops as double) * 1e12                  as tf32_flops,
    cast(tensor_fp16_tflops as double) * 1e12           as tensor_fp16_flops,
    cast(fp8_tflops as double) * 1e12                   as fp8_flops,
    source,
    source_note
from {{ ref('gpu_cards') }}
