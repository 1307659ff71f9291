-- One row per accelerator of every vendor: specifications, production (embodied) impacts per
-- chip, and for the specs the method uses whether each is published or estimated. NVIDIA rows
-- are dim_gpu_cards' cards (published specs from their row's source, except the die areas NVIDIA
-- has not published, which the catalogue estimates); the other vendors' rows document every spec
-- in accelerator_spec_sources.

with catalogue as (
    select * from {{ ref('int_accelerators__catalogue') }}
),

embodied as (
    select * from {{ ref('int_gpu_cards__embodied_impacts') }}
),

spec_sources as (
    select * from {{ ref('stg_hardware__accelerator_spec_sources') }}
),

-- per chip: the status of each spec the method reads, and every estimate with its rule
spec_status as (
    select
        accelerator_id,
        {%- for spec in ['die_area_mm2', 'memory_gb', 'tdp_w', 'tensor_fp16_tflops', 'process_node_nm'] %}
        max(case when spec = '{{ spec }}' then spec_status end)                     as {{ spec }}_status,
        {%- endfor %}
        {{ dbt.listagg("case when spec_status = 'estimated' and spec_value is not null then spec end", "', '", "order by spec") }}
                                                                                    as estimated_specs,
        {{ dbt.listagg("case when spec_status = 'estimated' and spec_value is not null then spec || ': ' || coalesce(estimation_rule, '') end", "' | '", "order by spec") }}
                                                                                    as estimation_rules
    from spec_sources
    group by accelerator_id
)

select
    catalogue.accelerator_id,
    catalogue.accelerator_name,
    catalogue.vendor,
    catalogue.family,
    catalogue.release_date,
    cast(extract(year from catalogue.release_date) as integer)                      as release_year,
    catalogue.dies_per_package,
    catalogue.die_area_mm2_per_die,
    catalogue.die_area_mm2,
    catalogue.process_node_nm,
    catalogue.memory_gb,
    catalogue.memory_type,
    catalogue.tdp_w,
    catalogue.fp32_flops,
    catalogue.tf32_flops,
    catalogue.tensor_fp16_flops,
    catalogue.fp8_flops,
    catalogue.int8_ops,
    embodied.die_factor_model,
    embodied.gwp_embodied_kgco2e,
    embodied.adpe_embodied_kgsbeq,
    embodied.pe_embodied_mj,
    catalogue.die_area_status,
    coalesce(spec_status.memory_gb_status, 'published')                             as memory_status,
    coalesce(spec_status.tdp_w_status, 'published')                                 as tdp_status,
    coalesce(spec_status.tensor_fp16_tflops_status, 'published')                    as peak_flops_status,
    coalesce(spec_status.process_node_nm_status, 'published')                       as process_node_status,
    spec_status.estimated_specs,
    spec_status.estimation_rules,
    catalogue.source,
    catalogue.source_note
from catalogue
left join embodied on catalogue.accelerator_id = embodied.gpu_card_id
left join spec_status on catalogue.accelerator_id = spec_status.accelerator_id
