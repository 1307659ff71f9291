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
    cast(die_area_mm2 as double)                        as die_area_mm2,
    cast(process_node_nm as integer)                    as process_node_nm,
    cast(memory_gb as double)                           as memory_gb,
    memory_type,
    cast(tdp_w as double)                               as tdp_w,
    cast(fp32_tflops as double) * 1e12                  as fp32_flops,
    cast(tf32_tflops as double) * 1e12                  as tf32_flops,
    cast(tensor_fp16_tflops as double) * 1e12           as tensor_fp16_flops,
    cast(fp8_tflops as double) * 1e12                   as fp8_flops,
    cast(int8_tops as double) * 1e12                    as int8_ops,
    source,
    source_note
from {{ ref('accelerators') }}
