-- Every accelerator the warehouse knows, in one shape: the NVIDIA cards of gpu_cards (their
-- gpu_card_id is their accelerator_id) and the other vendors' chips of accelerators. The NVIDIA
-- catalogue records a board's or package's total die area, not its dies, so dies_per_package
-- and die_area_mm2_per_die are null there. die_area_status says whether the die area is
-- published or estimated: for the other vendors from accelerator_spec_sources, for NVIDIA from
-- the catalogue's note ("Die area ESTIMATE", the Blackwell packages). The Monte Carlo gives an
-- estimated die area a wider range (parameter estimated_die_area_scale).

{%- set columns = ['accelerator_id', 'accelerator_name', 'vendor', 'family', 'release_date', 'dies_per_package',
                   'die_area_mm2_per_die', 'die_area_mm2', 'process_node_nm', 'memory_gb', 'memory_type', 'tdp_w',
                   'fp32_flops', 'tf32_flops', 'tensor_fp16_flops', 'fp8_flops', 'int8_ops', 'die_area_status',
                   'source', 'source_note'] %}

-- the NVIDIA cards in the catalogue's shape, column for column in the order of `columns`
with nvidia as (
    select
        gpu_card_id                                     as accelerator_id,
        card_name                                       as accelerator_name,
        'NVIDIA'                                        as vendor,
        architecture                                    as family,
        release_date,
        cast(null as integer)                           as dies_per_package,
        cast(null as double)                            as die_area_mm2_per_die,
        die_area_mm2,
        process_node_nm,
        memory_gb,
        memory_type,
        tdp_w,
        fp32_flops,
        tf32_flops,
        tensor_fp16_flops,
        fp8_flops,
        cast(null as double)                            as int8_ops,
        case when lower(source_note) like '%die area estimate%' then 'estimated' else 'published' end as die_area_status,
        source,
        source_note
    from {{ ref('stg_hardware__gpu_cards') }}
)

select {{ columns | join(', ') }} from nvidia
union all
select {{ columns | join(', ') }} from (
    select
        accelerators.*,
        coalesce(spec_sources.spec_status, 'published')  as die_area_status
    from {{ ref('stg_hardware__accelerators') }} as accelerators
    left join {{ ref('stg_hardware__accelerator_spec_sources') }} as spec_sources
        on accelerators.accelerator_id = spec_sources.accelerator_id and spec_sources.spec = 'die_area_mm2'
) as other_vendors
