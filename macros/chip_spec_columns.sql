{#- The specs every catalogue chip has (NVIDIA's cards and the other vendors' accelerators),
    typed, peak throughput turned from the seeds' TFLOP/s into FLOP/s: the select list both
    hardware staging models share (each followed by a comma). -#}
{% macro chip_spec_columns() -%}
    cast(die_area_mm2 as double)                        as die_area_mm2,
    cast(process_node_nm as integer)                    as process_node_nm,
    cast(memory_gb as double)                           as memory_gb,
    memory_type,
    cast(tdp_w as double)                               as tdp_w,
    {%- for peak in ['fp32', 'tf32', 'tensor_fp16', 'fp8'] %}
    cast({{ peak }}_tflops as double) * 1e12                  as {{ peak }}_flops,
    {%- endfor %}
{%- endmacro %}
